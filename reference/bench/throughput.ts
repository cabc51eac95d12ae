// Throughput of the reference between two workers, beside MessageChannel, measured in
// one process run (perf-anchors.md: compare ratios taken in the same run).
//
//   npx tsx reference/bench/throughput.ts [--json] [--quick]

import { MessageChannel, type Worker } from 'node:worker_threads';
import { channel, spawn, syncChannel, type Receiver, type Sender } from '../index.ts';

const bootstrap = new URL('../test-support/bootstrap.mjs', import.meta.url);
const entry = new URL('./bench.worker.ts', import.meta.url).href;

export interface BenchRow {
  impl: string;
  flavor: string;
  payload: string;
  messages: number;
  seconds: number;
  messagesPerSecond: number;
}

function once(w: Worker): Promise<{ n?: number; seconds?: number }> {
  return new Promise((res, rej) => {
    w.once('message', res);
    w.once('error', rej);
  });
}

async function pair(jobs: [object, object], transfer: [unknown[], unknown[]] = [[], []]): Promise<number> {
  const start = new Int32Array(new SharedArrayBuffer(8));
  const ws = [spawn(bootstrap, { workerData: { entry } }), spawn(bootstrap, { workerData: { entry } })];
  const done = ws.map(once);
  ws.forEach((w, i) => w.postMessage({ ...jobs[i], start: start.buffer }, transfer[i] as never));
  while (Atomics.load(start, 1) < 2) await new Promise((r) => setTimeout(r, 5));
  Atomics.store(start, 0, 1);
  Atomics.notify(start, 0);
  const [, c] = await Promise.all(done);
  await Promise.all(ws.map((w) => w.terminate()));
  return c.seconds!;
}

async function reference(flavor: string, make: () => [Sender<unknown>, Receiver<unknown>], payload: string, messages: number, spin: number): Promise<BenchRow> {
  const [tx, rx] = make();
  const seconds = await pair([
    { role: 'producer', handle: tx.transfer(), messages, payload, spin },
    { role: 'consumer', handle: rx.transfer(), messages, payload, spin },
  ]);
  return { impl: spin > 0 ? 'syncspec-reference' : 'syncspec-reference (no spin)', flavor, payload, messages, seconds, messagesPerSecond: messages / seconds };
}

async function messageChannel(payload: string, messages: number): Promise<BenchRow> {
  const { port1, port2 } = new MessageChannel();
  const seconds = await pair(
    [
      { role: 'pm-producer', port: port1, messages, payload, spin: 0 },
      { role: 'pm-consumer', port: port2, messages, payload, spin: 0 },
    ],
    [[port1], [port2]],
  );
  return { impl: 'MessageChannel', flavor: 'unbounded', payload, messages, seconds, messagesPerSecond: messages / seconds };
}

export async function runBench(quick = false, spin = 1000): Promise<BenchRow[]> {
  const k = quick ? 0.1 : 1;
  const rows: BenchRow[] = [];
  const N = Math.round(5_000_000 * k);
  const n = Math.round(200_000 * k);
  rows.push(await reference('bounded(1024)', () => syncChannel(1024), 'number', N, spin));
  rows.push(await reference('unbounded', () => channel(), 'number', N, spin));
  rows.push(await reference('bounded(1)', () => syncChannel(1), 'number', n, spin));
  rows.push(await reference('rendezvous', () => syncChannel(0), 'number', n, spin));
  rows.push(await reference('bounded(1)', () => syncChannel(1), 'number', Math.round(n / 10), 0));
  rows.push(await reference('rendezvous', () => syncChannel(0), 'number', Math.round(n / 10), 0));
  rows.push(await reference('bounded(1024)', () => syncChannel(1024), 'string', n * 2, spin));
  rows.push(await reference('bounded(1024)', () => syncChannel(1024), 'object', n, spin));
  rows.push(await messageChannel('number', n * 2));
  rows.push(await messageChannel('object', n));
  return rows;
}

const isMain = import.meta.url === new URL(process.argv[1], 'file:').href || process.argv[1]?.endsWith('throughput.ts');
if (isMain) {
  const spinArg = process.argv.find((a) => a.startsWith('--spin='));
  const rows = await runBench(process.argv.includes('--quick'), spinArg ? Number(spinArg.slice(7)) : 1000);
  if (process.argv.includes('--json')) console.log(JSON.stringify({ results: rows }, null, 2));
  else for (const r of rows) console.log(`${r.impl.padEnd(30)} ${r.flavor.padEnd(14)} ${r.payload.padEnd(7)} ${(r.messagesPerSecond / 1e6).toFixed(2).padStart(8)} M msg/s  (${r.messages} in ${r.seconds.toFixed(3)} s)`);
}

// Throughput of the reference beside its alternatives — Node's MessageChannel and, where
// cargo is present, Rust's std::sync::mpsc (rust/) — every row measured in one process
// run, interleaved, so that ratios hold on a noisy machine (perf-anchors.md). This is
// the measuring code of `syncspec bench` (conformance/cli/commands/bench.ts), which is
// how to run it: `syncspec bench [--json] [--quick] [--case TEXT] [--no-rust] ...`.
//
// Each JavaScript measurement runs a producer and a consumer in two fresh workers
// (bench.worker.ts); each Rust one runs the Rust program once (producer thread -> main
// thread). Both warm up untimed on a quarter of the messages, then the consumer times
// the rest. With several rounds, every row reports its median round.

import { availableParallelism, loadavg } from 'node:os';
import { MessageChannel, type Worker } from 'node:worker_threads';
import { channel, spawn, syncChannel, type Receiver, type Sender } from '../index.ts';
import type { Job, JobDone, Payload } from './bench.worker.ts';
import { BenchUsageError, IMPL, type BenchCase, type BenchResult, type BenchRow } from './rows.ts';
import { measureRust, prepareRust } from './rust.ts';

export { BenchUsageError, IMPL, type BenchCase, type BenchResult, type BenchRow, type Payload };

const bootstrap = new URL('./bootstrap.mjs', import.meta.url);
/** A measurement that takes longer than this is stuck (the slowest takes seconds, under load tens). */
const WATCHDOG_MS = 300_000;

export interface BenchOptions {
  /** A tenth of the messages, one round: seconds instead of a minute. */
  readonly quick?: boolean;
  /** Spin iterations before parking, for the reference's spinning rows (default 1000). */
  readonly spin?: number;
  /** Rounds of every measurement; each row reports its median (default 3, 1 with `quick`). */
  readonly rounds?: number;
  /** Only the cases whose name contains one of these (`rendezvous`, `strings`); default every case. */
  readonly only?: readonly string[];
  /** Measure Rust's std::sync::mpsc when cargo is present (default true). */
  readonly rust?: boolean;
  /** Called before each measurement, with its place in the run. */
  readonly onProgress?: (progress: { readonly done: number; readonly total: number; readonly round: number; readonly impl: string; readonly flavor: string; readonly payload: string }) => void;
  /** Things worth saying on stderr: a Rust build, why Rust is skipped. */
  readonly onNote?: (message: string) => void;
}

interface Plan {
  readonly case: BenchCase;
  readonly impl: string;
  readonly flavor: string;
  readonly messages: number;
  readonly measure: () => Promise<number>;
}

function once(w: Worker): Promise<JobDone> {
  return new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`bench worker exited (${code}) before reporting`)));
  });
}

/** Runs jobs in fresh workers, one each, released together; resolves to the seconds the timing job (the last) reports. */
async function workers(jobs: Omit<Job, 'start'>[], transfer: unknown[][], noHookCheck: boolean): Promise<number> {
  const start = new Int32Array(new SharedArrayBuffer(8));
  const ws = jobs.map(() => spawn(bootstrap, { workerData: { noHookCheck } }));
  try {
    const done = ws.map(once);
    ws.forEach((w, i) => w.postMessage({ ...jobs[i], start: start.buffer }, transfer[i] as never));
    // Startup failures (a module that does not load) surface here rather than as a hang.
    const failed = Promise.race(done).then(
      () => new Promise<never>(() => {}),
      (e: unknown) => Promise.reject(e),
    );
    const ready = (async () => {
      while (Atomics.load(start, 1) < jobs.length) await new Promise((r) => setTimeout(r, 5));
    })();
    await Promise.race([ready, failed]);
    Atomics.store(start, 0, 1);
    Atomics.notify(start, 0);
    let timer: NodeJS.Timeout | undefined;
    const watchdog = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`a bench measurement (${jobs.map((j) => j.role).join(', ')}) took over ${WATCHDOG_MS / 1000} s: stuck`)), WATCHDOG_MS);
    });
    const results = await Promise.race([Promise.all(done), watchdog]).finally(() => clearTimeout(timer));
    for (const r of results) {
      if (r.hookCheck === noHookCheck) throw new Error(`bench worker ran the reference ${r.hookCheck ? 'with' : 'without'} the schedule-hook check, not as asked`);
    }
    return results[results.length - 1].seconds!;
  } finally {
    await Promise.all(ws.map((w) => w.terminate()));
  }
}

function reference(make: () => [Sender<unknown>, Receiver<unknown>], payload: Payload, messages: number, spin: number, noHookCheck = false): () => Promise<number> {
  return () => {
    const [tx, rx] = make();
    const common = { messages, payload, spin };
    return workers(
      [
        { role: 'producer', handle: tx.transfer(), ...common },
        { role: 'consumer', handle: rx.transfer(), ...common },
      ],
      [[], []],
      noHookCheck,
    );
  };
}

function oneThread(capacity: number, payload: Payload, messages: number, noHookCheck = false): () => Promise<number> {
  return () => {
    const [tx, rx] = syncChannel<unknown>(capacity);
    return workers([{ role: 'one-thread', handle: tx.transfer(), receiver: rx.transfer(), batch: capacity, messages, payload, spin: 0 }], [[]], noHookCheck);
  };
}

function messageChannel(payload: Payload, messages: number): () => Promise<number> {
  return () => {
    const { port1, port2 } = new MessageChannel();
    const common = { messages, payload, spin: 0 };
    return workers(
      [
        { role: 'pm-producer', port: port1, ...common },
        { role: 'pm-consumer', port: port2, ...common },
      ],
      [[port1], [port2]],
      false,
    );
  };
}

function channelOf(flavor: string): () => [Sender<unknown>, Receiver<unknown>] {
  if (flavor === 'unbounded') return () => channel();
  if (flavor === 'rendezvous') return () => syncChannel(0);
  const capacity = Number(/^bounded\((\d+)\)$/.exec(flavor)?.[1]);
  return () => syncChannel(capacity);
}

function plan(quick: boolean, spin: number, rustBinary: string | null): Plan[] {
  const k = quick ? 0.1 : 1;
  const N = Math.round(5_000_000 * k); // large buffers, numbers
  const n = Math.round(200_000 * k); // structured values
  const spun = Math.round(100_000 * k); // capacity 1 and rendezvous with spinning (1M/s, or 40K/s when the spin loses)
  const slow = Math.round(20_000 * k); // parking on every message (about 30K/s here)
  const rustSlow = Math.round(100_000 * k); // Rust's capacity 1 and rendezvous park too (about 60-150K/s)
  const plans: Plan[] = [];
  const add = (c: BenchCase, impl: string, messages: number, measure: () => Promise<number>, flavor = c.flavor) => plans.push({ case: c, impl, flavor, messages, measure });
  const cases: [BenchCase, number][] = [
    [{ name: 'bounded(1024) numbers', flavor: 'bounded(1024)', payload: 'number' }, N],
    [{ name: 'unbounded numbers', flavor: 'unbounded', payload: 'number' }, N],
    [{ name: 'bounded(1) numbers', flavor: 'bounded(1)', payload: 'number' }, spun],
    [{ name: 'rendezvous round trips', flavor: 'rendezvous', payload: 'number' }, spun],
    [{ name: 'bounded(1024) 20-char strings', flavor: 'bounded(1024)', payload: 'string' }, 2 * n],
    [{ name: 'bounded(1024) {id, payload} objects', flavor: 'bounded(1024)', payload: 'object' }, n],
  ];
  // The schedule hooks' cost, with the least noise: both ends in one thread, no waiting.
  const solo: BenchCase = { name: 'one thread, try_send + try_recv', flavor: 'bounded(1024), one thread', payload: 'number' };
  add(solo, IMPL.reference, N, oneThread(1024, 'number', N));
  add(solo, IMPL.noHookCheck, N, oneThread(1024, 'number', N, true));
  for (const [c, messages] of cases) {
    const make = channelOf(c.flavor);
    const parks = c.flavor === 'bounded(1)' || c.flavor === 'rendezvous';
    add(c, IMPL.reference, messages, reference(make, c.payload, messages, spin));
    if (c.payload === 'number') add(c, IMPL.noHookCheck, messages, reference(make, c.payload, messages, spin, true));
    if (parks) add(c, IMPL.noSpin, slow, reference(make, c.payload, slow, 0));
    if (c.flavor === 'unbounded' || c.payload !== 'number') {
      const m = Math.min(messages, 2 * n); // about 1-2M/s: fewer, or it alone would take seconds per round
      add(c, IMPL.messageChannel, m, messageChannel(c.payload, m), 'unbounded');
    }
    if (rustBinary !== null) {
      const m = parks ? rustSlow : messages;
      add(c, IMPL.rust, m, () => measureRust(rustBinary, c.flavor, c.payload, m));
    }
  }
  return plans;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Measures every row, `rounds` times, interleaved (round by round; within a case the order rotates per round). */
export async function runBench(options: BenchOptions = {}): Promise<BenchResult> {
  const loadStart = loadavg()[0];
  const quick = options.quick ?? false;
  const rounds = options.rounds ?? (quick ? 1 : 5);
  const spin = options.spin ?? 1000;
  const only = options.only;
  const wanted = (p: Plan) => only === undefined || only.some((o) => p.case.name.includes(o));
  if (!plan(quick, spin, null).some(wanted)) {
    const names = [...new Set(plan(quick, spin, null).map((p) => p.case.name))];
    throw new BenchUsageError(`no bench case matches ${only!.map((o) => JSON.stringify(o)).join(', ')} (the cases: ${names.join('; ')})`);
  }
  let rustBinary: string | null = null;
  let rustSkipped: string | undefined;
  if (options.rust === false) rustSkipped = 'not asked for (--no-rust)';
  else if (!plan(quick, spin, 'rust').filter(wanted).some((p) => p.impl === IMPL.rust)) rustSkipped = 'none in the cases asked for';
  else {
    const build = await prepareRust(options.onNote);
    if (build.ok) rustBinary = build.binary;
    else {
      rustSkipped = build.reason;
      options.onNote?.(`no Rust rows: ${build.reason}`);
    }
  }
  const plans = plan(quick, spin, rustBinary).filter(wanted);
  const caseNames = [...new Set(plans.map((p) => p.case.name))];
  const seconds: number[][] = plans.map(() => []);
  let done = 0;
  for (let round = 0; round < rounds; round++) {
    for (const name of caseNames) {
      const indices = plans.flatMap((p, i) => (p.case.name === name ? [i] : []));
      for (let j = 0; j < indices.length; j++) {
        const i = indices[(j + round) % indices.length];
        const p = plans[i];
        options.onProgress?.({ done, total: plans.length * rounds, round: round + 1, impl: p.impl, flavor: p.flavor, payload: p.case.payload });
        seconds[i].push(await p.measure());
        done++;
      }
    }
  }
  const rows = plans.map((p, i): BenchRow => {
    const s = median(seconds[i]);
    return { impl: p.impl, flavor: p.flavor, payload: p.case.payload, messages: p.messages, seconds: s, messagesPerSecond: p.messages / s };
  });
  return { rows, cases: plans.map((p) => p.case), samples: seconds, rounds, load: { start: loadStart, end: loadavg()[0], cpus: availableParallelism() }, ...(rustSkipped !== undefined ? { rustSkipped } : {}) };
}

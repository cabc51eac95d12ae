// One side of a throughput measurement (throughput.ts): produce or consume `messages`
// values over a reference channel handle or a MessagePort, after a start barrier.
// Started through bootstrap.mjs, in fresh workers for every measurement.

import { readFileSync } from 'node:fs';
import { parentPort, type MessagePort } from 'node:worker_threads';
import { Receiver, Sender, configure, type HandleDescriptor } from '../index.ts';
import * as hooks from '../schedule/hooks.ts';

export type { Payload } from './rows.ts';
import type { Payload } from './rows.ts';

export interface Job {
  role: 'producer' | 'consumer' | 'pm-producer' | 'pm-consumer' | 'one-thread';
  handle?: HandleDescriptor;
  /** `one-thread`: the receiver (`handle` is the sender). */
  receiver?: HandleDescriptor;
  /** `one-thread`: values sent before they are all received (the channel's capacity). */
  batch?: number;
  port?: MessagePort;
  messages: number;
  payload: Payload;
  spin: number;
  start: SharedArrayBuffer;
}

export interface JobDone {
  /** Values timed (consumers only). */
  n?: number;
  seconds?: number;
  /** Whether this worker runs the reference with the schedule-hook check (no-hook-check/ replaces it). */
  hookCheck: boolean;
}

/** The values sent: numbers, 20-character strings, small objects (the Rust side makes the same). */
function value(payload: Payload, i: number): unknown {
  if (payload === 'number') return i;
  if (payload === 'string') return 'message ' + String(i).padStart(12, '0');
  return { id: i, payload: 'xxxxxxxxxxxxxxxx' };
}

/**
 * This thread's CPU time in seconds (Linux: /proc/thread-self/schedstat, read on this
 * thread since sync fs calls run on the calling thread), or null where there is none.
 * Time the thread spent waiting for a CPU that other processes held is not in it.
 */
function threadCpuSeconds(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e9;
  } catch {
    return null;
  }
}

const hookCheck = !('hookCheckCompiledOut' in hooks);
const port = parentPort!;
port.on('message', (job: Job) => {
  configure({ spin: job.spin });
  const start = new Int32Array(job.start);
  Atomics.add(start, 1, 1);
  Atomics.notify(start, 1);
  while (Atomics.load(start, 0) === 0) Atomics.wait(start, 0, 0);
  const done = (d: Omit<JobDone, 'hookCheck'>) => port.postMessage({ ...d, hookCheck } satisfies JobDone);
  // An untimed warm-up (a quarter of the messages) precedes the timed phase: the consumer
  // starts its clock when the warm-up values have arrived.
  const warm = Math.floor(job.messages / 4);
  if (job.role === 'producer') {
    const tx = Sender.fromDescriptor(job.handle!);
    for (let i = 0; i < warm + job.messages; i++) tx.send(value(job.payload, i));
    tx.drop();
    done({});
  } else if (job.role === 'consumer') {
    const rx = Receiver.fromDescriptor(job.handle!);
    let n = 0;
    for (let i = 0; i < warm; i++) rx.recv();
    const t1 = performance.now();
    for (;;) {
      const r = rx.recv();
      if (r.kind !== 'Ok') break;
      n++;
    }
    rx.drop();
    done({ n, seconds: (performance.now() - t1) / 1000 });
  } else if (job.role === 'one-thread') {
    // Both ends in one thread: try_send a batch, try_recv it, again. No waiting and no
    // other thread, so the figure is the fast paths' own cost (schedule points included),
    // without the noise of a handoff between threads; and timed in this thread's CPU
    // time where the OS gives it, so that other processes on the machine do not count.
    const tx = Sender.fromDescriptor(job.handle!);
    const rx = Receiver.fromDescriptor(job.receiver!);
    const batch = job.batch!;
    const run = (from: number, to: number) => {
      for (let i = from; i < to; i += batch) {
        const end = Math.min(i + batch, to);
        for (let j = i; j < end; j++) if (tx.trySend(value(job.payload, j)).kind !== 'Ok') throw new Error('bench: try_send refused');
        for (let j = i; j < end; j++) if (rx.tryRecv().kind !== 'Ok') throw new Error('bench: try_recv found nothing');
      }
    };
    run(0, warm);
    const cpu0 = threadCpuSeconds();
    const t1 = performance.now();
    run(warm, warm + job.messages);
    const wall = (performance.now() - t1) / 1000;
    const cpu1 = threadCpuSeconds();
    const seconds = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : wall;
    tx.drop();
    rx.drop();
    done({ n: job.messages, seconds });
  } else if (job.role === 'pm-producer') {
    for (let i = 0; i < warm + job.messages; i++) job.port!.postMessage(value(job.payload, i));
    job.port!.postMessage(null);
    done({});
  } else {
    let n = 0;
    let t1 = performance.now();
    job.port!.on('message', (m: unknown) => {
      if (m === null) {
        done({ n: n - warm, seconds: (performance.now() - t1) / 1000 });
        job.port!.close();
      } else if (++n === warm) t1 = performance.now();
    });
  }
});

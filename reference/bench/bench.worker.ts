// One side of a throughput measurement (bench/throughput.ts): produce or consume
// `messages` values over a channel handle, after a start barrier.

import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { Receiver, Sender, configure, type HandleDescriptor } from '../index.ts';

interface Job {
  role: 'producer' | 'consumer' | 'pm-producer' | 'pm-consumer';
  handle?: HandleDescriptor;
  port?: MessagePort;
  messages: number;
  payload: 'number' | 'string' | 'object';
  spin: number;
  start: SharedArrayBuffer;
}

function value(payload: Job['payload'], i: number): unknown {
  if (payload === 'number') return i;
  if (payload === 'string') return 'message number ' + i;
  return { id: i, payload: 'xxxxxxxxxxxxxxxx' };
}

const port = parentPort!;
port.on('message', (job: Job) => {
  configure({ spin: job.spin });
  const start = new Int32Array(job.start);
  Atomics.add(start, 1, 1);
  Atomics.notify(start, 1);
  while (Atomics.load(start, 0) === 0) Atomics.wait(start, 0, 0);
  const t0 = performance.now();
  // An untimed warm-up (a quarter of the messages) precedes the timed phase: the consumer
  // starts its clock when the warm-up messages have arrived.
  const warm = Math.floor(job.messages / 4);
  if (job.role === 'producer') {
    const tx = Sender.fromDescriptor(job.handle!);
    for (let i = 0; i < warm + job.messages; i++) tx.send(value(job.payload, i));
    tx.drop();
    port.postMessage({ done: true });
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
    port.postMessage({ done: true, n, seconds: (performance.now() - t1) / 1000 });
  } else if (job.role === 'pm-producer') {
    for (let i = 0; i < warm + job.messages; i++) job.port!.postMessage(value(job.payload, i));
    job.port!.postMessage(null);
    port.postMessage({ done: true });
  } else {
    let n = 0;
    let t1 = t0;
    job.port!.on('message', (m: unknown) => {
      if (m === null) {
        port.postMessage({ done: true, n: n - warm, seconds: (performance.now() - t1) / 1000 });
        job.port!.close();
      } else if (++n === warm) t1 = performance.now();
    });
  }
});
void workerData;

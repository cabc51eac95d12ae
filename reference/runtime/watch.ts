// Detecting dead workers.
//
// A worker that is terminated (worker.terminate(), an uncaught exception, process.exit
// in the worker, or simply running to its end) while it holds channel handles must
// count as having dropped them: a receiver must see disconnection, never hang. Nothing
// inside the dead thread can do that, and another thread cannot observe a thread's
// death through shared memory. The one reliable signal is the Worker's `exit` event,
// delivered to the thread that created the worker. So the documented way to start a
// worker that uses channels is `spawn()` (or `new Worker()` followed at once by
// `trackWorker(worker)` in the creating thread):
//
//   exit event -> registry.markThreadDead(threadId): the dead thread's registry slot gets
//   a new generation (every lock/ownership entry naming the old one now reads as dead),
//   the death epoch is bumped, and every parked thread of the process is woken.
//
// The woken threads, and every thread that later touches a channel the dead thread
// used, reap its handles (channels/ownership.ts): they subtract its senders and
// receivers and disconnect the channel if those were the last. Workers started by the
// dead worker die with it; their slots record their parent, so they are reaped too.
//
// A worker that ends by itself (its event loop runs out, process.exit, an uncaught
// exception) also reports its own death from a process 'exit' handler
// (runtime/thread.ts), so that case needs no watcher; worker.terminate() runs no
// handler in the worker, which is what trackWorker is for.
//
// Limits, stated plainly: the creating thread's event loop must run for the `exit`
// event to be seen (a main thread blocked in a synchronous recv sees no terminations),
// and a worker started without trackWorker/spawn and then terminated is not noticed.

import { Worker, type WorkerOptions } from 'node:worker_threads';
import { currentRegistry } from './registry.ts';

const tracked = new WeakSet<Worker>();

/** Watches `worker`: when it exits, its channel handles count as dropped. Returns the worker. */
export function trackWorker(worker: Worker): Worker {
  if (tracked.has(worker)) return worker;
  tracked.add(worker);
  // threadId reads -1 once the worker has exited: capture it now.
  const tid = worker.threadId;
  const reg = currentRegistry();
  worker.once('exit', () => {
    reg.markThreadDead(tid);
  });
  return worker;
}

/** `new Worker(filename, options)`, watched with trackWorker. */
export function spawn(filename: string | URL, options?: WorkerOptions): Worker {
  return trackWorker(new Worker(filename, options));
}

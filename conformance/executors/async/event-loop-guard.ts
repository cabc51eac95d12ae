// The async executor runs the adapter on syncspec's own thread, and its watchdog is a
// timer on that thread's event loop: an adapter that never yields it (a synchronous loop,
// or an endless chain of promise callbacks, which starves timers as surely) would hang
// the run for ever. This guard watches from outside: a worker thread polls a heartbeat
// the event loop ticks in shared memory; when the loop has not turned for the run's
// budget, the worker terminates the JavaScript running on the main thread (through the
// inspector, as a debugger does) and tells the guard, whose run then ends as a stall.
//
// Stopping the loop drops the promise jobs queued at that moment (V8 empties the queue):
// the stopped run is abandoned, and nothing of the caller's may be among them.
//
// The worker counts its own polls rather than reading a clock, so a suspended process
// (both threads stopped) is not mistaken for a stalled loop. Time in the judge is not
// counted (`pause`): the checker is syncspec's, not the adapter's.
import { Worker } from 'node:worker_threads';

/** Shared cells: the heartbeat, whether a run is being watched, its budget in ms, and which run it is. */
const BEAT = 0;
const ARMED = 1;
const STALL_MS = 2;
const RUN = 3;
/** The last run whose stall the main thread has taken in. */
const TAKEN = 4;
/** How long the main thread has to take in a stall before the process is ended, ms. */
const GRACE = 5;
const CELLS = 6;

const BEAT_MS = 50;
const POLL_MS = 100;
const GRACE_MS = 10_000;

// Plain CommonJS, evaluated in the worker: no TypeScript loader needed there.
const WATCHER = `
const { parentPort, workerData } = require('node:worker_threads');
const inspector = require('node:inspector');
const cells = new Int32Array(workerData.buffer);
const [BEAT, ARMED, STALL_MS, RUN, TAKEN, GRACE, POLL_MS] = workerData.cells;
let lastBeat = -1;
let quietPolls = 0;
let who = 'the adapter';
parentPort.on('message', (message) => { who = message.who; });
setInterval(() => {
  if (Atomics.load(cells, ARMED) === 0) { lastBeat = -1; quietPolls = 0; return; }
  const beat = Atomics.load(cells, BEAT);
  if (beat !== lastBeat) { lastBeat = beat; quietPolls = 0; return; }
  quietPolls++;
  // More than the budget, so that one poll falling just after a long but legal stretch is not enough.
  if (quietPolls * POLL_MS <= Atomics.load(cells, STALL_MS)) return;
  Atomics.store(cells, ARMED, 0);
  const run = Atomics.load(cells, RUN);
  const say = (line) => require('node:fs').writeSync(2, 'syncspec: ' + who + ' ' + line + '\\n');
  say('has held the event loop for ' + quietPolls * POLL_MS + ' ms without yielding: stopping it');
  // Should the main thread not come back (a loop stopped in the body of a timer callback
  // kills Node; one in native code is not stopped), end the process rather than hang.
  setTimeout(() => {
    // Runs are numbered in order: a later stall taken in means this one was too.
    if (Atomics.load(cells, TAKEN) >= run) return;
    say('could not be stopped: ending the process');
    process.kill(process.pid, 'SIGKILL');
  }, Atomics.load(cells, GRACE)).unref();
  const session = new inspector.Session();
  session.connectToMainThread();
  // Disconnected once done: a session left open makes Node wait for "the debugger" at exit.
  session.post('Runtime.terminateExecution', () => session.disconnect());
  parentPort.postMessage({ run, stalledMs: quietPolls * POLL_MS });
}, POLL_MS);
`;

/** How a guarded run ended when the event loop stopped turning. */
export interface Stall {
  /** How long the loop had not turned when the guard stopped it, ms (a multiple of the poll period). */
  readonly heldMs: number;
}

export interface GuardedRun {
  /** Stops counting time (the judge runs: syncspec's own code, bounded by its own budget). */
  pause(): void;
  resume(): void;
}

interface Watcher {
  readonly worker: Worker;
  readonly cells: Int32Array;
}

let watcher: Watcher | null | undefined;
/** The run being watched, if any: its id, and how it takes in a stall. */
let watched: { readonly id: number; readonly stalled: (heldMs: number) => void } | undefined;

function startWatcher(): Watcher | null {
  if (watcher !== undefined) return watcher;
  // Without an inspector (a Node built without one) nothing can stop the loop: run unguarded.
  if (process.features.inspector !== true) return (watcher = null);
  const cells = new Int32Array(new SharedArrayBuffer(CELLS * Int32Array.BYTES_PER_ELEMENT));
  const worker = new Worker(WATCHER, { eval: true, execArgv: [], workerData: { buffer: cells.buffer, cells: [BEAT, ARMED, STALL_MS, RUN, TAKEN, GRACE, POLL_MS] } });
  // Every stall is acknowledged, even one whose run ended as it was reported (the main
  // thread came back just in time): else the worker would end the process.
  worker.on('message', (message: { run: number; stalledMs: number }) => {
    Atomics.store(cells, TAKEN, message.run);
    if (watched?.id === message.run) watched.stalled(message.stalledMs);
  });
  worker.unref();
  return (watcher = { worker, cells });
}

/**
 * Runs `work` with the event loop watched: if the loop does not turn for `budgetMs`
 * (outside `pause`), the JavaScript then running is terminated and the result is
 * `onStall`'s. `work` is then abandoned: it must not go on calling the adapter. A main
 * thread that has not taken the stall in `graceMs` after it (default 10 s) could not be
 * stopped: the process is ended.
 */
export async function guardEventLoop<T>(who: string, budgetMs: number, work: (run: GuardedRun) => Promise<T>, onStall: (stall: Stall) => T, graceMs = GRACE_MS): Promise<T> {
  const w = startWatcher();
  if (w === null) return work({ pause() {}, resume() {} });
  // One event loop, one heartbeat: two guarded runs at once could not be told apart.
  if (watched !== undefined) throw new Error('guardEventLoop: a guarded run is already in progress on this thread');
  const { worker, cells } = w;
  // Unreferenced: the run keeps the loop alive, and the executor counts the timers set in the
  // process to know whether the library has one (settle.ts): the heartbeat is not one of them.
  const beat = setInterval(() => Atomics.add(cells, BEAT, 1), BEAT_MS).unref();
  const id = Atomics.add(cells, RUN, 1) + 1;
  const stalled = new Promise<T>((resolve) => {
    watched = { id, stalled: (heldMs) => resolve(onStall({ heldMs })) };
  });
  // Referenced while armed: after a stall, the worker's message must still arrive even if
  // the terminated run left nothing else to keep the process alive.
  worker.ref();
  worker.postMessage({ who });
  Atomics.store(cells, STALL_MS, Math.max(POLL_MS, Math.round(budgetMs)));
  Atomics.store(cells, GRACE, graceMs);
  Atomics.add(cells, BEAT, 1);
  Atomics.store(cells, ARMED, 1);
  const run: GuardedRun = {
    pause: () => Atomics.store(cells, ARMED, 0),
    resume: () => {
      Atomics.add(cells, BEAT, 1);
      Atomics.store(cells, ARMED, 1);
    },
  };
  try {
    // `work` starts in a promise job queued alone from a macrotask of its own: the
    // caller's promise jobs have all run before (a stop drops those queued then), and Node
    // survives a stop inside a promise job, not one in the body of a macrotask callback
    // (its async-context stack would be corrupt).
    const working = new Promise<T>((resolve, reject) => setImmediate(() => void Promise.resolve().then(() => work(run)).then(resolve, reject)));
    return await Promise.race([working, stalled]);
  } finally {
    Atomics.store(cells, ARMED, 0);
    clearInterval(beat);
    watched = undefined;
    worker.unref();
  }
}

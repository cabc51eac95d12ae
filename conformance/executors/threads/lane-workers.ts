// The coordinating thread's side of the lane workers: starting them (one pool per
// adapter module, reused from run to run, since starting a worker that loads TypeScript
// costs ~200 ms), talking to them, and ending those a run left blocked or retired.
import { Worker } from 'node:worker_threads';
import type { Adapter } from '../../adapter/types.ts';
import type { FromWorker, ToWorker } from './messages.ts';

const BOOTSTRAP = new URL('./bootstrap.mjs', import.meta.url);

export type Reply = Extract<FromWorker, { type: 'ready' | 'begun' | 'exported' | 'imported' }>;

/** A worker, as the executor sees it. Lane messages go to `onLane`; replies to requests come back from `request`. */
export class LaneWorker {
  /** Messages received during the current run (control.ts: POSTED counts those sent). */
  received = 0;
  /** The worker's kernel thread id (Linux), when it told us. */
  tid: number | undefined;
  onLane: (message: FromWorker) => void = () => {};
  private exited: string | undefined;
  private waiting: { resolve: (m: Reply) => void; reject: (e: Error) => void } | undefined;

  constructor(readonly worker: Worker) {
    worker.on('message', (m: FromWorker) => this.deliver(m));
    worker.on('error', (e) => this.die(`threw ${e.name}: ${e.message}`));
    worker.on('exit', (code) => this.die(`exited (code ${code})`));
  }

  get dead(): string | undefined {
    return this.exited;
  }

  /** Ends the worker on purpose (a thread whose work is done ends while others run): its exit is no failure. */
  retire(): Promise<number> {
    this.exited ??= 'retired: its lane was done';
    return this.worker.terminate();
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  /** Sends `message` and resolves with the worker's reply; rejects with a fault's or fatal error's text. */
  request(message: ToWorker): Promise<Reply> {
    if (this.exited !== undefined) return Promise.reject(new LaneWorkerError(this.exited));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.send(message);
    });
  }

  private deliver(m: FromWorker): void {
    this.received++;
    if (m.type === 'ready' && m.tid !== undefined) this.tid = m.tid;
    const waiting = this.waiting;
    if (waiting !== undefined && (m.type === 'ready' || m.type === 'begun' || m.type === 'exported' || m.type === 'imported')) {
      this.waiting = undefined;
      waiting.resolve(m);
      return;
    }
    if (waiting !== undefined && (m.type === 'fault' || m.type === 'fatal') && !('op' in m && m.op !== undefined)) {
      this.waiting = undefined;
      waiting.reject(m.type === 'fault' ? new LaneFault(m.method, m.problem) : new LaneWorkerError(m.error));
      return;
    }
    this.onLane(m);
  }

  private die(why: string): void {
    if (this.exited !== undefined) return;
    this.exited = why;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(new LaneWorkerError(why));
    this.onLane({ type: 'fatal', error: why });
  }
}

/** The adapter failed a request (creating objects, transferring handles). */
export class LaneFault extends Error {
  constructor(
    readonly method: string,
    readonly problem: string,
  ) {
    super(`${method}: ${problem}`);
  }
}

export class LaneWorkerError extends Error {}

/** Idle workers of one adapter module. */
class Pool {
  private readonly idle: LaneWorker[] = [];

  constructor(private readonly adapter: Adapter) {}

  async take(count: number): Promise<LaneWorker[]> {
    const taken = this.idle.splice(0, count).filter((w) => w.dead === undefined);
    const started = await Promise.all(Array.from({ length: count - taken.length }, () => this.start()));
    const workers = [...taken, ...started];
    for (const w of workers) w.worker.ref();
    return workers;
  }

  give(worker: LaneWorker): void {
    if (worker.dead !== undefined) return;
    worker.onLane = () => {};
    worker.worker.unref();
    this.idle.push(worker);
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((w) => w.worker.terminate()));
  }

  private async start(): Promise<LaneWorker> {
    const threads = this.adapter.threads!;
    const worker = new Worker(BOOTSTRAP);
    live.add(worker);
    worker.once('exit', () => live.delete(worker));
    threads.watchWorker?.(worker);
    const lane = new LaneWorker(worker);
    try {
      await lane.request({ type: 'init', module: threads.module });
    } catch (e) {
      void worker.terminate();
      throw e;
    }
    return lane;
  }
}

const pools = new Map<string, Pool>();
/** Every lane worker not yet exited, in a pool or not (one a run left behind included). */
const live = new Set<Worker>();

export function poolFor(adapter: Adapter): { take(count: number): Promise<LaneWorker[]>; give(worker: LaneWorker): void } {
  const key = `${adapter.name}\u0000${adapter.threads!.module}`;
  let pool = pools.get(key);
  if (pool === undefined) {
    pool = new Pool(adapter);
    pools.set(key, pool);
  }
  return pool;
}

/** Ends every lane worker: the CLI calls it when a command is done, tests after their runs. */
export async function shutdownLaneWorkers(): Promise<void> {
  await Promise.all([...pools.values()].map((p) => p.shutdown()));
  pools.clear();
  await Promise.all([...live].map((w) => w.terminate()));
}

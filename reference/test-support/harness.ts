// Main-thread side of the test actors: start a watched worker (spawn), call scenario
// functions in it, await their events and results.

import { Worker } from 'node:worker_threads';
import { spawn } from '../index.ts';

const bootstrap = new URL('./bootstrap.mjs', import.meta.url);
const actorEntry = new URL('./actor.worker.ts', import.meta.url).href;

interface Message {
  id?: number;
  ready?: boolean;
  event?: string;
  data?: unknown;
  done?: boolean;
  result?: unknown;
  error?: string;
}

export class Call<R> {
  readonly done: Promise<R>;
  private readonly seen = new Map<string, unknown[]>();
  private readonly waiters = new Map<string, ((d: unknown) => void)[]>();
  private settled = false;
  private resolveDone!: (r: R) => void;
  private rejectDone!: (e: Error) => void;

  constructor() {
    this.done = new Promise<R>((res, rej) => {
      this.resolveDone = res;
      this.rejectDone = rej;
    });
    this.done.then(
      () => (this.settled = true),
      () => (this.settled = true),
    );
  }

  /** Has the call returned (or failed) yet? */
  get isSettled(): boolean {
    return this.settled;
  }

  /** Resolves when the actor has emitted `event` (with its data). */
  event(name: string): Promise<unknown> {
    const list = this.seen.get(name);
    if (list !== undefined && list.length > 0) return Promise.resolve(list[0]);
    return new Promise((res) => {
      const w = this.waiters.get(name) ?? [];
      w.push(res);
      this.waiters.set(name, w);
    });
  }

  /** @internal */
  deliver(m: Message): void {
    if (m.event !== undefined) {
      const list = this.seen.get(m.event) ?? [];
      list.push(m.data);
      this.seen.set(m.event, list);
      for (const w of this.waiters.get(m.event) ?? []) w(m.data);
      this.waiters.delete(m.event);
    } else if (m.error !== undefined) {
      this.rejectDone(new Error(`actor failed: ${m.error}`));
    } else if (m.done) {
      this.resolveDone(m.result as R);
    }
  }

  /** @internal */
  fail(e: Error): void {
    this.rejectDone(e);
  }
}

export class Actor {
  private nextId = 1;
  private readonly calls = new Map<number, Call<unknown>>();
  readonly exited: Promise<number>;

  private constructor(readonly worker: Worker) {
    worker.on('message', (m: Message) => {
      if (m.id === undefined) return;
      this.calls.get(m.id)?.deliver(m);
      if (m.done || m.error !== undefined) this.calls.delete(m.id);
    });
    this.exited = new Promise((res) => worker.once('exit', res));
    void this.exited.then(() => {
      for (const c of this.calls.values()) c.fail(new Error('actor exited'));
      this.calls.clear();
    });
  }

  /** Starts an actor worker (watched with spawn/trackWorker unless `watched` is false) and waits until it is ready. */
  static async start(execArgv: string[] = [], watched = true): Promise<Actor> {
    const options = { workerData: { entry: actorEntry }, execArgv };
    const worker = watched ? spawn(bootstrap, options) : new Worker(bootstrap, options);
    const actor = new Actor(worker);
    await new Promise<void>((res, rej) => {
      const onMsg = (m: Message) => {
        if (m.ready) {
          worker.off('message', onMsg);
          res();
        }
      };
      worker.on('message', onMsg);
      worker.once('error', rej);
    });
    return actor;
  }

  /** Runs actors.ts's `fn` in the worker with `args` (descriptors and plain data). */
  call<R = unknown>(fn: string, ...args: unknown[]): Call<R> {
    const id = this.nextId++;
    const call = new Call<R>();
    this.calls.set(id, call as Call<unknown>);
    this.worker.postMessage({ id, fn, args });
    return call;
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `f` until it returns a value other than undefined; fails after `timeoutMs` (a liveness bound only). */
export async function eventually<T>(f: () => T | undefined, timeoutMs = 20_000, everyMs = 1): Promise<T> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (performance.now() > until) throw new Error('condition not reached before the liveness deadline');
    await sleep(everyMs);
  }
}

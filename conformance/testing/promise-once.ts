// Small, correct, promise-based Barrier, Once, OnceLock and LazyLock, implementing the
// async adapter API directly (conformance/adapter/types.ts), to test the conformance
// engine: it must pass them on every rule of their chapters, and catch each one-bug
// variant of buggy-sync.ts, which override one of the `protected` steps.
//
// Initializers are the executor's closures (`Initializer`): they return a value, throw
// an InitializerPanic, or return a promise that never settles. A panic propagating out
// of an initializer is reported as the outcome `Panicked`.
import type {
  AsyncBarrier,
  AsyncLazyLock,
  AsyncOnce,
  AsyncOnceLock,
  Initializer,
  OnceState,
  Outcome,
  Value,
} from '../adapter/types.ts';

export class PromiseBarrier implements AsyncBarrier {
  /** The parties of the current generation that wait, as the functions that release them. */
  protected waiting: ((leader: boolean) => void)[] = [];

  constructor(readonly n: number) {}

  wait(): Outcome | Promise<Outcome> {
    if (this.waiting.length + 1 < Math.max(this.n, 1)) {
      return new Promise((resolve) => this.waiting.push((leader) => resolve({ kind: leader ? 'Leader' : 'Follower' })));
    }
    return this.release();
  }

  /** The n-th arrival: every waiting party of the generation returns, a new generation starts, and the arrival leads (as Rust's does). */
  protected release(): Outcome {
    const released = this.waiting;
    this.waiting = [];
    for (const party of released) party(false);
    return { kind: 'Leader' };
  }
}

type Status = 'incomplete' | 'running' | 'complete' | 'poisoned';

/** Waiting for a status change, shared by the three. */
export class Changes {
  protected readonly waiters: (() => void)[] = [];

  next(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  notify(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

export class PromiseOnce implements AsyncOnce {
  status: Status = 'incomplete';
  protected readonly changes = new Changes();

  async callOnce(f: Initializer<void>): Promise<Outcome> {
    for (;;) {
      if (this.status === 'complete') return { kind: 'Ok' };
      if (this.status === 'poisoned' && this.poisonStops()) return { kind: 'Poisoned' };
      if (this.status === 'running') {
        await this.changes.next();
        continue;
      }
      return this.run(() => f());
    }
  }

  async callOnceForce(f: (state: OnceState) => void | Promise<void>): Promise<Outcome> {
    for (;;) {
      if (this.status === 'complete') return { kind: 'Ok' };
      if (this.status === 'running') {
        await this.changes.next();
        continue;
      }
      const state: OnceState = { isPoisoned: this.status === 'poisoned' };
      return this.run(() => f(state));
    }
  }

  /** Whether call_once on a poisoned Once panics without running its closure (it must, ONCE-POISON-2). */
  protected poisonStops(): boolean {
    return true;
  }

  /** Runs a closure: completes the Once, or poisons it if the closure panics. */
  protected async run(f: () => void | Promise<void>): Promise<Outcome> {
    this.status = 'running';
    try {
      await f();
    } catch {
      this.status = 'poisoned';
      this.changes.notify();
      return { kind: 'Panicked' };
    }
    this.status = 'complete';
    this.changes.notify();
    return { kind: 'Ok' };
  }

  isCompleted(): boolean {
    return this.status === 'complete';
  }

  async wait(): Promise<Outcome> {
    for (;;) {
      if (this.status === 'complete') return { kind: 'Ok' };
      if (this.status === 'poisoned') return { kind: 'Poisoned' };
      await this.changes.next();
    }
  }

  async waitForce(): Promise<Outcome> {
    while (this.status !== 'complete') await this.changes.next();
    return { kind: 'Ok' };
  }
}

export class PromiseOnceLock implements AsyncOnceLock {
  status: 'incomplete' | 'running' | 'complete' = 'incomplete';
  value: Value = null;
  protected readonly changes = new Changes();

  get(): Outcome {
    return this.status === 'complete' ? { kind: 'Some', value: this.value } : { kind: 'None' };
  }

  async getOrInit(init: Initializer<Value>): Promise<Outcome> {
    for (;;) {
      if (this.status === 'complete') return { kind: 'Ok', value: this.value };
      if (this.status === 'running' && this.waitsForInitializer()) {
        await this.changes.next();
        continue;
      }
      return this.initialize(init);
    }
  }

  /** Whether a caller that finds an initializer running waits for it (it must, OL-INIT-4). */
  protected waitsForInitializer(): boolean {
    return true;
  }

  protected async initialize(init: Initializer<Value>): Promise<Outcome> {
    this.status = 'running';
    let value: Value;
    try {
      value = await init();
    } catch {
      this.failed();
      this.changes.notify();
      return { kind: 'Panicked' };
    }
    this.fill(value);
    this.changes.notify();
    return { kind: 'Ok', value: this.value };
  }

  /** A panicking initializer leaves the cell empty and usable (OL-PANIC-1). */
  protected failed(): void {
    this.status = 'incomplete';
  }

  protected fill(value: Value): void {
    this.status = 'complete';
    this.value = value;
  }

  async set(value: Value): Promise<Outcome> {
    while (this.status === 'running' && this.setWaits()) await this.changes.next();
    if (this.status === 'complete') return { kind: 'Err', value };
    this.fill(value);
    this.changes.notify();
    return { kind: 'Ok' };
  }

  /** Whether `set` waits for a running initializer (it must, OL-SET-2). */
  protected setWaits(): boolean {
    return true;
  }

  async wait(): Promise<Outcome> {
    while (this.status !== 'complete') await this.changes.next();
    return { kind: 'Ok', value: this.value };
  }

  async take(): Promise<Outcome> {
    while (this.status === 'running') await this.changes.next();
    if (this.status !== 'complete') return { kind: 'None' };
    const value = this.value;
    this.status = 'incomplete';
    this.value = null;
    return { kind: 'Some', value };
  }
}

export class PromiseLazyLock implements AsyncLazyLock {
  status: Status = 'incomplete';
  value: Value = null;
  protected readonly changes = new Changes();

  constructor(protected readonly init: Initializer<Value>) {}

  async force(): Promise<Outcome> {
    for (;;) {
      if (this.status === 'complete') return { kind: 'Ok', value: this.value };
      if (this.status === 'poisoned') return { kind: 'Poisoned' };
      if (this.status === 'running') {
        await this.changes.next();
        continue;
      }
      return this.run();
    }
  }

  protected async run(): Promise<Outcome> {
    this.status = 'running';
    try {
      this.value = await this.init();
    } catch {
      this.afterPanic();
      this.changes.notify();
      return { kind: 'Panicked' };
    }
    this.status = 'complete';
    this.changes.notify();
    return { kind: 'Ok', value: this.value };
  }

  /** A panicking init closure poisons the LazyLock for good (LAZY-POISON-1). */
  protected afterPanic(): void {
    this.status = 'poisoned';
  }

  get(): Outcome {
    return this.status === 'complete' ? { kind: 'Some', value: this.value } : { kind: 'None' };
  }
}

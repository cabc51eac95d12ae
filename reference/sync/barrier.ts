// Barrier (spec/barrier.md): n parties meet; the n-th arrival releases the generation
// and is its leader (Rust 1.95's choice, BAR-LEAD-2); generations reuse the barrier.
//
// State (under the state lock, core.ts): COUNT (arrivals in the current generation),
// GENERATION. A party arrives under the lock: the n-th bumps GENERATION, resets COUNT
// and wakes every registered waiter; the others register and park on their own park
// word until the generation they arrived in is over — so a slow party of generation k
// returns even after k + 1 began (BAR-GEN-4), and never counts into k + 1 (BAR-GEN-2).
// n = 0 and n = 1 never block, and every call leads (BAR-SMALL-0/1).
//
// Dead threads. A barrier counts calls, not threads (BAR-COUNT-1): nothing says which
// threads will arrive, and Rust has no poisoning — a party that never comes leaves the
// others waiting for ever (BAR-BLOCK-1). A worker terminated while others wait for it
// would hang them, so this barrier, by default (`onDeath: 'break'`), *breaks* when a
// thread holding one of its handles dies without dropping it: every waiting party, and
// every later wait, returns Broken (as Java's CyclicBarrier and Python's
// threading.Barrier do) — reported, never a hang. Handles are counted per thread in the
// holder table (the creator, every fromDescriptor; drop() gives one back), and a dead
// thread's entry is found by `reap` after registry.markThreadDead moved the death
// epoch and woke the waiters. A party that already arrived and then died is a holder
// too: it breaks the barrier as well. With `onDeath: 'ignore'` the barrier is Rust's:
// a dead party that had arrived stays counted (its arrival happened; the leader is the
// n-th arrival, alive by construction), one that had not is one party fewer.

import { load, store } from '../runtime/atomics.ts';
import { P_HOT, P_MORE, SyncCore, SyncHandle, WAIT, runPromise, runSync, syncArm, type Arm, type Attempt, type Op, type SyncDescriptor, type SyncOptions } from './core.ts';
import type { BarrierWaitResult } from './results.ts';

const COUNT = P_HOT;
const GENERATION = P_HOT + 1;
const PARTIES = P_MORE;
const BROKEN = P_MORE + 1;
const BREAK_ON_DEATH = P_MORE + 2;
const L = 'barrier';

export const LEADER: BarrierWaitResult = Object.freeze({ kind: 'Leader', isLeader: true });
export const FOLLOWER: BarrierWaitResult = Object.freeze({ kind: 'Follower', isLeader: false });
export const BROKEN_RESULT: BarrierWaitResult = Object.freeze({ kind: 'Broken', isLeader: false });

export interface BarrierOptions extends SyncOptions {
  /** What a dead handle holder does: 'break' the barrier (default) or 'ignore' it (Rust). */
  readonly onDeath?: 'break' | 'ignore';
  /** Most threads holding handles at once (default 64; 'break' mode). */
  readonly maxThreads?: number;
}

export class Barrier extends SyncHandle {
  protected readonly core: SyncCore;
  protected readonly what = 'barrier';
  private readonly breaks: boolean;

  /** `Barrier::new(n)`. Options: spin, maxWaiters, onDeath, maxThreads. */
  constructor(n: number, options: BarrierOptions = {}, attached?: SyncCore) {
    super();
    if (attached !== undefined) {
      this.core = attached;
    } else {
      if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) throw new RangeError('a barrier needs a non-negative integer number of parties');
      this.core = SyncCore.create('barrier', { ...options, holders: options.maxThreads ?? 64 });
      store(this.core.ctl, PARTIES, n, `${L}:new`);
      store(this.core.ctl, BREAK_ON_DEATH, options.onDeath === 'ignore' ? 0 : 1, `${L}:new`);
    }
    const core = this.core;
    this.breaks = load(core.ctl, BREAK_ON_DEATH, `${L}:mode`) === 1;
    core.reap = () => this.reap();
    if (this.breaks) core.withState(`${L}:hold`, () => core.adjustHolder(1, `${L}:hold`));
  }

  /** A handle of the barrier another thread transferred; this thread now counts as holding it. */
  static fromDescriptor(d: SyncDescriptor): Barrier {
    return new Barrier(0, {}, SyncCore.attach(d, 'barrier'));
  }

  protected override onDrop(): void {
    const core = this.core;
    if (this.breaks) core.withState(`${L}:drop`, () => core.adjustHolder(-1, `${L}:drop`));
  }

  /** Under the state lock, after a death: a dead holder breaks the barrier ('break' mode). */
  private reap(): void {
    const core = this.core;
    if (!this.breaks) return;
    if (core.reapHolders(`${L}:reap`) > 0) {
      store(core.ctl, BROKEN, 1, `${L}:broken`);
      core.wakeAll();
    }
  }

  /** The number of parties. */
  get parties(): number {
    return load(this.live().ctl, PARTIES, `${L}:parties`);
  }

  /** Whether a dead holder broke the barrier ('break' mode). */
  isBroken(): boolean {
    const core = this.live();
    if (core.deathsUnseen()) core.withState(`${L}:reap`, () => core.reapIfNeeded());
    return load(core.ctl, BROKEN, `${L}:broken?`) === 1;
  }

  private *waitOp(arm: Arm): Op<BarrierWaitResult> {
    const core = this.live();
    const c = core.ctl;
    let gen = -1;
    let arrived = false;
    const attempt = (): Attempt<BarrierWaitResult> => {
      if (load(c, BROKEN, `${L}:broken?`) === 1) return BROKEN_RESULT;
      if (arrived) return load(c, GENERATION, `${L}:generation`) !== gen ? FOLLOWER : WAIT;
      arrived = true;
      gen = load(c, GENERATION, `${L}:generation`);
      const count = load(c, COUNT, `${L}:count`) + 1;
      if (count >= Math.max(1, load(c, PARTIES, `${L}:parties`))) {
        store(c, COUNT, 0, `${L}:release`);
        store(c, GENERATION, (gen + 1) | 0, `${L}:release`);
        core.wakeAll();
        return LEADER;
      }
      store(c, COUNT, count, `${L}:arrive`);
      return WAIT;
    };
    const ready = (): boolean => load(c, GENERATION, `${L}:generation`) !== gen;
    return (yield* core.until(arm, 0, `${L}:wait`, attempt, ready)) as BarrierWaitResult;
  }

  /** Arrives and waits for the generation to fill: Leader (one per generation), Follower, or Broken. */
  wait(): BarrierWaitResult {
    const core = this.live();
    return runSync(this.waitOp(syncArm), core.effectiveSpin());
  }

  /** `wait` as a promise (for the main thread). */
  waitAsync(): Promise<BarrierWaitResult> {
    this.live();
    return runPromise((arm) => this.waitOp(arm));
  }
}

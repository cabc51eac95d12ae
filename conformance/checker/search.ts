// The general search: Wing & Gong backtracking with Lowe's cache of visited configurations
// (as Porcupine does), extended to operations with several phases and to pending operations.
//
// A configuration is (how many phases of each operation are linearized, model state). From a
// configuration, the candidates are the operations with a phase left whose call precedes the
// smallest ret among completed operations that still have a phase left: any later operation
// would have to take effect after an operation that had already returned. The search is
// depth-first, iterative (histories may be long), and stops at the first explanation.
//
// How many phases an operation has is asked of the model when its first phase is about to be
// linearized (`model.phases(op, state)`: handles such as clones exist only from some point
// on), so the count is known per configuration, not up front.
//
// It runs in one of two modes, which checkHistory uses as two passes:
// - `blocked`: completed operations take all their phases, pending operations only their
//   non-final ones (they registered as waiters); the goal is a final state in which no pending
//   operation's last phase is enabled (transitions only a timer can fire do not count: a
//   timed wait that has not expired yet is still blocked). This is the `ok` verdict.
// - `liveness`: pending operations may also take their last phase (with any result); the goal is
//   any configuration in which every completed operation is explained. Run only after `blocked`
//   failed, it finds pending operations that took effect but never returned.

import type { Model, OpCall, Transition } from '../../spec/model/types.ts';
import { sameOutcome } from '../../spec/model/types.ts';
import type { HistoryOp } from '../history/types.ts';

export type SearchMode = 'blocked' | 'liveness';

export interface SearchLimits {
  /** `performance.now()` value past which the search gives up. */
  readonly deadline: number;
  /** Largest number of cached configurations before the search gives up. */
  readonly maxCacheEntries: number;
  /** See `CheckOptions.timedTransitionsEnabled`. */
  readonly timedTransitionsEnabled: boolean;
}

/** One linearized phase, as the search sees it: op is an index into `PartSearch.ops`. */
export interface SearchStep<S> {
  readonly op: number;
  readonly phase: number;
  /** How many phases the operation has (asked of the model at its first phase). */
  readonly phases: number;
  readonly transition: Transition<S>;
}

/** A partial linearization and the state it leads to. */
export interface SearchPoint<S> {
  readonly path: readonly SearchStep<S>[];
  readonly state: S;
}

/** A pending operation whose last phase is enabled at the end of an explanation of the completed ones. */
export interface EnabledPending<S> {
  readonly op: number;
  readonly transitions: readonly Transition<S>[];
}

export type PassResult<S> =
  | { readonly kind: 'explained'; readonly at: SearchPoint<S> }
  | {
      readonly kind: 'exhausted';
      /** The configuration where the most phases of completed operations were explained. */
      readonly deepest: SearchPoint<S>;
      /** `blocked` mode: the first explanation of every completed operation, which left a pending one enabled. */
      readonly terminal?: SearchPoint<S> & { readonly enabled: readonly EnabledPending<S>[] };
    }
  | { readonly kind: 'aborted'; readonly reason: string };

interface Move<S> extends SearchStep<S> {
  /** The move used the operation's last allowed phase, so it left the candidate lists. */
  readonly removed: boolean;
  readonly prevMaxTouched: number;
}

interface Frame<S> {
  readonly state: S;
  /** The deadline for candidates here: the smallest ret among completed operations with phases left. */
  readonly minRet: number;
  /**
   * The candidates, in the order they are tried: each at the time its next phase most likely
   * took effect (a last phase at its ret, an earlier one at its call), so that a correct
   * history is usually explained on the first path. Null until the frame is first expanded.
   */
  cands: Int32Array | null;
  /** Index into cands of the candidate being tried. */
  ci: number;
  /** The candidate being tried (an op index), or -1 before the first. */
  cand: number;
  /** Its number of phases. */
  candPhases: number;
  trans: readonly Transition<S>[] | null;
  ti: number;
  readonly move: Move<S> | null;
  /** Phases of completed operations linearized on the way here: the diagnosis keeps the deepest. */
  readonly progress: number;
}

const BUDGET_CHECK_EVERY = 256;
/** Characters built per String.fromCharCode call (its arguments go on the stack). */
const WINDOW_CHUNK = 4096;
const NONE: readonly never[] = [];

/** The search over one independent part of a history. Ops are kept sorted by call. */
export class PartSearch<S> {
  readonly ops: readonly HistoryOp[];
  readonly pending: Uint8Array;
  readonly call: Float64Array;
  /** +Infinity for a pending operation. */
  readonly ret: Float64Array;
  /**
   * Per operation, when its timer fired (HistoryOp.timer): a completed operation's timed
   * transition is taken only once every operation that returned before is linearized.
   * NaN: no constraint (no timer information); +Infinity: the timer never fired.
   */
  readonly timerFired: Float64Array;
  /** Operations with HistoryOp.waitingAt: their phases before the last must precede every operation called after it. */
  readonly waiting: readonly { readonly op: number; readonly at: number }[];
  configurations = 0;
  cacheHits = 0;

  constructor(
    readonly model: Model<S>,
    ops: readonly HistoryOp[],
    readonly initial: S,
    readonly limits: SearchLimits,
  ) {
    this.ops = [...ops].sort((a, b) => a.call - b.call || a.id - b.id);
    const n = this.ops.length;
    this.pending = new Uint8Array(n);
    this.call = new Float64Array(n);
    this.ret = new Float64Array(n);
    this.timerFired = new Float64Array(n);
    const waiting: { op: number; at: number }[] = [];
    this.waiting = waiting;
    this.ops.forEach((op, i) => {
      if (op.waitingAt !== undefined) waiting.push({ op: i, at: op.waitingAt });
      this.pending[i] = op.ret === undefined ? 1 : 0;
      this.call[i] = op.call;
      this.ret[i] = op.ret ?? Infinity;
      this.timerFired[i] = op.timer === undefined || op.ret === undefined ? NaN : (op.timer.firedAt ?? Infinity);
    });
  }

  /** The model's number of phases for op i, its first phase being about to happen in `state`. */
  phasesIn(state: S, i: number): number {
    const p = this.model.phases(this.ops[i] as OpCall, state);
    if (p !== 1 && p !== 2) throw new Error(`model ${this.model.name}: phases(${this.ops[i].name}) is ${p}; expected 1 or 2`);
    return p;
  }

  /**
   * Whether a pending operation whose next phase could take `t` may still be waiting:
   * a spurious wakeup may never come; a timer's transition may not have fired yet, unless
   * the caller says every timer has fired (the end of a run).
   */
  mayStayWaiting(t: Transition<S>): boolean {
    return t.spurious === true || (t.timed === true && !this.limits.timedTransitionsEnabled);
  }

  /**
   * Whether op i may not take timed transition `t` where `minRet` is the smallest ret among
   * completed operations not yet linearized: its timer gives up only once it fired, so not
   * before an operation that returned earlier, nor at all if it never fired.
   */
  timerRefuses(i: number, t: Transition<S>, minRet: number): boolean {
    if (t.timed !== true || t.spurious === true || Number.isNaN(this.timerFired[i])) return false;
    return !(this.timerFired[i] < minRet);
  }

  /** Phases op i may have linearized in the given mode, given its number of phases. */
  maxCount(i: number, phases: number, mode: SearchMode): number {
    return this.pending[i] && mode === 'blocked' ? phases - 1 : phases;
  }

  /** The model's transitions for op i's phase `phase` in `state`. */
  step(state: S, i: number, phase: number): readonly Transition<S>[] {
    return this.model.step(state, this.ops[i] as OpCall, phase);
  }

  run(mode: SearchMode): PassResult<S> {
    const { model, limits, pending, call, ret } = this;
    const n = this.ops.length;
    const count = new Int32Array(n);
    /** Known once the operation's first phase is linearized; 0 before. */
    const phases = new Int32Array(n);
    /** Completed operations not yet fully linearized: the goal needs 0. */
    let unfinished = 0;
    for (let i = 0; i < n; i++) if (!pending[i]) unfinished++;
    const pendingOps: number[] = [];
    for (let i = 0; i < n; i++) if (pending[i]) pendingOps.push(i);

    // Two doubly linked lists with sentinel n, unlinked and relinked in LIFO order (dancing links):
    // A = operations that may still take a phase, in call order (the candidates are a prefix of it);
    // R = completed operations with a phase left, in ret order (its head bounds the candidates).
    const nextA = new Int32Array(n + 1);
    const prevA = new Int32Array(n + 1);
    const nextR = new Int32Array(n + 1);
    const prevR = new Int32Array(n + 1);
    let tail = n;
    for (let i = 0; i < n; i++) {
      nextA[tail] = i;
      prevA[i] = tail;
      tail = i;
    }
    nextA[tail] = n;
    prevA[n] = tail;
    const byRet: number[] = [];
    for (let i = 0; i < n; i++) if (!pending[i]) byRet.push(i);
    byRet.sort((a, b) => ret[a] - ret[b]);
    tail = n;
    for (const i of byRet) {
      nextR[tail] = i;
      prevR[i] = tail;
      tail = i;
    }
    nextR[tail] = n;
    prevR[n] = tail;

    let maxTouched = -1;
    const cache = new Set<string>();
    const window: number[] = [];

    // The cache key: the model state, then the per-operation counts. Operations before the head
    // of list A are all done and those after maxTouched are all untouched, so only the window
    // between them is spelled out; within one pass this is exact. (An operation's number of
    // phases depends only on what never changes for its handle, so counts and state fix it.)
    const configKey = (state: S): string => {
      const first = nextA[n];
      let counts = '';
      for (let i = first; i <= maxTouched; i += WINDOW_CHUNK) {
        window.length = 0;
        const end = Math.min(maxTouched, i + WINDOW_CHUNK - 1);
        for (let j = i; j <= end; j++) window.push(48 + count[j]);
        counts += String.fromCharCode(...window);
      }
      return `${model.key(state)}\u0001${first}:${counts}`;
    };

    // An operation found waiting at some point had registered by then: while its phases before
    // the last are not all linearized, nothing called after that point may be.
    // Only bounds below the completed operations' own are asked about: such an operation was
    // called before its bound, so it is a candidate, whose phases the model can tell.
    const waitingBound = (state: S, retBound: number): number => {
      let bound = retBound;
      for (const w of this.waiting) {
        if (w.at >= bound) continue;
        const p = count[w.op] > 0 ? phases[w.op] : this.phasesIn(state, w.op);
        if (count[w.op] < p - 1) bound = w.at;
      }
      return bound;
    };

    const newFrame = (state: S, move: Move<S> | null, progress: number): Frame<S> => ({
      state,
      minRet: waitingBound(state, nextR[n] === n ? Infinity : ret[nextR[n]]),
      cands: null,
      ci: 0,
      cand: -1,
      candPhases: 0,
      trans: null,
      ti: 0,
      move,
      progress,
    });

    // The operations that may take a phase here (a prefix of list A: called before minRet), by
    // when that phase most likely took effect. Any order is complete; this one finds the
    // explanation of a correct history at once where call order would first try, and exhaust,
    // every subset of the operations that commute with a wrong first choice (many readers).
    const candidatesOf = (f: Frame<S>): Int32Array => {
      const list: { readonly op: number; readonly at: number }[] = [];
      for (let c = nextA[n]; c !== n && call[c] < f.minRet; c = nextA[c]) {
        const p = count[c] > 0 ? phases[c] : this.phasesIn(f.state, c);
        list.push({ op: c, at: count[c] === p - 1 ? ret[c] : call[c] });
      }
      list.sort((a, b) => a.at - b.at || a.op - b.op);
      return Int32Array.from(list, (c) => c.op);
    };

    const stack: Frame<S>[] = [];
    const pathOf = (): SearchStep<S>[] => {
      const path: SearchStep<S>[] = [];
      for (const f of stack) {
        const m = f.move;
        if (m) path.push({ op: m.op, phase: m.phase, phases: m.phases, transition: m.transition });
      }
      return path;
    };

    // The deepest configuration's path is kept incrementally: `deepestMoves` shares its first
    // `agree` moves with the current stack, so recording a new deepest point copies only the
    // moves made since the paths diverged (copying whole paths is quadratic on long histories).
    const deepestMoves: Move<S>[] = [];
    let deepestState: S = this.initial;
    let deepestProgress = -1;
    let agree = 0;
    let terminal: (SearchPoint<S> & { enabled: EnabledPending<S>[] }) | undefined;

    // The number of phases of pending op p in `state` (known, or asked as if it went now).
    const pendingPhases = (state: S, p: number): number => (count[p] > 0 ? phases[p] : this.phasesIn(state, p));

    // Called for each new frame: is it an explanation?
    const isGoal = (f: Frame<S>): boolean => {
      if (unfinished !== 0) return false;
      if (mode === 'liveness') return true;
      // A pending operation waits at its next phase: normally its last (it registered as a
      // waiter); or an earlier one that is not enabled (a call_once waiting for a running
      // closure never begins). Either way that phase must not be enabled at the end.
      const enabled: EnabledPending<S>[] = [];
      for (const p of pendingOps) {
        const last = pendingPhases(f.state, p) - 1;
        const next = Math.min(count[p], last);
        const transitions = this.step(f.state, p, next).filter((t) => !this.mayStayWaiting(t));
        if (transitions.length === 0) continue;
        // One that could still register is explored further, where it did.
        if (next < last) return false;
        enabled.push({ op: p, transitions });
      }
      if (enabled.length === 0) return true;
      if (!terminal) terminal = { path: pathOf(), state: f.state, enabled };
      return false;
    };

    const undo = (m: Move<S>): void => {
      const i = m.op;
      count[i] = m.phase;
      if (m.phase === 0) phases[i] = 0;
      if (!pending[i] && m.phase + 1 === m.phases) unfinished++;
      if (m.removed) {
        nextA[prevA[i]] = i;
        prevA[nextA[i]] = i;
        if (!pending[i]) {
          nextR[prevR[i]] = i;
          prevR[nextR[i]] = i;
        }
      }
      maxTouched = m.prevMaxTouched;
    };

    stack.push(newFrame(this.initial, null, 0));
    if (isGoal(stack[0])) return { kind: 'explained', at: { path: [], state: this.initial } };

    while (stack.length > 0) {
      const f = stack[stack.length - 1];
      let descended = false;
      for (;;) {
        if (f.trans === null || f.ti >= f.trans.length) {
          if (f.cands === null) f.cands = candidatesOf(f);
          if (f.ci >= f.cands.length) break;
          const c = f.cands[f.ci++];
          f.cand = c;
          f.candPhases = count[c] > 0 ? phases[c] : this.phasesIn(f.state, c);
          // A pending operation's last phase is not taken in `blocked` mode.
          f.trans = count[c] < this.maxCount(c, f.candPhases, mode) ? this.step(f.state, c, count[c]) : NONE;
          f.ti = 0;
          continue;
        }
        const t = f.trans[f.ti++] as Transition<S>;
        const i = f.cand;
        if (this.timerRefuses(i, t, f.minRet)) continue;
        const k = count[i];
        const p = f.candPhases;
        if (k === p - 1 && !pending[i]) {
          if (t.result === undefined) {
            throw new Error(`model ${model.name}: the last phase of ${this.ops[i].name} returned a transition without a result`);
          }
          if (!sameOutcome(t.result, this.ops[i].result!)) continue;
        }
        // Apply the move.
        count[i] = k + 1;
        if (k === 0) phases[i] = p;
        if (!pending[i] && k + 1 === p) unfinished--;
        const removed = k + 1 === this.maxCount(i, p, mode);
        if (removed) {
          nextA[prevA[i]] = nextA[i];
          prevA[nextA[i]] = prevA[i];
          if (!pending[i]) {
            nextR[prevR[i]] = nextR[i];
            prevR[nextR[i]] = prevR[i];
          }
        }
        const move: Move<S> = { op: i, phase: k, phases: p, transition: t, removed, prevMaxTouched: maxTouched };
        if (i > maxTouched) maxTouched = i;
        // Only a frame with a choice of operations is cached: where one operation alone may go
        // (main's long sequential prefix), a configuration met again by another path is
        // explored again only down to the next cached one, and its key, which spells out the
        // whole model state (thousands of buffered values), is not built at every step.
        if (f.cands!.length > 1) {
          const key = configKey(t.state);
          if (cache.has(key)) {
            this.cacheHits++;
            undo(move);
            continue;
          }
          cache.add(key);
        }
        this.configurations++;
        if (cache.size > limits.maxCacheEntries) {
          return { kind: 'aborted', reason: `search cache reached ${limits.maxCacheEntries} configurations` };
        }
        if (this.configurations % BUDGET_CHECK_EVERY === 0 && performance.now() > limits.deadline) {
          return { kind: 'aborted', reason: 'time budget exhausted' };
        }
        const child = newFrame(t.state, move, f.progress + (pending[i] ? 0 : 1));
        stack.push(child);
        if (isGoal(child)) return { kind: 'explained', at: { path: pathOf(), state: child.state } };
        descended = true;
        break;
      }
      if (!descended) {
        if (f.progress > deepestProgress) {
          deepestProgress = f.progress;
          deepestState = f.state;
          deepestMoves.length = agree;
          for (let d = agree + 1; d < stack.length; d++) deepestMoves.push(stack[d].move!);
          agree = stack.length - 1;
        }
        stack.pop();
        if (f.move) undo(f.move);
        if (agree > stack.length - 1) agree = stack.length - 1;
      }
    }
    const deepest: SearchPoint<S> = {
      path: deepestMoves.map((m) => ({ op: m.op, phase: m.phase, phases: m.phases, transition: m.transition })),
      state: deepestState,
    };
    return terminal ? { kind: 'exhausted', deepest, terminal } : { kind: 'exhausted', deepest };
  }
}

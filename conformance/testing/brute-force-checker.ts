// An exhaustive, deliberately simple history checker for the engine's own tests: small
// enough to be obviously right, exponential, and only meant for the short histories of
// generated scenarios. It answers the question the real checker (conformance/checker/)
// answers, in the shape HistoryChecker expects, so the executors can be tested before
// and independently of it.
//
// The search walks the history's events in stamp order. Calls are taken as they come
// (an open operation may take effect any time after its call); at a response, the
// operation must have taken all its phases, so the search branches over which open
// operations take a phase first. Between two consecutive events every interleaving of
// open operations is real-time consistent, so this is complete.
//
// `ok`: every completed operation is explained, and every pending one is left blocked:
// it took only registering phases, and its next phase is not enabled in the final
// state (timed transitions count as enabled unless `timedTransitionsEnabled` is false).
// `liveness`: the completed operations are explained only if some pending operation is
// allowed to complete, or to stay enabled. `safety`: not even then.
import type { Model, OpCall, Transition } from '../../spec/model/types.ts';
import { sameOutcome } from '../../spec/model/types.ts';
import type { History, HistoryOp } from '../history/types.ts';
import type { HistoryCheckOptions } from '../executors/shared/judge.ts';

export interface BruteForceAnswer {
  readonly verdict: 'ok' | 'safety' | 'liveness' | 'unknown';
  readonly message: string;
  readonly nodes: number;
}

const DEFAULT_MAX_NODES = 2_000_000;
/** Past this many operations (a long flood's thousands) the recursive search would overflow the stack: `unknown`. */
const MAX_OPS = 500;

type Mode = 'blocked' | 'lenient';

interface Event {
  readonly stamp: number;
  readonly kind: 'call' | 'ret';
  readonly op: number;
}

export function bruteForceCheck<S>(model: Model<S, any>, history: History, options: HistoryCheckOptions & { maxNodes?: number } = {}): BruteForceAnswer {
  if (history.ops.length > MAX_OPS) return { verdict: 'unknown', message: `${history.ops.length} operations: longer than the brute-force checker goes (${MAX_OPS})`, nodes: 0 };
  const search = new Search(model, history, options.timedTransitionsEnabled ?? true, options.maxNodes ?? DEFAULT_MAX_NODES);
  const blocked = search.run('blocked');
  if (blocked === 'aborted') return search.answer('unknown', 'node budget exhausted');
  if (blocked) return search.answer('ok', 'explained with every pending operation blocked');
  const lenient = search.run('lenient');
  if (lenient === 'aborted') return search.answer('unknown', 'node budget exhausted');
  if (lenient) return search.answer('liveness', 'explained only if a pending operation completed or stays enabled');
  return search.answer('safety', 'no linearization explains the completed operations');
}

class Search<S> {
  private readonly ops: readonly HistoryOp[];
  private readonly events: readonly Event[];
  private nodes = 0;
  private failed = new Set<string>();

  constructor(
    private readonly model: Model<S, any>,
    private readonly history: History,
    private readonly timedEnabled: boolean,
    private readonly maxNodes: number,
  ) {
    this.ops = history.ops;
    const events: Event[] = [];
    this.ops.forEach((op, i) => {
      events.push({ stamp: op.call, kind: 'call', op: i });
      if (op.ret !== undefined) events.push({ stamp: op.ret, kind: 'ret', op: i });
    });
    this.events = events.sort((a, b) => a.stamp - b.stamp);
  }

  answer(verdict: BruteForceAnswer['verdict'], message: string): BruteForceAnswer {
    return { verdict, message, nodes: this.nodes };
  }

  run(mode: Mode): boolean | 'aborted' {
    this.failed = new Set();
    const taken = this.ops.map(() => 0);
    const total = this.ops.map(() => 0);
    try {
      return this.explore(mode, this.model.init(this.history.params), 0, taken, total, new Set());
    } catch (e) {
      if (e === ABORT) return 'aborted';
      throw e;
    }
  }

  /** taken[i]: phases of op i linearized; total[i]: its phase count, fixed when its first phase is taken. */
  private explore(mode: Mode, state: S, at: number, taken: number[], total: number[], open: Set<number>): boolean {
    if (++this.nodes > this.maxNodes) throw ABORT;
    // Calls are taken eagerly, and so is a response whose operation is done.
    let position = at;
    let opened = open;
    for (; position < this.events.length; position++) {
      const event = this.events[position];
      if (event.kind === 'call') {
        opened = new Set(opened).add(event.op);
        continue;
      }
      if (taken[event.op] > 0 && taken[event.op] === total[event.op]) {
        opened = new Set(opened);
        opened.delete(event.op);
        continue;
      }
      break;
    }
    const memo = `${position}|${this.model.key(state)}|${taken.join(',')}`;
    if (this.failed.has(memo)) return false;
    if (position === this.events.length && this.finalStateFits(mode, state, taken, total, opened)) return true;
    // Before the next response (or at the end): some open operation takes its next phase.
    for (const i of opened) {
      const op = this.ops[i];
      const phases = taken[i] === 0 ? this.model.phases(op as OpCall, state) : total[i];
      if (taken[i] >= phases) continue;
      const last = taken[i] + 1 === phases;
      const pending = op.ret === undefined;
      if (pending && last && mode === 'blocked') continue;
      for (const t of this.model.step(state, op as OpCall, taken[i])) {
        if (last && !pending && (t.result === undefined || op.result === undefined || !sameOutcome(t.result, op.result))) continue;
        const nextTaken = [...taken];
        const nextTotal = [...total];
        nextTaken[i]++;
        nextTotal[i] = phases;
        if (this.explore(mode, t.state, position, nextTaken, nextTotal, opened)) return true;
      }
    }
    this.failed.add(memo);
    return false;
  }

  /** At the end of the history: in `blocked` mode, no pending operation may be able to take its next phase. */
  private finalStateFits(mode: Mode, state: S, taken: readonly number[], total: readonly number[], open: ReadonlySet<number>): boolean {
    if (mode === 'lenient') return true;
    for (const i of open) {
      const op = this.ops[i];
      if (op.ret !== undefined) return false;
      const phases = taken[i] === 0 ? this.model.phases(op as OpCall, state) : total[i];
      if (taken[i] >= phases) return false;
      const enabled = (t: Transition<S>) => this.timedEnabled || t.timed !== true;
      if (this.model.step(state, op as OpCall, taken[i]).some(enabled)) return false;
    }
    return true;
  }
}

const ABORT = Symbol('node budget exhausted');

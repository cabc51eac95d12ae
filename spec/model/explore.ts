import type { Model, OpCall, Outcome } from './types.ts';
import { formatOutcome } from './types.ts';
import type { Scenario, ScenarioOp } from '../../conformance/scenario/types.ts';
import { MAIN_ACTOR } from '../../conformance/scenario/types.ts';

// Every run a model allows for a scenario, under the scenario's staging: `main` runs the
// prefix alone; the actors interleave phase by phase; once no actor can move (each has
// finished or waits), `main` runs the suffix, interleaved with whatever it unblocks.
// Used to check the chapters' examples against the model, and to say what the model
// allows when an implementation's run is not explained.

/** An operation of the scenario with the id it gets in histories: prefix, then actors in order, then suffix. */
export interface NumberedOp extends OpCall {
  readonly stage: 'prefix' | 'parallel' | 'suffix';
  readonly source: ScenarioOp;
}

export function numberOps(scenario: Scenario): NumberedOp[] {
  const out: NumberedOp[] = [];
  const add = (actor: string, stage: NumberedOp['stage'], ops: readonly ScenarioOp[]) => {
    for (const source of ops) {
      out.push({ id: out.length, actor, name: source.name, target: source.target, args: source.args, stage, source });
    }
  };
  add(MAIN_ACTOR, 'prefix', scenario.prefix);
  for (const actor of scenario.actors) add(actor.name, 'parallel', actor.ops);
  add(MAIN_ACTOR, 'suffix', scenario.suffix);
  return out;
}

/** One complete run: each op's outcome, `blocks` if it was still waiting at the end, `not-run` if its actor never got to it. */
export type RunOutcome = Outcome | 'blocks' | 'not-run';

export interface Exploration {
  readonly ops: readonly NumberedOp[];
  /** Every distinct run, as outcomes indexed by op id. */
  readonly runs: readonly (readonly RunOutcome[])[];
  /** True when the exploration stopped at `maxRuns` (or `maxStates`) before seeing every run. */
  readonly truncated: boolean;
}

interface Lane {
  readonly actor: string;
  readonly ops: readonly NumberedOp[];
}

interface Position {
  /** Index of the lane's next op. */
  readonly next: number;
  /** Phases of that op already taken. */
  readonly phase: number;
}

/** The position after a phase of the lane's next op: the op's next phase, or the next op once its last phase is taken. */
function advance(position: Position, last: boolean): Position {
  return last ? { next: position.next + 1, phase: 0 } : { next: position.next, phase: position.phase + 1 };
}

/** The result a transition of an op's last phase gives: a model that gives none there is at fault. */
function resultOf(model: Model<unknown, unknown>, op: NumberedOp, t: { readonly result?: Outcome }): Outcome {
  if (t.result === undefined) throw new Error(`model ${model.name}: the last phase of op ${op.id} (${op.name}) gave no result`);
  return t.result;
}

/**
 * One lane alone, as long as each step has exactly one transition, neither a spurious
 * wakeup nor a timer: those steps choose nothing, so they run in a loop — no recursion, no memo, the
 * results written into one copy — and the interleaving goes on from where a choice (or
 * the lane's end) comes. A prefix of 70,000 sends would otherwise recurse 70,000 deep
 * and copy the results at every step.
 */
function straightRun<S>(model: Model<S, unknown>, state: S, lane: Lane, position: Position, results: readonly (RunOutcome | undefined)[]): { state: S; position: Position; results: readonly (RunOutcome | undefined)[] } {
  let out: (RunOutcome | undefined)[] | undefined;
  for (;;) {
    const op = lane.ops[position.next];
    if (op === undefined) break;
    const transitions = model.step(state, op, position.phase);
    // A timer firing may also end a stage (a lane waiting for it is waiting): the general path decides.
    if (transitions.length !== 1 || transitions[0].spurious === true || transitions[0].timed === true) break;
    const [t] = transitions;
    const last = position.phase + 1 === model.phases(op, state);
    if (last) {
      out ??= [...results];
      out[op.id] = resultOf(model, op, t);
    }
    position = advance(position, last);
    state = t.state;
  }
  return { state, position, results: out ?? results };
}

/** `maxStates`: how many interleaving states to visit at most (a run of seventeen barrier parties has ~3^17). */
export function exploreScenario<S>(model: Model<S, unknown>, scenario: Scenario, options: { maxRuns?: number; maxStates?: number } = {}): Exploration {
  const maxRuns = options.maxRuns ?? 10_000;
  const maxStates = options.maxStates ?? Infinity;
  const ops = numberOps(scenario);
  const prefix: Lane = { actor: MAIN_ACTOR, ops: ops.filter((o) => o.stage === 'prefix') };
  const parallel: Lane[] = scenario.actors.map((a) => ({ actor: a.name, ops: ops.filter((o) => o.stage === 'parallel' && o.actor === a.name) }));
  const suffix: Lane = { actor: MAIN_ACTOR, ops: ops.filter((o) => o.stage === 'suffix') };
  const runs = new Map<string, RunOutcome[]>();
  const visited = new Set<string>();
  let truncated = false;

  const finish = (results: readonly (RunOutcome | undefined)[], lanes: readonly Lane[], positions: readonly Position[]) => {
    const run: RunOutcome[] = results.map((r) => r ?? 'not-run');
    lanes.forEach((lane, i) => {
      const op = lane.ops[positions[i].next];
      if (op !== undefined) run[op.id] = 'blocks';
    });
    const key = run.map((r) => (typeof r === 'string' ? r : formatOutcome(r))).join('|');
    if (!runs.has(key)) runs.set(key, run);
    if (runs.size >= maxRuns) truncated = true;
  };

  // Runs `lanes` by interleaving their phases until none can move, then calls `then`.
  const interleave = (
    stage: string,
    state: S,
    lanes: readonly Lane[],
    positions: readonly Position[],
    results: readonly (RunOutcome | undefined)[],
    then: (state: S, positions: readonly Position[], results: readonly (RunOutcome | undefined)[]) => void,
  ): void => {
    if (truncated) return;
    const memo = `${stage}/${model.key(state)}/${JSON.stringify(positions)}/${JSON.stringify(results)}`;
    if (visited.has(memo)) return;
    visited.add(memo);
    if (visited.size >= maxStates) truncated = true;
    if (lanes.length === 1) {
      const straight = straightRun(model, state, lanes[0], positions[0], results);
      state = straight.state;
      positions = [straight.position];
      results = straight.results;
    }
    // Moved by a transition main would wait for: anything but a spurious wakeup.
    let moved = false;
    let movedUntimed = false;
    lanes.forEach((lane, i) => {
      const pos = positions[i];
      const op = lane.ops[pos.next];
      if (op === undefined) return;
      const phases = model.phases(op, state);
      for (const t of model.step(state, op, pos.phase)) {
        if (t.spurious !== true) moved = true;
        if (t.timed !== true) movedUntimed = true;
        const last = pos.phase + 1 === phases;
        const nextPositions = positions.map((p, j) => (j !== i ? p : advance(p, last)));
        let nextResults = results;
        if (last) {
          const result = resultOf(model, op, t);
          nextResults = results.map((r, k) => (k === op.id ? result : r));
        }
        interleave(stage, t.state, lanes, nextPositions, nextResults, then);
      }
    });
    // A stage is over once nothing but timers can move: an operation waiting for its
    // timeout is waiting. main alone (prefix, suffix) waits for its timers to fire, but
    // not for spurious wakeups, which may never come (the runs where they do are
    // explored all the same).
    if (stage === 'parallel' ? !movedUntimed : !moved) then(state, positions, results);
  };

  const start = model.init(scenario.objects);
  const empty: (RunOutcome | undefined)[] = ops.map(() => undefined);
  interleave('prefix', start, [prefix], [{ next: 0, phase: 0 }], empty, (afterPrefix, prefixPos, prefixResults) => {
    if (prefixPos[0].next < prefix.ops.length) {
      // main blocked in the prefix: nothing else ever starts.
      finish(prefixResults, [prefix], prefixPos);
      return;
    }
    const start2 = parallel.map(() => ({ next: 0, phase: 0 }));
    interleave('parallel', afterPrefix, parallel, start2, prefixResults, (quiet, parPos, parResults) => {
      interleave('suffix', quiet, [...parallel, suffix], [...parPos, { next: 0, phase: 0 }], parResults, (_end, endPos, endResults) => {
        finish(endResults, [...parallel, suffix], endPos);
      });
    });
  });
  return { ops, runs: [...runs.values()], truncated };
}

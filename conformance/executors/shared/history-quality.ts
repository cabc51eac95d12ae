// How much a set of runs actually tested (DESIGN.md, "history quality"): a suite whose
// histories never overlap has tested nothing concurrent, and must say so.
import type { Model, Outcome } from '../../../spec/model/types.ts';
import { sameOutcome } from '../../../spec/model/types.ts';
import type { History } from '../../history/types.ts';

/** True when operations of two different actors overlapped in time (a pending operation never ends). */
export function hasOverlap(history: History): boolean {
  const latestEnd = new Map<string, number>();
  for (const op of [...history.ops].sort((a, b) => a.call - b.call)) {
    for (const [actor, end] of latestEnd) if (actor !== op.actor && end > op.call) return true;
    latestEnd.set(op.actor, Math.max(latestEnd.get(op.actor) ?? -Infinity, op.ret ?? Infinity));
  }
  return false;
}

/** One linearized phase, as the checker reports an explanation. */
export interface ExplainedStep {
  readonly opId: number;
  readonly phase: number;
  readonly result?: Outcome;
}

/**
 * The model's notable states (`model.features`: `bounded:full`, `rendezvous:receiver-waiting`)
 * visited along an explanation of the history: the model is stepped through it again,
 * taking at each step the first transition whose result fits.
 */
export function featuresAlong(model: Model<any, any>, history: History, steps: readonly ExplainedStep[]): string[] {
  if (model.features === undefined) return [];
  const ops = new Map(history.ops.map((op) => [op.id, op]));
  const seen = new Set<string>();
  let state = model.init(history.params);
  for (const f of model.features(state)) seen.add(f);
  for (const step of steps) {
    const op = ops.get(step.opId);
    if (op === undefined) break;
    const next = model.step(state, op, step.phase).find((t) => step.result === undefined || (t.result !== undefined && sameOutcome(t.result, step.result)));
    if (next === undefined) break;
    state = next.state;
    for (const f of model.features(state)) seen.add(f);
  }
  return [...seen].sort();
}

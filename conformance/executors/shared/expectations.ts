// An example's operations list the outcomes the spec allows (`-> Ok(1) | Empty`,
// `blocks`); a run matches when every listed operation's outcome is one of them.
import { numberOps, type RunOutcome } from '../../../spec/model/explore.ts';
import { formatOutcome } from '../../../spec/model/types.ts';
import type { Scenario } from '../../scenario/types.ts';
import { describeOp } from '../../report/timeline.ts';

export interface OutcomeMismatch {
  readonly opId: number;
  /** `A: rx.recv()`. */
  readonly op: string;
  readonly expected: readonly string[];
  /** An outcome, `blocks` (pending at the end) or `not-run` (its actor never got to it). */
  readonly got: string;
}

export function outcomeMismatches(scenario: Scenario, outcomes: readonly RunOutcome[]): OutcomeMismatch[] {
  const mismatches: OutcomeMismatch[] = [];
  for (const op of numberOps(scenario)) {
    const expect = op.source.expect;
    if (expect === undefined) continue;
    const expected = expect.map((e) => (e === 'blocks' ? e : formatOutcome(e)));
    const outcome = outcomes[op.id];
    const got = typeof outcome === 'string' ? outcome : formatOutcome(outcome);
    if (!expected.includes(got)) mismatches.push({ opId: op.id, op: `${op.actor}: ${describeOp(op)}`, expected, got });
  }
  return mismatches;
}

export function formatMismatches(mismatches: readonly OutcomeMismatch[]): string {
  return mismatches.map((m) => `op ${m.opId} ${m.op} -> ${m.got}, but the spec allows ${m.expected.join(' | ')}`).join('\n');
}

// An example's operations list the outcomes the spec allows (`-> Ok(1) | Empty`,
// `blocks`); a run matches when every listed operation's outcome is one of them.
import { numberOps, type RunOutcome } from '../../../spec/model/explore.ts';
import { formatOutcome, sameOutcome } from '../../../spec/model/types.ts';
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
    const outcome = outcomes[op.id];
    // Outcomes compare as values (an object's keys in any order), `blocks` and `not-run` as words.
    const listed = expect.some((e) => (typeof e === 'string' || typeof outcome === 'string' ? e === outcome : sameOutcome(e, outcome)));
    if (listed) continue;
    const expected = expect.map((e) => (e === 'blocks' ? e : formatOutcome(e)));
    mismatches.push({ opId: op.id, op: `${op.actor}: ${describeOp(op)}`, expected, got: typeof outcome === 'string' ? outcome : formatOutcome(outcome) });
  }
  return mismatches;
}

export function formatMismatches(mismatches: readonly OutcomeMismatch[]): string {
  return mismatches.map((m) => `op ${m.opId} ${m.op} -> ${m.got}, but the spec allows ${m.expected.join(' | ')}`).join('\n');
}

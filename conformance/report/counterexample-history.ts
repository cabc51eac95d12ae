// A counterexample's history as data (results.ts, CounterexampleHistory): every operation
// with its invocation and response stamps, and the operations the explanation stopped at,
// with what the model allowed beside what happened. The site draws it as an SVG timeline.
//
// The marks come from two places: an example's outcome that the spec does not allow
// (`marks`, op id → note), and the checker's diagnosis when it gave one (a safety
// verdict's deadline and candidates, a liveness verdict's stuck operations, a fast
// decider's forbidden pattern). The checker's answer is read by shape, so a judge of
// another kind simply gives no marks.
import { formatOutcome, type Outcome } from '../../spec/model/types.ts';
import type { History } from '../history/types.ts';
import type { CounterexampleHistory, CounterexampleMark, CounterexampleOp } from './results.ts';
import { describeOp } from './timeline.ts';

interface AllowedLike {
  readonly result?: Outcome;
  readonly timed?: boolean;
}
interface CandidateLike {
  readonly opId: number;
  readonly observed: Outcome | 'pending';
  readonly allowed: readonly AllowedLike[];
  readonly status: string;
}
interface DiagnosisLike {
  readonly summary?: string;
  readonly deadline?: { readonly opId: number; readonly ret: number };
  readonly candidates?: readonly CandidateLike[];
  readonly pattern?: { readonly kind: string; readonly opIds: readonly number[]; readonly explanation: string };
}
interface AnswerLike {
  readonly verdict?: string;
  readonly diagnosis?: DiagnosisLike;
  readonly stuck?: readonly { readonly opId: number; readonly reason: string; readonly allowed: readonly AllowedLike[] }[];
}

const printed = (allowed: readonly AllowedLike[]): string[] => [...new Set(allowed.map((a) => (a.result === undefined ? 'its next phase' : formatOutcome(a.result))))];

export function counterexampleHistory(history: History, marks: ReadonlyMap<number, string> = new Map(), answer?: unknown): CounterexampleHistory {
  const ops: CounterexampleOp[] = [...history.ops]
    .sort((a, b) => a.call - b.call)
    .map((op) => ({
      id: op.id,
      actor: op.actor,
      call: describeOp(op),
      invoked: op.call,
      ...(op.ret === undefined ? {} : { returned: op.ret }),
      ...(op.result === undefined ? {} : { result: formatOutcome(op.result) }),
    }));
  const byId = new Map(ops.map((op) => [op.id, op]));
  const observed = (id: number) => byId.get(id)?.result ?? 'pending';
  const marked = new Map<number, CounterexampleMark>();
  for (const [id, note] of marks) {
    // The check runner's note for an example's outcome: `the spec allows Ok(1) | Full(1)`.
    const spec = /^the spec allows (.+)$/.exec(note);
    marked.set(id, { op: id, observed: observed(id), ...(spec === null ? {} : { allowed: spec[1].split(' | ') }), note });
  }
  let stoppedAt: number | undefined;
  const a = (typeof answer === 'object' && answer !== null ? answer : {}) as AnswerLike;
  const d = a.diagnosis;
  if ((a.verdict === 'safety' || a.verdict === 'liveness') && d !== undefined) {
    if (d.deadline !== undefined) stoppedAt = d.deadline.ret;
    if (a.verdict === 'safety') {
      for (const c of d.candidates ?? []) {
        if (marked.has(c.opId)) continue;
        // At a deadline, every candidate is one that could not go; without one, only those that did not fit.
        if (d.deadline === undefined && c.status !== 'mismatch' && c.status !== 'blocks') continue;
        const allowed = printed(c.allowed);
        const note = c.allowed.length === 0 ? 'the model does not enable it here' : c.status === 'mismatch' ? `the model allows ${allowed.join(' | ')}` : 'every way the model allows leads to a dead end';
        marked.set(c.opId, { op: c.opId, observed: c.observed === 'pending' ? 'pending' : formatOutcome(c.observed), allowed, note });
      }
      if (d.deadline !== undefined && !marked.has(d.deadline.opId)) {
        marked.set(d.deadline.opId, { op: d.deadline.opId, observed: observed(d.deadline.opId), note: `returned at ${d.deadline.ret}, and no linearization explains it` });
      }
    }
    for (const s of a.stuck ?? []) {
      if (marked.has(s.opId)) continue;
      const allowed = printed(s.allowed);
      const note = s.reason === 'took-effect' ? `must have taken effect (returning ${allowed.join(' | ')}), yet it never returned` : `the model allows ${allowed.join(' | ')}, yet it never returned`;
      marked.set(s.opId, { op: s.opId, observed: observed(s.opId), allowed, note });
    }
    for (const id of d.pattern?.opIds ?? []) {
      if (!marked.has(id)) marked.set(id, { op: id, observed: observed(id), note: `part of the forbidden pattern ${d.pattern!.kind}` });
    }
  }
  return { ops, marked: [...marked.values()].filter((m) => byId.has(m.op)), ...(stoppedAt === undefined ? {} : { stoppedAt }) };
}

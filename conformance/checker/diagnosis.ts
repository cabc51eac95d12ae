// Turning where the search stopped into what the user reads: the longest partial
// linearization, the state there, and for every operation that could have gone next,
// what the model allowed beside what was observed.

import { formatOutcome, sameOutcome } from '../../spec/model/types.ts';
import type { HistoryOp } from '../history/types.ts';
import type { PartSearch, SearchMode, SearchPoint, SearchStep } from './search.ts';
import type {
  AllowedTransition,
  CandidateReport,
  Diagnosis,
  LinearizedStep,
  StuckOp,
} from './types.ts';
import { describeOp } from './types.ts';

export function linearizedSteps<S>(search: PartSearch<S>, path: readonly SearchStep<S>[]): LinearizedStep[] {
  return path.map((s) => {
    const last = s.phase === s.phases - 1;
    const step: { -readonly [K in keyof LinearizedStep]: LinearizedStep[K] } = {
      opId: search.ops[s.op].id,
      phase: s.phase,
      phases: s.phases,
    };
    if (last && s.transition.result !== undefined) step.result = s.transition.result;
    if (s.transition.rule !== undefined) step.rule = s.transition.rule;
    return step;
  });
}

interface Stop {
  readonly deadline?: { readonly opId: number; readonly ret: number };
  readonly candidates: readonly CandidateReport[];
  readonly unexplained: readonly number[];
  readonly stateKey: string;
}

/** Replays a partial linearization and reports the candidates at its end. */
function describeStop<S>(search: PartSearch<S>, point: SearchPoint<S>, mode: SearchMode): Stop {
  const n = search.ops.length;
  const count = new Int32Array(n);
  const phases = new Int32Array(n);
  for (const s of point.path) {
    count[s.op] = s.phase + 1;
    phases[s.op] = s.phases;
  }
  let minRet = Infinity;
  let deadlineOp = -1;
  const unexplained: number[] = [];
  for (let i = 0; i < n; i++) {
    // An operation not started yet is unfinished whatever its number of phases.
    if (search.pending[i] || (count[i] > 0 && count[i] === phases[i])) continue;
    unexplained.push(search.ops[i].id);
    if (search.ret[i] < minRet) {
      minRet = search.ret[i];
      deadlineOp = i;
    }
  }
  const candidates: CandidateReport[] = [];
  for (let i = 0; i < n; i++) {
    if (search.call[i] >= minRet) break;
    const k = count[i];
    // A candidate not started yet: its number of phases as if it started here. Only
    // candidates are asked: a later operation may use a handle that does not exist yet.
    if (k === 0) phases[i] = search.phasesIn(point.state, i);
    if (k >= phases[i]) continue;
    const lastPhase = k === phases[i] - 1;
    const pendingLast = lastPhase && search.pending[i] === 1;
    // In `blocked` mode a pending operation's last phase is never taken; it is shown anyway
    // (as `not-tried`, or `blocks`), because whether it is enabled is what makes it blocked.
    if (k >= search.maxCount(i, phases[i], mode) && !pendingLast) continue;
    candidates.push(candidateReport(search, point.state, i, k, phases[i], pendingLast && mode === 'blocked', minRet));
  }
  const stop: { -readonly [K in keyof Stop]: Stop[K] } = {
    candidates,
    unexplained,
    stateKey: search.model.key(point.state),
  };
  if (deadlineOp >= 0) stop.deadline = { opId: search.ops[deadlineOp].id, ret: minRet };
  return stop;
}

function allowedTransitions<S>(search: PartSearch<S>, state: S, i: number, phase: number, phases: number, minRet: number): AllowedTransition[] {
  const op = search.ops[i];
  const last = phase === phases - 1;
  return search.step(state, i, phase).map((t) => {
    const a: { -readonly [K in keyof AllowedTransition]: AllowedTransition[K] } = {};
    if (last && t.result !== undefined) a.result = t.result;
    if (t.rule !== undefined) a.rule = t.rule;
    if (search.mayStayWaiting(t)) a.timed = true;
    if (last && op.result !== undefined && t.result !== undefined) {
      a.matchesObserved = sameOutcome(t.result, op.result);
    }
    // The executor's timer had not fired by then: this way out was not open yet.
    if (!search.pending[i] && search.timerRefuses(i, t, minRet)) {
      a.rule = `${t.rule ?? 'timeout'}; not before its timer fired`;
      a.matchesObserved = false;
    }
    return a;
  });
}

function candidateReport<S>(
  search: PartSearch<S>,
  state: S,
  i: number,
  phase: number,
  phases: number,
  notTried: boolean,
  minRet = Infinity,
): CandidateReport {
  const op = search.ops[i];
  const allowed = allowedTransitions(search, state, i, phase, phases, minRet);
  const last = phase === phases - 1;
  let status: CandidateReport['status'];
  // A pending operation whose only enabled transitions are timed (a wait whose timer has not
  // fired) blocks as far as the checker is concerned.
  if (allowed.length === 0 || (notTried && allowed.every((a) => a.timed))) status = 'blocks';
  else if (notTried) status = 'not-tried';
  else if (last && op.result !== undefined && !allowed.some((a) => a.matchesObserved)) status = 'mismatch';
  else status = 'dead-end';
  return {
    opId: op.id,
    actor: op.actor,
    op: describeOp(op),
    phase,
    phases,
    observed: op.result ?? 'pending',
    allowed,
    status,
  };
}

function opLabel(op: HistoryOp): string {
  const result = op.result ? ` → ${formatOutcome(op.result)}` : ' (pending)';
  return `op #${op.id} (${op.actor}: ${describeOp(op)}${result})`;
}

function allowedText(r: CandidateReport): string {
  if (r.allowed.length === 0) return 'not enabled (blocks)';
  return r.allowed.map((a) => (a.result ? formatOutcome(a.result) : `phase ${r.phase + 1}/${r.phases}`)).join(' or ');
}

export function safetyDiagnosis<S>(search: PartSearch<S>, deepest: SearchPoint<S>, mode: SearchMode): Diagnosis {
  const stop = describeStop(search, deepest, mode);
  const steps = linearizedSteps(search, deepest.path);
  let summary: string;
  if (stop.deadline) {
    const op = search.ops.find((o) => o.id === stop.deadline!.opId)!;
    const own = stop.candidates.find((c) => c.opId === op.id);
    const because = own
      ? own.allowed.length === 0
        ? 'the model does not enable it'
        : own.status === 'mismatch'
          ? `the model allows ${allowedText(own)}`
          : 'every way the model allows leads to a dead end later'
      : 'the operations that had to come first cannot';
    summary =
      `No linearization explains ${opLabel(op)}, which returned at ${stop.deadline.ret}: ` +
      `after the longest partial linearization found (${plural(steps.length, 'step')}), ${because}.`;
  } else {
    summary = `No linearization explains the completed operations (longest partial linearization: ${plural(steps.length, 'step')}).`;
  }
  return {
    summary,
    linearized: steps,
    stateKey: stop.stateKey,
    ...(stop.deadline ? { deadline: stop.deadline } : {}),
    candidates: stop.candidates,
    unexplained: stop.unexplained,
    partOpIds: search.ops.map((o) => o.id),
  };
}

/**
 * A liveness diagnosis: `at` explains every completed operation; the stuck operations either
 * took effect on the way (their last phase is in `at.path`) or are enabled at its end.
 */
export function livenessDiagnosis<S>(search: PartSearch<S>, at: SearchPoint<S>): { diagnosis: Diagnosis; stuck: StuckOp[] } {
  const stuck: StuckOp[] = [];
  const tookEffect = new Map<number, SearchStep<S>>();
  const phases = new Map<number, number>();
  const taken = new Map<number, number>();
  for (const s of at.path) {
    phases.set(s.op, s.phases);
    taken.set(s.op, s.phase + 1);
    if (search.pending[s.op] && s.phase === s.phases - 1) tookEffect.set(s.op, s);
  }
  const candidates: CandidateReport[] = [];
  for (let i = 0; i < search.ops.length; i++) {
    if (!search.pending[i]) continue;
    const op = search.ops[i];
    const took = tookEffect.get(i);
    if (took) {
      const allowed: AllowedTransition[] = [
        { ...(took.transition.result ? { result: took.transition.result } : {}), ...(took.transition.rule ? { rule: took.transition.rule } : {}) },
      ];
      stuck.push({ opId: op.id, reason: 'took-effect', allowed });
      continue;
    }
    const p = phases.get(i) ?? search.phasesIn(at.state, i);
    // Its next phase: the last one if it registered, else the one it waits to begin.
    const report = candidateReport(search, at.state, i, Math.min(taken.get(i) ?? 0, p - 1), p, true);
    candidates.push(report);
    if (report.status !== 'blocks') {
      stuck.push({ opId: op.id, reason: 'enabled', allowed: report.allowed.filter((a) => !a.timed) });
    }
  }
  const names = stuck.map((s) => {
    const op = search.ops.find((o) => o.id === s.opId)!;
    const what = s.allowed.map((a) => (a.result ? formatOutcome(a.result) : 'its next phase')).join(' or ');
    return s.reason === 'took-effect'
      ? `${opLabel(op)} must have taken effect (returning ${what}) to explain the others, yet it never returned`
      : `${opLabel(op)} is enabled at the end (the model allows ${what}), yet it never returned`;
  });
  const diagnosis: Diagnosis = {
    summary: `Liveness: ${names.join('; ')}.`,
    linearized: linearizedSteps(search, at.path),
    stateKey: search.model.key(at.state),
    candidates,
    unexplained: [],
    partOpIds: search.ops.map((o) => o.id),
  };
  return { diagnosis, stuck };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function steps(n: number): string {
  return plural(n, 'step');
}

/** The diagnosis as text, for a terminal or a report. */
export function formatDiagnosis(d: Diagnosis, ops?: readonly HistoryOp[]): string {
  const byId = new Map((ops ?? []).map((o) => [o.id, o] as const));
  const name = (id: number): string => {
    const op = byId.get(id);
    return op ? `#${id} ${op.actor}: ${describeOp(op)}` : `#${id}`;
  };
  const lines: string[] = [d.summary];
  if (d.pattern) {
    // The pattern's explanation is the summary; here only its name and operations.
    lines.push(`Forbidden pattern: ${d.pattern.kind} (ops ${d.pattern.opIds.map((id) => `#${id}`).join(', ')})`);
  }
  if (d.linearized.length > 0 || d.candidates.length > 0) {
    lines.push('', `Longest partial linearization (${steps(d.linearized.length)}):`);
    const shown = d.linearized.length > 40 ? d.linearized.slice(-40) : d.linearized;
    if (shown.length < d.linearized.length) lines.push(`  ... ${steps(d.linearized.length - shown.length)} before`);
    const start = d.linearized.length - shown.length;
    shown.forEach((s, j) => {
      const phase = s.phases > 1 ? ` [phase ${s.phase + 1}/${s.phases}]` : '';
      const result = s.result ? ` → ${formatOutcome(s.result)}` : '';
      const rule = s.rule ? `   (${s.rule})` : '';
      lines.push(`  ${String(start + j + 1).padStart(3)}. ${name(s.opId)}${phase}${result}${rule}`);
    });
    lines.push(`State there: ${d.stateKey}`);
  }
  if (d.deadline) {
    lines.push(`${name(d.deadline.opId)} returned at ${d.deadline.ret}: one of these had to take effect before then:`);
  } else if (d.candidates.length > 0) {
    lines.push('Operations that could still take effect there:');
  }
  for (const c of d.candidates) {
    const phase = c.phases > 1 ? ` [phase ${c.phase + 1}/${c.phases}]` : '';
    const observed = c.observed === 'pending' ? 'pending' : formatOutcome(c.observed);
    const allowed =
      c.allowed.length === 0
        ? 'not enabled (blocks)'
        : c.allowed
            .map((a) => `${a.result ? formatOutcome(a.result) : 'enabled'}${a.rule ? ` (${a.rule})` : ''}`)
            .join(', ');
    lines.push(`  #${c.opId} ${c.actor}: ${c.op}${phase}   observed ${observed}   model allows ${allowed}   [${c.status}]`);
  }
  if (d.unexplained.length > 0) {
    const shown = d.unexplained.slice(0, 20).map((id) => `#${id}`).join(', ');
    lines.push(`Unexplained completed operations: ${shown}${d.unexplained.length > 20 ? `, ... (${d.unexplained.length})` : ''}`);
  }
  return lines.join('\n');
}

// The fast decider for `fifo-queue` histories: complete histories whose enqueued values are
// distinct. It maps operations onto intervals, runs the O(n log n) procedure of
// uniqueQueue.ts, and turns its answer into a checker result:
// - `ok` only after replaying the witness on a sequential queue and checking real-time order,
//   so a linearizable verdict never rests on the procedure's proof alone;
// - `safety` with the forbidden pattern (which operations, which stamps) that proves it.
// Anything outside its preconditions (a pending operation, a repeated value, an unknown
// operation) is `undecided`, and the general search decides.

import type { Outcome, Value } from '../../../spec/model/types.ts';
import { canonicalJson, formatOutcome, formatValue, outcome } from '../../../spec/model/types.ts';
import type { HistoryOp } from '../../history/types.ts';
import type { Decider, DeciderInput, DeciderResult } from '../deciders.ts';
import type { Diagnosis, LinearizedStep, ViolationPattern } from '../types.ts';
import { describeOp } from '../types.ts';
import { FIFO_QUEUE } from './fifoQueueModel.ts';
import type { Because, QueueViolation, UniqueQueueHistory } from './uniqueQueue.ts';
import { decideUniqueQueue } from './uniqueQueue.ts';

/** A value's identity for uniqueness: numbers as themselves, anything else by its JSON text (keys in any order: sameValue). */
function valueKey(v: Value): number | string {
  return typeof v === 'number' ? v : `json:${canonicalJson(v)}`;
}

const OK = outcome('Ok');

/** The operations of a queue history, mapped onto the procedure's indices. */
interface QueueOps {
  readonly intervals: UniqueQueueHistory;
  readonly enqOp: readonly HistoryOp[];
  /** The dequeue of value v, if any. */
  readonly deqOp: readonly (HistoryOp | undefined)[];
  readonly emptyOp: readonly HistoryOp[];
  readonly valueOf: readonly Value[];
}

type Mapping = { readonly ok: QueueOps } | { readonly result: DeciderResult };

function undecided(reason: string): { result: DeciderResult } {
  return { result: { verdict: 'undecided', reason } };
}

function violated(ops: readonly HistoryOp[], pattern: ViolationPattern, prefix: readonly LinearizedStep[] = []): { result: DeciderResult } {
  return { result: { verdict: 'safety', diagnosis: patternDiagnosis(ops, pattern, prefix) } };
}

function mapOps(ops: readonly HistoryOp[]): Mapping {
  const enqOp: HistoryOp[] = [];
  const valueOf: Value[] = [];
  const indexOfValue = new Map<number | string, number>();
  const deqs: HistoryOp[] = [];
  const emptyOp: HistoryOp[] = [];
  const target = ops.length > 0 ? ops[0].target : '';
  for (const op of ops) {
    if (op.ret === undefined) return undecided(`op #${op.id} is pending: the fast decider needs a complete history`);
    // One queue per decision (checkHistory partitions by target first, unless told not to).
    if (op.target !== target) return undecided(`ops on several queues (${target}, ${op.target})`);
    const result = op.result!;
    if (op.name === 'enq') {
      if (op.args.length !== 1) return undecided(`op #${op.id}: enq takes one argument`);
      if (result.kind !== 'Ok' || result.value !== undefined) {
        return violated(ops, impossibleResult(op, 'Ok'));
      }
      const key = valueKey(op.args[0]);
      if (indexOfValue.has(key)) return undecided(`value ${formatValue(op.args[0])} is enqueued twice: values are not distinct`);
      indexOfValue.set(key, enqOp.length);
      enqOp.push(op);
      valueOf.push(op.args[0]);
    } else if (op.name === 'deq') {
      if (op.args.length !== 0) return undecided(`op #${op.id}: deq takes no argument`);
      if (result.kind === 'Empty' && result.value === undefined) emptyOp.push(op);
      else if (result.kind === 'Ok' && result.value !== undefined) deqs.push(op);
      else return violated(ops, impossibleResult(op, 'Ok(v) or Empty'));
    } else {
      return undecided(`op #${op.id}: unknown operation ${op.name}`);
    }
  }
  const V = enqOp.length;
  const deqOp: (HistoryOp | undefined)[] = new Array(V).fill(undefined);
  for (const d of deqs) {
    const v = indexOfValue.get(valueKey(d.result!.value!));
    if (v === undefined) {
      return violated(ops, {
        kind: 'value-from-nowhere',
        opIds: [d.id],
        explanation: `${deqLabel(d)} returned ${formatOutcome(d.result!)}, a value no operation enqueued.`,
      });
    }
    const first = deqOp[v];
    if (first) {
      return violated(ops, {
        kind: 'duplicate-dequeue',
        opIds: [enqOp[v].id, first.id, d.id],
        explanation:
          `${formatValue(valueOf[v])} was enqueued once (${enqLabel(enqOp[v])}) but dequeued twice: ` +
          `${deqLabel(first)} and ${deqLabel(d)}.`,
      });
    }
    deqOp[v] = d;
  }
  const enqCall = new Float64Array(V);
  const enqRet = new Float64Array(V);
  const dequeued = new Uint8Array(V);
  const deqCall = new Float64Array(V).fill(Infinity);
  const deqRet = new Float64Array(V).fill(Infinity);
  for (let v = 0; v < V; v++) {
    enqCall[v] = enqOp[v].call;
    enqRet[v] = enqOp[v].ret!;
    const d = deqOp[v];
    if (d) {
      dequeued[v] = 1;
      deqCall[v] = d.call;
      deqRet[v] = d.ret!;
    }
  }
  const M = emptyOp.length;
  const emptyCall = new Float64Array(M);
  const emptyRet = new Float64Array(M);
  for (let j = 0; j < M; j++) {
    emptyCall[j] = emptyOp[j].call;
    emptyRet[j] = emptyOp[j].ret!;
  }
  const intervals: UniqueQueueHistory = { values: V, enqCall, enqRet, dequeued, deqCall, deqRet, empties: M, emptyCall, emptyRet };
  return { ok: { intervals, enqOp, deqOp, emptyOp, valueOf } };
}

export const fifoQueueDecider: Decider = {
  name: FIFO_QUEUE,
  model: FIFO_QUEUE,
  decide(input: DeciderInput): DeciderResult {
    const mapping = mapOps(input.ops);
    if ('result' in mapping) return mapping.result;
    const q = mapping.ok;
    const answer = decideUniqueQueue(q.intervals, input.deadline);
    switch (answer.kind) {
      case 'timeout':
        return { verdict: 'undecided', reason: 'time budget exhausted in the fifo-queue decider' };
      case 'inconclusive':
        return { verdict: 'undecided', reason: `fifo-queue decider: ${answer.reason}` };
      case 'violation': {
        const prefix = stepsOf(q, answer.prefix);
        return { verdict: 'safety', diagnosis: patternDiagnosis(input.ops, describeViolation(q, answer.violation), prefix) };
      }
      case 'linearizable': {
        const problem = witnessProblem(q, answer.events);
        if (problem) return { verdict: 'undecided', reason: `fifo-queue decider: witness rejected by replay (${problem})` };
        return { verdict: 'ok', linearization: stepsOf(q, answer.events), blocked: [] };
      }
    }
  },
};

function stepsOf(q: QueueOps, events: Int32Array): LinearizedStep[] {
  const V = q.intervals.values;
  const steps: LinearizedStep[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e >= 2 * V) {
      steps[i] = { opId: q.emptyOp[e - 2 * V].id, phase: 0, phases: 1, result: outcome('Empty'), rule: 'QUEUE-DEQ-EMPTY' };
    } else if (e % 2 === 0) {
      steps[i] = { opId: q.enqOp[e >> 1].id, phase: 0, phases: 1, result: OK, rule: 'QUEUE-ENQ' };
    } else {
      const d = q.deqOp[e >> 1]!;
      steps[i] = { opId: d.id, phase: 0, phases: 1, result: d.result!, rule: 'QUEUE-DEQ-HEAD' };
    }
  }
  return steps;
}

/**
 * The decider's own check of its witness, before answering `ok`: every operation exactly once,
 * each dequeue returning the head of a sequential queue and each Empty seeing it empty, and
 * real-time order respected. Works on the mapped intervals (cheap); `replayProblem` is the
 * same check on operations.
 */
function witnessProblem(q: QueueOps, events: Int32Array): string | undefined {
  const h = q.intervals;
  const V = h.values;
  let expected = V + h.empties;
  for (let v = 0; v < V; v++) expected += h.dequeued[v];
  if (events.length !== expected) return `${events.length} events for ${expected} operations`;
  const seen = new Uint8Array(2 * V + h.empties);
  const fifo = new Int32Array(V);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (seen[e]) return `event ${e} repeated`;
    seen[e] = 1;
    if (e >= 2 * V) {
      if (head !== tail) return `op #${q.emptyOp[e - 2 * V].id} returned Empty on a non-empty queue`;
    } else if (e % 2 === 0) {
      fifo[tail++] = e >> 1;
    } else {
      if (head === tail || fifo[head] !== e >> 1) return `op #${q.deqOp[e >> 1]!.id} did not return the head`;
      head++;
    }
  }
  let minLaterRet = Infinity;
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    const v = e >> 1;
    const call = e >= 2 * V ? h.emptyCall[e - 2 * V] : e % 2 === 0 ? h.enqCall[v] : h.deqCall[v];
    const ret = e >= 2 * V ? h.emptyRet[e - 2 * V] : e % 2 === 0 ? h.enqRet[v] : h.deqRet[v];
    if (!(call < minLaterRet)) return `event ${e} placed before an operation that returned before it was called`;
    if (ret < minLaterRet) minLaterRet = ret;
  }
  return undefined;
}

/**
 * Independent check of a witness: every operation exactly once, each result what a sequential
 * queue returns, and real-time order respected (each step's call precedes every later step's
 * ret). Returns a description of the first problem, or undefined.
 */
export function replayProblem(ops: readonly HistoryOp[], steps: readonly LinearizedStep[]): string | undefined {
  const byId = new Map(ops.map((o) => [o.id, o] as const));
  if (steps.length !== ops.length) return `${steps.length} steps for ${ops.length} operations`;
  const seen = new Set<number>();
  const queue: (number | string)[] = [];
  let head = 0;
  const seq: HistoryOp[] = [];
  for (const s of steps) {
    const op = byId.get(s.opId);
    if (!op || seen.has(s.opId)) return `step for op #${s.opId} unknown or repeated`;
    seen.add(s.opId);
    seq.push(op);
    if (op.name === 'enq') {
      queue.push(valueKey(op.args[0]));
    } else if (op.result!.kind === 'Empty') {
      if (head < queue.length) return `op #${op.id} returned Empty on a non-empty queue`;
    } else {
      if (head >= queue.length || queue[head] !== valueKey(op.result!.value!)) return `op #${op.id} did not return the head`;
      head++;
    }
  }
  let minLaterRet = Infinity;
  for (let i = seq.length - 1; i >= 0; i--) {
    if (!(seq[i].call < minLaterRet)) return `op #${seq[i].id} placed before an operation that returned before it was called`;
    minLaterRet = Math.min(minLaterRet, seq[i].ret!);
  }
  return undefined;
}

// ---- Explanations -------------------------------------------------------------------------

function enqLabel(op: HistoryOp): string {
  return `enq(${formatValue(op.args[0])}) #${op.id} [${op.call}, ${op.ret}]`;
}

function deqLabel(op: HistoryOp): string {
  return `deq→${op.result ? formatOutcome(op.result) : '?'} #${op.id} [${op.call}, ${op.ret}]`;
}

function impossibleResult(op: HistoryOp, allowed: string): ViolationPattern {
  return {
    kind: 'impossible-result',
    opIds: [op.id],
    explanation: `op #${op.id} (${describeOp(op)}) returned ${formatOutcome(op.result as Outcome)}; the model only returns ${allowed}.`,
  };
}

function becauseText(q: QueueOps, b: Because): string {
  const v = formatValue(q.valueOf[b.value]);
  const enq = (x: number): HistoryOp => q.enqOp[x];
  const deq = (x: number): HistoryOp => q.deqOp[x]!;
  switch (b.kind) {
    case 'enq-before-empty':
      return `${enqLabel(enq(b.value))} returned before ${deqLabel(q.emptyOp[b.empty])} was called, so ${v} was enqueued before it`;
    case 'deq-before-empty':
      return `${deqLabel(deq(b.value))} returned before ${deqLabel(q.emptyOp[b.empty])} was called, so ${v} was enqueued before it`;
    case 'enq-before-enq':
      return `${enqLabel(enq(b.value))} returned before ${enqLabel(enq(b.other))} was called, so ${v} is ahead of ${formatValue(q.valueOf[b.other])}`;
    case 'deq-before-deq':
      return `${deqLabel(deq(b.value))} returned before ${deqLabel(deq(b.other))} was called, so ${v} is ahead of ${formatValue(q.valueOf[b.other])}`;
    case 'deq-before-enq':
      return `${deqLabel(deq(b.value))} returned before ${enqLabel(enq(b.other))} was called, so ${v} is ahead of ${formatValue(q.valueOf[b.other])}`;
    case 'enq-before-deq':
      return `${enqLabel(enq(b.value))} returned before ${deqLabel(deq(b.other))} was called, so ${v} was in the queue before ${formatValue(q.valueOf[b.other])} left it`;
  }
}

/** A chain of reasons, told from the Empty outwards (the procedure records it the other way). */
function chainText(q: QueueOps, backwards: readonly Because[]): string {
  const chain = [...backwards].reverse();
  const shown = chain.length > 6 ? [...chain.slice(0, 3), ...chain.slice(-3)] : chain;
  const parts = shown.map((b) => becauseText(q, b));
  if (shown.length < chain.length) parts.splice(3, 0, `... (${chain.length - 6} more links)`);
  return parts.join('; ');
}

function chainOps(q: QueueOps, chain: readonly Because[]): number[] {
  const ids = new Set<number>();
  for (const b of chain) {
    ids.add(q.enqOp[b.value].id);
    const d = q.deqOp[b.value];
    if (d) ids.add(d.id);
    if ('empty' in b) ids.add(q.emptyOp[b.empty].id);
  }
  return [...ids];
}

function describeViolation(q: QueueOps, v: QueueViolation): ViolationPattern {
  const pattern = describeViolationUnsorted(q, v);
  return { ...pattern, opIds: [...new Set(pattern.opIds)].sort((a, b) => a - b) };
}

function describeViolationUnsorted(q: QueueOps, v: QueueViolation): ViolationPattern {
  const val = (x: number): string => formatValue(q.valueOf[x]);
  switch (v.kind) {
    case 'dequeued-before-enqueued': {
      const d = q.deqOp[v.value]!;
      return {
        kind: 'dequeued-before-enqueued',
        opIds: [q.enqOp[v.value].id, d.id],
        explanation: `${deqLabel(d)} returned before ${enqLabel(q.enqOp[v.value])} was called.`,
      };
    }
    case 'non-empty-at-empty': {
      const m = q.emptyOp[v.empty];
      const d = q.deqOp[v.value];
      const cause =
        v.cause === 'never-dequeued'
          ? `${val(v.value)} was never dequeued`
          : v.cause === 'enq-after-empty'
            ? `${enqLabel(q.enqOp[v.value])} was only called after ${deqLabel(m)} returned`
            : `its only dequeue, ${deqLabel(d!)}, was called after ${deqLabel(m)} returned`;
      return {
        kind: 'non-empty-at-empty',
        opIds: [m.id, ...chainOps(q, v.chain)],
        explanation:
          `${deqLabel(m)} returned Empty, but ${val(v.value)} was in the queue wherever it can take effect: ` +
          `${val(v.value)} had to be enqueued before it (${chainText(q, v.chain)}), and ${cause}.`,
      };
    }
    case 'empty-order': {
      const m = q.emptyOp[v.empty];
      const later = q.emptyOp[v.later];
      const d = q.deqOp[v.value]!;
      const e = q.enqOp[v.value];
      const op = d.call >= e.call ? deqLabel(d) : enqLabel(e);
      return {
        kind: 'empty-order',
        opIds: [later.id, m.id, ...chainOps(q, v.chain)],
        explanation:
          `${deqLabel(later)} returned Empty before ${op} was called, so it took effect before ${val(v.value)} left the queue; ` +
          `yet ${val(v.value)} must be enqueued and dequeued before every Empty called at or after ${m.call} ` +
          `(${chainText(q, v.chain)}), and ${deqLabel(later)} was called at ${later.call}.`,
      };
    }
    case 'fifo-order':
      return {
        kind: 'fifo-order',
        opIds: [...chainOps(q, [v.aAhead]), ...chainOps(q, [v.bAhead])],
        explanation:
          `${val(v.a)} and ${val(v.b)} must each be ahead of the other in the queue: ` +
          `${becauseText(q, v.aAhead)}; and ${becauseText(q, v.bAhead)}.`,
      };
    case 'never-dequeued-ahead':
      return {
        kind: 'never-dequeued-ahead',
        opIds: [q.enqOp[v.undequeued].id, q.enqOp[v.dequeued].id, q.deqOp[v.dequeued]!.id],
        explanation:
          `${enqLabel(q.enqOp[v.undequeued])} returned before ${enqLabel(q.enqOp[v.dequeued])} was called, so ` +
          `${val(v.undequeued)} is ahead of ${val(v.dequeued)}; ${val(v.dequeued)} was dequeued ` +
          `(${deqLabel(q.deqOp[v.dequeued]!)}) but ${val(v.undequeued)} never was.`,
      };
  }
}

const HEADLINES: Record<string, string> = {
  'impossible-result': 'An operation returned a result the queue never returns',
  'value-from-nowhere': 'A dequeue returned a value that was never enqueued',
  'duplicate-dequeue': 'A value was dequeued twice',
  'dequeued-before-enqueued': 'A value was dequeued before it was enqueued',
  'non-empty-at-empty': 'A dequeue returned Empty while the queue held a value',
  'empty-order': 'An Empty result contradicts the order values must leave the queue',
  'fifo-order': 'Two values left the queue in the wrong order (FIFO violation)',
  'never-dequeued-ahead': 'A value stayed in the queue while a later one left',
};

function patternDiagnosis(ops: readonly HistoryOp[], pattern: ViolationPattern, prefix: readonly LinearizedStep[]): Diagnosis {
  const explained = new Set(prefix.map((s) => s.opId));
  return {
    summary: `${HEADLINES[pattern.kind] ?? pattern.kind}: ${pattern.explanation}`,
    linearized: prefix,
    // The prefix ends with an Empty result (or is empty): the queue is empty there.
    stateKey: '{}',
    candidates: [],
    unexplained: ops.filter((o) => o.ret !== undefined && !explained.has(o.id)).map((o) => o.id),
    partOpIds: ops.map((o) => o.id),
    pattern,
  };
}

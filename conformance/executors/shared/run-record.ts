// What every executor records while it runs a scenario, and how it turns that into the
// parts of a ScenarioRun: the history, each operation's outcome, and the one-line summary.
// The executors differ in how they get stamps (a counter in one thread, Atomics.add across
// workers, a child's own clock), not in what they make of them.
import type { NumberedOp, RunOutcome } from '../../../spec/model/explore.ts';
import type { Outcome } from '../../../spec/model/types.ts';
import type { History, HistoryOp } from '../../history/types.ts';
import type { Scenario } from '../../scenario/types.ts';
import type { RunVerdict, ScenarioRun } from './scenario-run.ts';

/** One operation's stamps, and its result once it returned. */
export interface Stamps {
  readonly call: number;
  ret?: number;
  result?: Outcome;
  /** Set by executors that control the operation's timer (HistoryOp.timer). */
  timer?: { firedAt?: number };
  /** HistoryOp.waitingAt. */
  waitingAt?: number;
}

export type Records = ReadonlyMap<number, Stamps>;

/** The history as recorded, up to stamp `cut` (a process child's stamps may arrive out of order: the executor cuts where they are gap-free). */
export function recordedHistory(scenario: Scenario, ops: readonly NumberedOp[], records: Records, cut = Infinity): History {
  const out: HistoryOp[] = [];
  for (const op of ops) {
    const record = records.get(op.id);
    if (record === undefined || record.call > cut) continue;
    const { id, actor, name, target, args } = op;
    const done = record.ret !== undefined && record.ret <= cut;
    const timer = record.timer === undefined ? {} : { timer: record.timer.firedAt !== undefined && record.timer.firedAt <= cut ? { firedAt: record.timer.firedAt } : {} };
    const waiting = record.waitingAt !== undefined && record.waitingAt <= cut ? { waitingAt: record.waitingAt } : {};
    out.push({ id, actor, name, target, args, call: record.call, ...(done ? { ret: record.ret, result: record.result } : {}), ...timer, ...waiting });
  }
  return { model: scenario.model, params: scenario.objects, ops: out };
}

/** Per operation, as the explorer reports runs: its outcome, `blocks` (pending at the end) or `not-run`. */
export function recordedOutcomes(ops: readonly NumberedOp[], records: Records, cut = Infinity): RunOutcome[] {
  return ops.map((op) => {
    const record = records.get(op.id);
    if (record === undefined || record.call > cut) return 'not-run';
    return record.ret !== undefined && record.ret <= cut && record.result !== undefined ? record.result : 'blocks';
  });
}

export interface SummaryWords {
  /** `adapter NAME`, with the executor where it helps. */
  readonly who: string;
  /** The pending operations, each as `A: rx.recv() (op 3)`. */
  readonly pending: () => readonly string[];
  /** What the watchdog did besides giving up (`and the child was killed`). */
  readonly watchdogNote?: string;
  /** How long the executor waited before calling pending operations a liveness failure (real-time executors). */
  readonly waitedMs?: number;
}

/** One line for a reader, the same words on every executor. */
export function summarizeRun(verdict: RunVerdict, extra: Pick<ScenarioRun, 'check' | 'failure' | 'watchdog'>, words: SummaryWords): string {
  const { who } = words;
  const pending = () => words.pending().join(', ') || 'none';
  if (extra.failure !== undefined) return extra.failure.message;
  if (extra.watchdog?.heldEventLoop === true) {
    return `${who} held the event loop for ${extra.watchdog.elapsedMs} ms without yielding (a loop that never awaits, or an endless chain of promise callbacks), past its budget of ${extra.watchdog.budgetMs} ms for holding it, and was stopped; its state may be broken for the runs after this one; pending: ${pending()}`;
  }
  if (extra.watchdog !== undefined) {
    return `${who}: the run exceeded its real-time budget of ${extra.watchdog.budgetMs} ms${words.watchdogNote === undefined ? '' : ` ${words.watchdogNote}`}; pending: ${extra.watchdog.pending.join(', ') || 'none'}`;
  }
  const waited = words.waitedMs === undefined ? '' : ` (waited ${words.waitedMs} ms)`;
  switch (verdict) {
    case 'ok':
      return 'the history is explained by the model';
    case 'unchecked':
      return 'recorded, not checked';
    case 'unknown':
      return 'the checker could not decide within its budget';
    case 'safety':
      return `${who}: the history is not explained by the model`;
    case 'liveness':
      return extra.check?.at === 'quiescence'
        ? `${who} fell quiet with operations pending that the model says must complete before the suffix${waited}: ${pending()}`
        : `${who}: operations left pending that the model says must complete${waited}: ${pending()}`;
    default:
      return verdict;
  }
}

// The checker's entry point: is a recorded history explainable by a model?
//
// Semantics (linearizability extended for blocking operations):
// - each operation's phases take effect at points strictly inside (call, ret), in phase order,
//   ret = +∞ for a pending operation; all phases form one order that respects real time;
// - a completed operation takes all its phases, and its last phase's result is the observed one;
// - a pending operation is *blocked* if it took its non-final phases (it registered as a waiter)
//   and its last phase is not enabled in the final state.
// Verdicts: `ok` if some linearization leaves every pending operation blocked; `liveness` if
// the completed operations can be explained, but only with some pending operation enabled at
// the end or having taken effect; `safety` if the completed operations cannot be explained at
// all; `unknown` if the budget ran out first.

import type { Model } from '../../spec/model/types.ts';
import type { History, HistoryOp } from '../history/types.ts';
import { deciderFor } from './deciders.ts';
import { formatDiagnosis, linearizedSteps, livenessDiagnosis, safetyDiagnosis } from './diagnosis.ts';
import { mergeLinearizations, splitByObjects } from './partition.ts';
import type { SearchLimits } from './search.ts';
import { PartSearch } from './search.ts';
import type { CheckOptions, CheckResult, CheckStats, Diagnosis, LinearizedStep, StuckOp } from './types.ts';
import { validateHistoryOps } from './validate.ts';

export const DEFAULT_BUDGET_MS = 10_000;

/**
 * Below this many operations, a fast decider's `safety` verdict is also run through the
 * general search, to attach what the model allowed at the longest partial linearization
 * (and to cross-check the decider). Counterexamples shown to users are this small.
 */
const ENRICH_WITH_SEARCH_UP_TO = 64;
const ENRICH_BUDGET_MS = 250;

type PartResult =
  | { readonly verdict: 'ok'; readonly linearization: readonly LinearizedStep[]; readonly blocked: readonly number[] }
  | { readonly verdict: 'safety'; readonly diagnosis: Diagnosis }
  | { readonly verdict: 'liveness'; readonly diagnosis: Diagnosis; readonly stuck: readonly StuckOp[] }
  | { readonly verdict: 'unknown'; readonly reason: string };

interface PartOutcome {
  readonly result: PartResult;
  readonly decidedBy: string;
  readonly configurations: number;
  readonly cacheHits: number;
}

export function checkHistory<S, P>(model: Model<S, P>, history: History<P>, options: CheckOptions = {}): CheckResult {
  const started = performance.now();
  if (history.model !== model.name) {
    throw new Error(`checkHistory: the history is of model '${history.model}' but was given model '${model.name}'`);
  }
  validateHistoryOps(history.ops);
  const limits: SearchLimits = {
    deadline: started + (options.budgetMs ?? DEFAULT_BUDGET_MS),
    maxCacheEntries: options.maxCacheEntries ?? Infinity,
    timedTransitionsEnabled: options.timedTransitionsEnabled ?? false,
  };
  const parts = options.partition === false ? [[...history.ops]] : splitByObjects(model, history.ops, history.params);
  const initial = model.init(history.params);

  const outcomes: PartOutcome[] = [];
  for (const ops of parts) {
    const outcome = checkPart(model, ops, history.params, initial, limits, options.useDeciders !== false);
    outcomes.push(outcome);
    if (outcome.result.verdict === 'safety') break;
  }
  const stats: CheckStats = {
    configurations: outcomes.reduce((n, o) => n + o.configurations, 0),
    cacheHits: outcomes.reduce((n, o) => n + o.cacheHits, 0),
    ms: performance.now() - started,
    parts: parts.length,
    decidedBy: outcomes.map((o) => o.decidedBy),
  };
  return combine(outcomes.map((o) => o.result), parts.length, history.ops, stats);
}

/** Combines independent parts: any safety failure decides; then unknown; then liveness; else ok. */
function combine(results: readonly PartResult[], partCount: number, ops: readonly HistoryOp[], stats: CheckStats): CheckResult {
  const safety = results.find((r) => r.verdict === 'safety');
  if (safety) return { verdict: 'safety', diagnosis: safety.diagnosis, stats };
  const unknown = results.filter((r) => r.verdict === 'unknown');
  const liveness = results.filter((r) => r.verdict === 'liveness');
  if (unknown.length > 0) {
    const also = liveness.length > 0 ? `; another part has a liveness failure (${liveness[0].diagnosis.summary})` : '';
    const reason = unknown.length === 1 && partCount === 1 ? unknown[0].reason : `${unknown.length} of ${partCount} parts undecided: ${unknown[0].reason}`;
    return { verdict: 'unknown', reason: reason + also, stats };
  }
  if (liveness.length > 0) {
    return { verdict: 'liveness', diagnosis: liveness[0].diagnosis, stuck: liveness.flatMap((r) => r.stuck), stats };
  }
  const oks = results as Extract<PartResult, { verdict: 'ok' }>[];
  return {
    verdict: 'ok',
    linearization: mergeLinearizations(oks.map((r) => r.linearization), ops),
    blocked: oks.flatMap((r) => r.blocked),
    stats,
  };
}

function checkPart<S, P>(
  model: Model<S, P>,
  ops: readonly HistoryOp[],
  params: P,
  initial: S,
  limits: SearchLimits,
  useDeciders: boolean,
): PartOutcome {
  const decider = useDeciders ? deciderFor(model.name) : undefined;
  if (decider) {
    const decided = decider.decide({ model: model as Model<unknown, unknown>, ops, params, deadline: limits.deadline });
    if (decided.verdict === 'safety' && ops.length <= ENRICH_WITH_SEARCH_UP_TO) {
      return enrichWithSearch(model, ops, initial, limits, decided.diagnosis, decider.name);
    }
    if (decided.verdict !== 'undecided') return { result: decided, decidedBy: decider.name, configurations: 0, cacheHits: 0 };
  }
  return searchPart(model, ops, initial, limits);
}

function searchPart<S>(model: Model<S, unknown>, ops: readonly HistoryOp[], initial: S, limits: SearchLimits): PartOutcome {
  const search = new PartSearch(model, ops, initial, limits);
  const done = (result: PartResult): PartOutcome => ({
    result,
    decidedBy: 'search',
    configurations: search.configurations,
    cacheHits: search.cacheHits,
  });
  const blocked = search.run('blocked');
  if (blocked.kind === 'explained') {
    const pendingIds = search.ops.filter((o) => o.ret === undefined).map((o) => o.id);
    return done({ verdict: 'ok', linearization: linearizedSteps(search, blocked.at.path), blocked: pendingIds });
  }
  if (blocked.kind === 'aborted') return done({ verdict: 'unknown', reason: blocked.reason });
  if (blocked.terminal) {
    // The completed operations are explained, but a pending operation is enabled at the end.
    const { diagnosis, stuck } = livenessDiagnosis(search, blocked.terminal);
    return done({ verdict: 'liveness', diagnosis, stuck });
  }
  if (!search.ops.some((o) => o.ret === undefined)) {
    return done({ verdict: 'safety', diagnosis: safetyDiagnosis(search, blocked.deepest, 'blocked') });
  }
  // Perhaps the completed operations are explained only if some pending operation took effect.
  const live = search.run('liveness');
  if (live.kind === 'aborted') return done({ verdict: 'unknown', reason: live.reason });
  if (live.kind === 'exhausted') return done({ verdict: 'safety', diagnosis: safetyDiagnosis(search, live.deepest, 'liveness') });
  const { diagnosis, stuck } = livenessDiagnosis(search, live.at);
  if (stuck.length === 0) {
    // Cannot happen after an exhaustive `blocked` pass (it would have found this explanation).
    return done({ verdict: 'unknown', reason: 'internal: liveness pass found an explanation the blocked pass missed' });
  }
  return done({ verdict: 'liveness', diagnosis, stuck });
}

/**
 * A decider proved a small history unexplainable; the search adds what the model allowed at
 * the longest partial linearization, and cross-checks the verdict.
 */
function enrichWithSearch<S>(
  model: Model<S, unknown>,
  ops: readonly HistoryOp[],
  initial: S,
  limits: SearchLimits,
  decided: Diagnosis,
  deciderName: string,
): PartOutcome {
  const search = new PartSearch(model, ops, initial, {
    deadline: Math.min(limits.deadline, performance.now() + ENRICH_BUDGET_MS),
    maxCacheEntries: limits.maxCacheEntries,
    timedTransitionsEnabled: limits.timedTransitionsEnabled,
  });
  const found = search.run('blocked');
  const outcome = (result: PartResult): PartOutcome => ({
    result,
    decidedBy: deciderName,
    configurations: search.configurations,
    cacheHits: search.cacheHits,
  });
  if (found.kind === 'exhausted' && !found.terminal) {
    const detailed = safetyDiagnosis(search, found.deepest, 'blocked');
    return outcome({ verdict: 'safety', diagnosis: { ...detailed, summary: decided.summary, pattern: decided.pattern! } });
  }
  if (found.kind !== 'aborted') {
    return outcome({
      verdict: 'unknown',
      reason: `internal disagreement: the ${deciderName} decider found a violation but the search explains the completed operations:\n${formatDiagnosis(decided, ops)}`,
    });
  }
  return outcome({ verdict: 'safety', diagnosis: decided });
}

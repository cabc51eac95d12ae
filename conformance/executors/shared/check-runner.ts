// The engine behind `syncspec run` (conformance/run/runSuite.ts): runs one check of a
// rule — an example under several schedules, or a property through fast-check — on an
// adapter's executor, and reports it in the suite's terms, with the counterexample
// printed, its timeline, the diagnosis and the replay token.
import type { Check, Rule } from '../../../spec/index.ts';
import type { Adapter } from '../../adapter/types.ts';
import type { Counterexample } from '../../report/results.ts';
import { renderTimeline } from '../../report/timeline.ts';
import { counterexampleHistory } from '../../report/counterexample-history.ts';
import type { CheckOutcome, CheckRunner } from '../../run/runSuite.ts';
import { checkerJudge } from './checker-judge.ts';
import type { CheckAnswer, Judge } from './judge.ts';
import { CHAPTER_GENERATORS } from '../../scenario/chapter-scenarios.ts';
import { printScenario } from '../../scenario/print-scenario.ts';
import { replay } from './replay.ts';
import { decodeReplayToken } from './replay-token.ts';
import { runExample } from './run-example.ts';
import { runProperty } from './run-property.ts';
import { modesOf, type ThreadsMode } from './execute.ts';
import type { ScenarioRun } from './scenario-run.ts';

export interface EngineOptions {
  /** The judge for a model (default: the history checker on the chapter's model). */
  readonly judgeFor?: (model: string) => Judge<CheckAnswer>;
  /** Schedules each example runs under (default 20). */
  readonly exampleSchedules?: number;
  /** Real-time budget of one scenario run, ms (each executor has its default). */
  readonly budgetMs?: number;
  /** Threads (stress) and process executors: how long an operation the model says must complete may stay pending, ms (their defaults: 10 s, 3 s). */
  readonly livenessMs?: number;
  /** false: a failing property reports the first failing case as found, unshrunk (selftest: only the verdict counts). Default true. */
  readonly shrink?: boolean;
}

/**
 * Schedules each example runs under, per executor. Async runs cost microseconds; a
 * controlled threads run milliseconds (a handoff between threads per schedule point),
 * and a stress run real time (it waits to see whether an actor is blocked), and the
 * threads modes add up for one adapter.
 */
const EXAMPLE_SCHEDULES: { readonly [mode in ThreadsMode | 'async']: number } = { async: 20, controlled: 12, pct: 16, stress: 5 };

/** Chapters whose properties have a scenario generator, and the model they are checked against. */
const PROPERTY_MODELS: { readonly [chapter: string]: string } = Object.fromEntries(Object.entries(CHAPTER_GENERATORS).map(([chapter, g]) => [chapter, g.model]));

export function createCheckRunner(options: EngineOptions = {}): CheckRunner {
  const judges = new Map<string, Judge<CheckAnswer>>();
  const judgeFor = (model: string) => {
    let judge = judges.get(model);
    if (judge === undefined) {
      judge = (options.judgeFor ?? checkerJudge)(model);
      judges.set(model, judge);
    }
    return judge;
  };
  const execute = executeOptionsOf(options);
  const runCheck = async (adapter: Adapter, rule: Rule, check: Check, { runs, seed, mode }: { runs: number; seed: number; mode: ThreadsMode | undefined }): Promise<CheckOutcome> => {
      const executor = executorLabel(adapter, mode);
      if (check.kind === 'example') {
        // A long example may ask for fewer (`schedules:` in its block).
        const schedules = Math.min(check.schedules ?? Infinity, options.exampleSchedules ?? EXAMPLE_SCHEDULES[mode ?? 'async']);
        const result = await runExample({ ...execute, mode, adapter, judge: judgeFor(check.scenario.model), scenario: check.scenario, rule: rule.id, title: check.title, seed, schedules });
        if (result.status === 'pass') {
          return result.unknown === result.runs
            ? { status: 'unknown', runs: result.runs, message: `no run of the example "${check.title}" could be decided or run on ${executor}${result.undecided === undefined ? '' : `: ${result.undecided}`}` }
            : { status: 'pass', runs: result.runs };
        }
        const { failure } = result;
        return failed(result.status, result.runs, executor, check.title, failure.run, failure.example, failure.diagnosis, failure.replay, new Map(failure.mismatches.map((m) => [m.opId, `the spec allows ${m.expected.join(' | ')}`])));
      }
      const model = PROPERTY_MODELS[check.chapter];
      if (model === undefined) return { status: 'unknown', runs: 0, message: `syncspec has no scenario generator for the ${check.chapter} chapter yet` };
      const result = await runProperty({ ...execute, mode, adapter, judge: judgeFor(model), config: check.config, chapter: check.chapter, rule: rule.id, title: check.title, runs, seed, ...(options.shrink === false ? { shrink: false } : {}) });
      if (result.status === 'n/a') return { status: 'n/a', runs: 0, message: `nothing to generate: ${result.reason}` };
      if (result.status === 'pass') {
        const { histories, overlapping, unknown, features } = result.quality;
        return {
          status: unknown === histories && histories > 0 ? 'unknown' : 'pass',
          runs: result.runs,
          ...(unknown > 0 ? { message: `${unknown} of ${histories} histories were too hard to decide` } : {}),
          quality: { histories, overlapping, features },
        };
      }
      const { failure } = result;
      const note = failure.reproducible ? '' : '\n(this is the run that failed: running the counterexample again did not fail the same way, so this interleaving does not replay)';
      return failed(result.status, result.runs, executor, check.title, failure.run, failure.example, failure.diagnosis + note, failure.replay);
  };
  return {
    // A threads adapter with schedule points runs each check under controlled schedules
    // (random choices, then PCT), then under stress; the first failure decides.
    async run(adapter: Adapter, rule: Rule, check: Check, { runs, seed }): Promise<CheckOutcome> {
      const outcomes: CheckOutcome[] = [];
      const modes = modesOf(adapter);
      for (const mode of modes) {
        const outcome = await runCheck(adapter, rule, check, { runs: runsUnder(mode, modes, runs), seed, mode });
        if (outcome.status === 'fail' || outcome.status === 'error') return { ...outcome, runs: outcomes.reduce((n, o) => n + o.runs, outcome.runs) };
        outcomes.push(outcome);
      }
      return mergeOutcomes(outcomes);
    },
    async replay(adapter: Adapter, token: string): Promise<CheckOutcome> {
      return (await replayCheck(adapter, token, options)).outcome;
    },
  };
}

/**
 * Runs per property under each mode. Alone, a mode gets them all. Beside controlled
 * schedules, the two controlled strategies (random choices, PCT) share them, and stress
 * gets a quarter (at least 10): its runs cost real time and cannot shrink.
 */
function runsUnder(mode: ThreadsMode | undefined, modes: readonly (ThreadsMode | undefined)[], runs: number): number {
  if (modes.length === 1) return runs;
  if (mode === 'stress') return Math.min(runs, Math.max(10, Math.ceil(runs / 4)));
  return Math.ceil(runs / 2);
}

/** Passing outcomes of one check under several executors, as one. */
function mergeOutcomes(outcomes: readonly CheckOutcome[]): CheckOutcome {
  if (outcomes.length === 1) return outcomes[0];
  const runs = outcomes.reduce((n, o) => n + o.runs, 0);
  const messages = outcomes.map((o) => o.message).filter((m): m is string => m !== undefined);
  const qualities = outcomes.map((o) => o.quality).filter((q): q is NonNullable<CheckOutcome['quality']> => q !== undefined);
  const features: Record<string, number> = {};
  for (const q of qualities) for (const [f, n] of Object.entries(q.features)) features[f] = (features[f] ?? 0) + n;
  return {
    status: outcomes.every((o) => o.status === 'unknown') ? 'unknown' : 'pass',
    runs,
    ...(messages.length > 0 ? { message: messages.join('; ') } : {}),
    ...(qualities.length > 0
      ? { quality: { histories: qualities.reduce((n, q) => n + q.histories, 0), overlapping: qualities.reduce((n, q) => n + q.overlapping, 0), features } }
      : {}),
  };
}

/** The engine's options that every scenario run gets. */
function executeOptionsOf(options: EngineOptions): { budgetMs?: number; livenessMs?: number } {
  return { ...(options.budgetMs === undefined ? {} : { budgetMs: options.budgetMs }), ...(options.livenessMs === undefined ? {} : { livenessMs: options.livenessMs }) };
}

/** How a counterexample names where it ran: `async`, `threads (controlled)`. */
function executorLabel(adapter: Adapter, mode: string | undefined): string {
  return mode === undefined ? adapter.executor : `${adapter.executor} (${mode})`;
}

function failed(
  status: 'fail' | 'error',
  runs: number,
  executor: string,
  checkTitle: string,
  run: ScenarioRun,
  scenario: string,
  diagnosis: string,
  replayToken: string,
  marks: ReadonlyMap<number, string> = new Map(),
): CheckOutcome {
  // The operations the model could not explain are marked in the timeline too, as an example's disallowed outcomes
  // are: an abridged timeline (a long flood's) keeps every marked row.
  const history = counterexampleHistory(run.history, marks, run.check?.answer);
  const counterexample: Counterexample = {
    check: checkTitle,
    scenario,
    timeline: renderTimeline(run.history, { marks: new Map(history.marked.map((m) => [m.op, m.note])) }),
    diagnosis,
    executor,
    history,
  };
  return { status, runs, message: run.summary, counterexample, replay: replayToken };
}

/** `syncspec run --replay TOKEN`: the failure again, with the same report as when it was found. */
export async function replayCheck(adapter: Adapter, token: string, options: EngineOptions = {}): Promise<{ readonly rule?: string; readonly outcome: CheckOutcome }> {
  const judge = (options.judgeFor ?? checkerJudge)(decodeReplayToken(token).scenario.model);
  const replayed = await replay(token, { adapter, judge, ...executeOptionsOf(options) });
  const { run, mismatches } = replayed;
  const bad = run.verdict === 'safety' || run.verdict === 'liveness' || run.verdict === 'error' || mismatches.length > 0;
  const title = replayed.token.check ?? 'replay';
  const printed = printScenario(replayed.token.scenario, { title, ...(replayed.token.rule === undefined ? {} : { rule: replayed.token.rule }) });
  const outcome: CheckOutcome = bad
    ? failed(run.verdict === 'error' ? 'error' : 'fail', 1, executorLabel(adapter, replayed.token.mode), title, run, printed, replayed.diagnosis, token, new Map(mismatches.map((m) => [m.opId, `the spec allows ${m.expected.join(' | ')}`])))
    : { status: run.verdict === 'unknown' ? 'unknown' : 'pass', runs: 1, message: 'the replayed run did not fail' };
  return { ...(replayed.token.rule === undefined ? {} : { rule: replayed.token.rule }), outcome };
}

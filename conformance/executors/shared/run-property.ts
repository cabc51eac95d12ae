// Runs one property of a chapter against one adapter: fast-check generates scenarios
// (conformance/scenario/) and schedules, the executor runs each and the judge checks
// it; on failure fast-check shrinks both together (fewer actors, fewer operations,
// simpler values, a shorter schedule) and the minimal counterexample comes back with
// its history, the checker's diagnosis and a replay token.
import fc from 'fast-check';
import type { Adapter } from '../../adapter/types.ts';
import { channelScenarios } from '../../scenario/channel-scenarios.ts';
import { chapterOfConfig, scenariosFor } from '../../scenario/chapter-scenarios.ts';
import { printScenario } from '../../scenario/print-scenario.ts';
import type { PropertyConfig } from '../../scenario/property-config.ts';
import type { Scenario } from '../../scenario/types.ts';
import { executeScenario, type ExecuteOptions } from './execute.ts';
import { hasOverlap } from './history-quality.ts';
import type { CheckAnswer, Judge } from './judge.ts';
import { replayTokenOf } from './replay-token.ts';
import { scheduleArbitrary, type Schedule } from './schedule.ts';
import type { RunVerdict, ScenarioRun } from './scenario-run.ts';

export interface RunPropertyOptions<A extends CheckAnswer> extends Omit<ExecuteOptions<A>, 'schedule' | 'judge'> {
  readonly adapter: Adapter;
  readonly judge: Judge<A>;
  /** The property block's configuration: raw `key: value` strings (Property.config), or a parsed channel configuration. */
  readonly config: PropertyConfig | Readonly<Record<string, string>>;
  /** The chapter whose generator reads `config` (`mutex`, `once`, ...); default: guessed from its keys. */
  readonly chapter?: string;
  /** Named in the replay token and the printed counterexample. */
  readonly rule?: string;
  readonly title?: string;
  /** Generated scenarios (default 100). */
  readonly runs?: number;
  /** fast-check seed (default: random, and reported). */
  readonly seed?: number;
  /** fast-check path, to resume from a known counterexample. */
  readonly path?: string;
  /** false: report the first failing case as found, without shrinking it (default true). */
  readonly shrink?: boolean;
}

export interface PropertyFailure<A extends CheckAnswer> {
  /** The minimal counterexample. */
  readonly scenario: Scenario;
  /** Only the choices the run consumed. */
  readonly schedule: Schedule;
  /** The counterexample run again: its history, verdict, and the checker's answer or the adapter failure. */
  readonly run: ScenarioRun<A>;
  /** The judge's explanation, or the adapter failure, or the watchdog's report. */
  readonly diagnosis: string;
  /** The scenario in the chapters' example notation. */
  readonly example: string;
  readonly replay: string;
  /** fast-check's path to the counterexample. */
  readonly path: string;
  /** False when running the counterexample again did not fail the same way (real threads, a nondeterministic adapter): `run` is then the run that failed. */
  readonly reproducible: boolean;
}

export interface PropertyQuality {
  readonly histories: number;
  /** Histories where operations of two actors overlapped in time. */
  readonly overlapping: number;
  /** Runs the checker could not decide within its budget (counted as passes, never as failures). */
  readonly unknown: number;
  /** Model states visited (`model.features`), with how many histories visited each; empty when the judge cannot say. */
  readonly features: { readonly [feature: string]: number };
}

export type PropertyResult<A extends CheckAnswer = CheckAnswer> =
  | { readonly status: 'pass'; readonly runs: number; readonly seed: number; readonly durationMs: number; readonly quality: PropertyQuality }
  | { readonly status: 'n/a'; readonly reason: string }
  | {
      /** `fail`: the implementation deviates (safety or liveness); `error`: the adapter is broken. */
      readonly status: 'fail' | 'error';
      readonly verdict: RunVerdict;
      readonly runs: number;
      readonly seed: number;
      readonly shrinks: number;
      readonly durationMs: number;
      readonly failure: PropertyFailure<A>;
    };

const DEFAULT_RUNS = 100;

export async function runProperty<A extends CheckAnswer>(options: RunPropertyOptions<A>): Promise<PropertyResult<A>> {
  const started = performance.now();
  const { adapter, judge } = options;
  const generator = isParsedChannelConfig(options.config)
    ? channelScenarios(options.config, adapter.capabilities)
    : scenariosFor(options.chapter ?? chapterOfConfig(options.config), options.config, adapter.capabilities);
  if (!generator.ok) return { status: 'n/a', reason: generator.reason };
  const seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff);
  const execute = { budgetMs: options.budgetMs, checkBudgetMs: options.checkBudgetMs, settleTurns: options.settleTurns, mode: options.mode, livenessMs: options.livenessMs };
  const quality = { histories: 0, overlapping: 0, unknown: 0, features: {} as Record<string, number> };
  // Shrinking keeps the kind of failure first found: a liveness failure must not shrink into
  // an unrelated safety one (or an adapter error), or the diagnosis would change under the reader.
  let failingVerdict: RunVerdict | undefined;
  // The run that made the final counterexample fail (fast-check's counterexample is the last
  // failing input): shown as it happened when running it again does not fail the same way.
  let failingRun: ScenarioRun<A> | undefined;
  // An adapter that held the event loop was stopped mid-operation: its state is suspect, and
  // each further run that spins costs a whole budget. Shrinking stops there.
  let stopped = false;
  const property = fc.asyncProperty(generator.scenarios, scheduleArbitrary({ sparse: adapter.executor === 'async' }), async (scenario, schedule) => {
    if (stopped) return true;
    const run = await executeScenario(scenario, adapter, { ...execute, schedule, judge });
    if (run.watchdog?.heldEventLoop === true) stopped = true;
    if (failingVerdict === undefined) {
      quality.histories++;
      if (hasOverlap(run.history)) quality.overlapping++;
      if (run.verdict === 'unknown') quality.unknown++;
      if (run.verdict === 'ok' && run.check !== undefined && judge.features !== undefined) {
        for (const f of judge.features(run.check.answer, run.history)) quality.features[f] = (quality.features[f] ?? 0) + 1;
      }
    }
    if (!isFailure(run.verdict)) return true;
    if (failingVerdict === undefined) failingVerdict = run.verdict;
    if (run.verdict !== failingVerdict) return true;
    failingRun = run;
    return false;
  });
  // A stress run is not reproducible and a liveness failure there costs the whole deadline:
  // report the first failing case as it is rather than shrink it (controlled runs shrink).
  const endOnFailure = options.mode === 'stress' || options.shrink === false;
  const details = await fc.check(property, { numRuns: options.runs ?? DEFAULT_RUNS, seed, endOnFailure, ...(options.path === undefined ? {} : { path: options.path }) });
  const durationMs = () => performance.now() - started;
  if (!details.failed || details.counterexample === null) {
    return { status: 'pass', runs: details.numRuns, seed, durationMs: durationMs(), quality };
  }
  // A thrown exception (not a failed check) is a bug in the engine or the scenario: surface it.
  if (failingVerdict === undefined) throw details.errorInstance instanceof Error ? details.errorInstance : new Error(`property failed without a failing run: ${String(details.errorInstance)}`);
  const [scenario, fullSchedule] = details.counterexample;
  const held = failingRun?.watchdog?.heldEventLoop === true;
  const again = held ? failingRun! : await executeScenario(scenario, adapter, { ...execute, schedule: fullSchedule, judge });
  const reproducible = again.verdict === failingVerdict;
  const run = reproducible || failingRun === undefined ? again : failingRun;
  const schedule = fullSchedule.slice(0, run.choicesUsed);
  const path = details.counterexamplePath ?? '';
  const failure: PropertyFailure<A> = {
    scenario,
    schedule,
    run,
    diagnosis: held ? `${diagnose(run, judge)}\n(not shrunk: the adapter had to be stopped, and stopping it again for each smaller scenario would cost a budget each)` : diagnose(run, judge),
    example: printScenario(scenario, { title: `counterexample: ${options.title ?? 'property'}`, ...(options.rule === undefined ? {} : { rule: options.rule }) }),
    replay: replayTokenOf(options, { seed, path, scenario, schedule }),
    path,
    reproducible,
  };
  return {
    status: failingVerdict === 'error' ? 'error' : 'fail',
    verdict: failingVerdict,
    runs: details.numRuns,
    seed,
    shrinks: details.numShrinks,
    durationMs: durationMs(),
    failure,
  };
}

function isParsedChannelConfig(config: PropertyConfig | Readonly<Record<string, string>>): config is PropertyConfig {
  return Array.isArray((config as PropertyConfig).ops);
}

export function isFailure(verdict: RunVerdict): boolean {
  return verdict === 'safety' || verdict === 'liveness' || verdict === 'error';
}

/** What a reader needs beside the timeline: the checker's explanation, the adapter's fault, or the watchdog's report. */
export function diagnose<A extends CheckAnswer>(run: ScenarioRun<A>, judge: Judge<A>): string {
  if (run.failure !== undefined || run.watchdog !== undefined || run.check === undefined) return run.summary;
  const where = run.check.at === 'quiescence' ? ' (checked when the actors fell quiet, before the suffix)' : '';
  return `${run.summary}${where}\n${judge.explain(run.check.answer, run.history)}`;
}

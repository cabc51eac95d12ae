// Runs one example of a chapter (a fixed scenario whose operations list the outcomes the
// spec allows) against an adapter, under several schedules: the first ready event
// always, then a sweep or seeded random choices (example-schedules.ts). It passes when,
// under every schedule, each operation's outcome is one it lists and the judge explains
// the history.
import type { Adapter } from '../../adapter/types.ts';
import { printScenario } from '../../scenario/print-scenario.ts';
import type { Scenario } from '../../scenario/types.ts';
import { executeScenario, type ExecuteOptions } from './execute.ts';
import { formatMismatches, outcomeMismatches, type OutcomeMismatch } from './expectations.ts';
import type { CheckAnswer, Judge } from './judge.ts';
import { replayTokenOf } from './replay-token.ts';
import { diagnose } from './run-property.ts';
import { exampleSchedules } from './example-schedules.ts';
import type { Schedule } from './schedule.ts';
import type { ScenarioRun } from './scenario-run.ts';

export interface RunExampleOptions<A extends CheckAnswer> extends Omit<ExecuteOptions<A>, 'schedule' | 'judge'> {
  readonly adapter: Adapter;
  readonly judge: Judge<A>;
  readonly scenario: Scenario;
  readonly rule?: string;
  readonly title?: string;
  /** How many schedules (default 20): the first takes the first ready event every time, the others are seeded. */
  readonly schedules?: number;
  /** Seed of the random schedules (default 1). */
  readonly seed?: number;
}

export interface ExampleFailure<A extends CheckAnswer> {
  readonly schedule: Schedule;
  readonly run: ScenarioRun<A>;
  /** Operations whose outcome the example does not list. */
  readonly mismatches: readonly OutcomeMismatch[];
  readonly diagnosis: string;
  readonly example: string;
  readonly replay: string;
}

export type ExampleResult<A extends CheckAnswer = CheckAnswer> =
  /** `unknown`: runs that could not be decided or run here; `undecided`: why the last of them could not. */
  | { readonly status: 'pass'; readonly runs: number; readonly unknown: number; readonly undecided?: string; readonly durationMs: number }
  | { readonly status: 'fail' | 'error'; readonly runs: number; readonly durationMs: number; readonly failure: ExampleFailure<A> };

const DEFAULT_SCHEDULES = 20;

export async function runExample<A extends CheckAnswer>(options: RunExampleOptions<A>): Promise<ExampleResult<A>> {
  const started = performance.now();
  const { adapter, judge, scenario } = options;
  const seed = options.seed ?? 1;
  const count = options.schedules ?? DEFAULT_SCHEDULES;
  let unknown = 0;
  let undecided: string | undefined;
  const schedules = exampleSchedules(adapter, options.mode, scenario, seed, count);
  for (let i = 0; i < schedules.runs(); i++) {
    const schedule = schedules.scheduleFor(i);
    const run = await executeScenario(scenario, adapter, { budgetMs: options.budgetMs, checkBudgetMs: options.checkBudgetMs, settleTurns: options.settleTurns, mode: options.mode, livenessMs: options.livenessMs, schedule, judge });
    schedules.learn(run);
    if (run.verdict === 'unknown') {
      unknown++;
      undecided = run.skipped ?? run.summary;
    }
    if (run.skipped !== undefined) continue;
    const mismatches = run.verdict === 'error' ? [] : outcomeMismatches(scenario, run.outcomes);
    const failed = run.verdict === 'error' || run.verdict === 'safety' || run.verdict === 'liveness' || mismatches.length > 0;
    if (!failed) continue;
    const used = schedule.slice(0, run.choicesUsed);
    const diagnosis = [mismatches.length > 0 ? formatMismatches(mismatches) : '', run.verdict === 'ok' ? '' : diagnose(run, judge)].filter((s) => s !== '').join('\n');
    return {
      status: run.verdict === 'error' ? 'error' : 'fail',
      runs: i + 1,
      durationMs: performance.now() - started,
      failure: {
        schedule: used,
        run,
        mismatches,
        diagnosis,
        example: printScenario(scenario, { title: options.title ?? 'example', ...(options.rule === undefined ? {} : { rule: options.rule }) }),
        replay: replayTokenOf(options, { seed: i === 0 ? 0 : seed + i, scenario, schedule: used }),
      },
    };
  }
  return { status: 'pass', runs: schedules.runs(), unknown, ...(undecided === undefined ? {} : { undecided }), durationMs: performance.now() - started };
}

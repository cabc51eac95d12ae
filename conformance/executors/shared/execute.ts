// Runs one scenario on the executor the adapter declares, each returning the same
// ScenarioRun shape.
import type { Adapter } from '../../adapter/types.ts';
import type { Scenario } from '../../scenario/types.ts';
import { runAsync, type AsyncEventGeneration } from '../async/run-async.ts';
import { runProcess } from '../process/run-process.ts';
import { runThreads, type ThreadsMode } from '../threads/run-threads.ts';
import type { CheckAnswer, Judge } from './judge.ts';
import type { Schedule } from './schedule.ts';
import type { ScenarioRun } from './scenario-run.ts';

export interface ExecuteOptions<A extends CheckAnswer = CheckAnswer> {
  readonly schedule?: Schedule;
  readonly judge?: Judge<A>;
  /** Real-time budget of one run, ms (the watchdog). */
  readonly budgetMs?: number;
  /** Budget of each check, ms. */
  readonly checkBudgetMs?: number;
  /** Async executor: macrotask turns the library gets to settle between events. */
  readonly settleTurns?: number;
  /** Async executor: the generation of ready events the schedule chooses among (default the latest; an older one to replay an older token). */
  readonly events?: AsyncEventGeneration;
  /** Threads executor: `controlled` (schedule points, the default where the adapter has them) or `stress`. */
  readonly mode?: ThreadsMode;
  /** Threads and process executors: how long an operation the model says must complete may stay pending, ms. */
  readonly livenessMs?: number;
}

export type { ThreadsMode };

/** The executors a scenario runs under for this adapter: `threads` adapters with schedule points get both. */
export function modesOf(adapter: Adapter): readonly (ThreadsMode | undefined)[] {
  if (adapter.executor !== 'threads') return [undefined];
  return adapter.threads?.scheduleHooks === undefined ? ['stress'] : ['controlled', 'pct', 'stress'];
}

export async function executeScenario<A extends CheckAnswer>(scenario: Scenario, adapter: Adapter, options: ExecuteOptions<A>): Promise<ScenarioRun<A>> {
  if (adapter.executor === 'async') return runAsync(scenario, adapter, options);
  if (adapter.executor === 'process') {
    // The process executor calls the same deadline `deadlineMs`.
    return runProcess(scenario, adapter, { ...options, ...(options.livenessMs === undefined ? {} : { deadlineMs: options.livenessMs }) });
  }
  if (adapter.executor === 'threads') {
    const mode = options.mode ?? (adapter.threads?.scheduleHooks === undefined ? 'stress' : 'controlled');
    return runThreads(scenario, adapter, { ...options, mode });
  }
  throw new Error(`adapter ${adapter.name}: the ${adapter.executor} executor is not available yet`);
}

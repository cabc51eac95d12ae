// Runs one scenario on the executor the adapter declares. Only the async executor exists
// so far; the threads and process executors plug in here with the same ScenarioRun shape.
import type { Adapter } from '../../adapter/types.ts';
import type { Scenario } from '../../scenario/types.ts';
import { runAsync } from '../async/run-async.ts';
import { runProcess } from '../process/run-process.ts';
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
}

export async function executeScenario<A extends CheckAnswer>(scenario: Scenario, adapter: Adapter, options: ExecuteOptions<A>): Promise<ScenarioRun<A>> {
  if (adapter.executor === 'async') return runAsync(scenario, adapter, options);
  if (adapter.executor === 'process') return runProcess(scenario, adapter, options);
  throw new Error(`adapter ${adapter.name}: the ${adapter.executor} executor is not available yet`);
}

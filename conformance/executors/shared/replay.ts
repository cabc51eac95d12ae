// Reproduces a failure from its replay token: the same scenario under the same schedule,
// on the same adapter, checked by the same judge.
import type { Adapter } from '../../adapter/types.ts';
import { executeScenario, type ExecuteOptions } from './execute.ts';
import { outcomeMismatches, type OutcomeMismatch } from './expectations.ts';
import type { CheckAnswer, Judge } from './judge.ts';
import { asyncEventsOf, decodeReplayToken, ReplayTokenError, type ReplayToken } from './replay-token.ts';
import { diagnose } from './run-property.ts';
import type { ScenarioRun } from './scenario-run.ts';

export interface Replayed<A extends CheckAnswer> {
  readonly token: ReplayToken;
  readonly run: ScenarioRun<A>;
  /** For an example's scenario: operations whose outcome it does not list. */
  readonly mismatches: readonly OutcomeMismatch[];
  readonly diagnosis: string;
}

export async function replay<A extends CheckAnswer>(
  text: string,
  options: Omit<ExecuteOptions<A>, 'schedule' | 'judge'> & { readonly adapter: Adapter; readonly judge: Judge<A> },
): Promise<Replayed<A>> {
  const token = decodeReplayToken(text);
  if (token.adapter !== options.adapter.name) throw new ReplayTokenError(`the replay token is for adapter ${token.adapter}, not ${options.adapter.name}`);
  if (token.executor !== options.adapter.executor) throw new ReplayTokenError(`the replay token is for the ${token.executor} executor, not ${options.adapter.executor}`);
  const { adapter, judge, ...execute } = options;
  const run = await executeScenario(token.scenario, adapter, { ...execute, ...(token.mode === undefined ? {} : { mode: token.mode }), events: asyncEventsOf(token), schedule: token.schedule, judge });
  return { token, run, mismatches: outcomeMismatches(token.scenario, run.outcomes), diagnosis: diagnose(run, judge) };
}

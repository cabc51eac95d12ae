// How executors and runners talk to the history checker (conformance/checker/), behind a
// small interface so they do not depend on its internals: a model, a check function,
// and optionally a way to explain a failed check to a reader.
import type { Model } from '../../../spec/model/types.ts';
import type { History } from '../../history/types.ts';

export type CheckVerdict = 'ok' | 'safety' | 'liveness' | 'unknown';

/** What executors rely on in the checker's answer; the rest (diagnosis, stats) is passed through untouched. */
export interface CheckAnswer {
  readonly verdict: CheckVerdict;
}

export interface HistoryCheckOptions {
  /**
   * Whether a transition only a timer can fire (`recv_timeout` giving up) counts as
   * enabled when deciding if a pending operation is legitimately blocked. The async
   * executor asks with `false` at quiescence, while virtual timers may still fire: a
   * recv_timeout waiting for its timer is waiting. Default `true`: at the end of a run no
   * timer is left, and a pending operation the model could time out was forgotten.
   */
  readonly timedTransitionsEnabled?: boolean;
  /** Wall-clock budget of one check, ms; past it the checker answers `unknown`. */
  readonly budgetMs?: number;
}

/** `checkHistory(model, history, options)` of conformance/checker, or any function of that shape. */
export type HistoryChecker<A extends CheckAnswer = CheckAnswer> = (
  model: Model<any, any>,
  history: History,
  options?: HistoryCheckOptions,
) => A | Promise<A>;

export interface Judge<A extends CheckAnswer = CheckAnswer> {
  readonly model: Model<any, any>;
  check(history: History, options?: HistoryCheckOptions): A | Promise<A>;
  /** A reader's explanation of a check that did not say `ok`: what the model allowed beside what happened. */
  explain(answer: A, history: History): string;
  /** The model's notable states an `ok` explanation went through, for the history-quality report (when the checker says how it explained the history). */
  features?(answer: A, history: History): readonly string[];
}

export function judgeWith<A extends CheckAnswer>(
  model: Model<any, any>,
  checker: HistoryChecker<A>,
  explain: (answer: A, history: History) => string = (answer) => `the checker's verdict: ${answer.verdict}`,
  features?: (answer: A, history: History) => readonly string[],
): Judge<A> {
  return { model, check: (history, options) => checker(model, history, options), explain, ...(features === undefined ? {} : { features }) };
}

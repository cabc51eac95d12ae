// What an executor returns for one scenario under one schedule: the history, each
// operation's outcome, and the verdict with whatever decided it. Shared by executors so
// runners, reports and replays do not depend on which executor ran.
import type { RunOutcome } from '../../../spec/model/explore.ts';
import type { History } from '../../history/types.ts';
import type { AdapterFailure } from './adapter-failure.ts';
import type { CheckAnswer, CheckVerdict } from './judge.ts';

/** A PCT change point (threads/pct.ts): a step named by its operation and its place in it. */
export interface ChangePoint {
  /** Its operation: 1 for the first the run invoked, 2 for the second... */
  readonly op: number;
  /** Where it falls in that operation: 0 for the operation's first step. */
  readonly inOp: number;
}

/** `error`: the adapter is broken (AdapterFailure). `unchecked`: recorded without a judge. */
export type RunVerdict = CheckVerdict | 'error' | 'unchecked';

export interface TraceEvent {
  /**
   * `invoke` an operation, `release` its settled result to its actor, fire its `timeout`, wake it `spurious`ly, end its
   * closure (`finish`), arm its actor to go on at once when it returns (`eager`), move on to the `suffix`, or, on threads,
   * `end` the thread of the actor whose last operation `op` was.
   */
  readonly kind: 'invoke' | 'release' | 'timeout' | 'spurious' | 'finish' | 'eager' | 'suffix' | 'end';
  readonly op?: number;
}

export interface WatchdogReport {
  /** The budget that ran out: the run's, or with `heldEventLoop` the one for holding the event loop in one go. */
  readonly budgetMs: number;
  readonly elapsedMs: number;
  /** `A: rx.recv() (op 3)`. */
  readonly pending: readonly string[];
  /** The adapter held the event loop (never yielded) for `elapsedMs` and was stopped: its state may be broken for later runs. */
  readonly heldEventLoop?: boolean;
}

export interface ScenarioRun<A extends CheckAnswer = CheckAnswer> {
  readonly verdict: RunVerdict;
  /** One line for a reader. */
  readonly summary: string;
  readonly history: History;
  /** Per op id, as the explorer reports runs: an outcome, `blocks` (pending at the end) or `not-run`. */
  readonly outcomes: readonly RunOutcome[];
  /** The check that decided the verdict: at quiescence (liveness before the suffix) or at the end. */
  readonly check?: { readonly at: 'quiescence' | 'end'; readonly answer: A };
  readonly failure?: AdapterFailure;
  /** Set when the executor cannot run this scenario (verdict `unknown`), and why: e.g. on threads, a channel handle two threads would need at once. */
  readonly skipped?: string;
  /** Set when the real-time budget ran out (verdict `liveness`). */
  readonly watchdog?: WatchdogReport;
  readonly trace: readonly TraceEvent[];
  /** How many choices of the schedule were consumed: the rest did not matter. */
  readonly choicesUsed: number;
  /** Async runs: how many events were ready at each real choice (ScheduleCursor.arities), for DeviationSweep. */
  readonly choiceArities?: readonly number[];
  /** Async runs: how many of the events ready at each real choice were of the newest kinds (ScheduleCursor.newest). */
  readonly choiceNewest?: readonly number[];
  /** In a PCT run: the steps at which a change point would make a difference (PctChooser.changePoints). */
  readonly changePoints?: readonly ChangePoint[];
  readonly durationMs: number;
}

// Which ready events the async executor offers a schedule (run-async.ts), by generation.
/**
 * The generations of the async executor's ready events. Each added kinds listed after those
 * of earlier ones, so a schedule recorded under a generation picks the same events when
 * replayed under it (replay tokens record theirs).
 */
export const ASYNC_EVENTS = {
  /** Invocations, releases, moving on to the suffix, timers, spurious wakeups. */
  plain: 0,
  /** Two lanes invoking in one synchronous stretch. */
  bursts: 1,
  /** Every lane that can invoke, in one synchronous stretch. */
  ticks: 2,
  /** The timers of timed operations that returned before them. */
  lateTimers: 3,
  /** A timer firing and another lane invoking in one synchronous stretch, either way round. */
  timerBursts: 4,
  /** A lane whose next operation is invoked in the promise reaction of its previous one's result. */
  eager: 5,
  /**
   * A lane invoking its operations back to back, in one synchronous stretch, for as long as each completes at once;
   * and a zero timeout's signal has aborted at the call (before, it fired once the library had settled).
   */
  runs: 6,
} as const;

export type AsyncEventGeneration = (typeof ASYNC_EVENTS)[keyof typeof ASYNC_EVENTS];

export const LATEST_ASYNC_EVENTS: AsyncEventGeneration = ASYNC_EVENTS.runs;

// The async executor: runs a Scenario against an adapter's async channel API in one
// thread, with the order of events chosen from a schedule (a list of choices), and
// records the History.
//
// Staging is the explorer's (spec/model/explore.ts): main runs the prefix alone; then
// the actors; once no actor can progress (quiescence), main runs the suffix,
// interleaved with whatever it unblocks; the run ends when nothing can progress.
//
// Ready events, in the order a choice indexes them:
//   - per lane (main's prefix; the actors; the actors and main's suffix): the release of
//     its settled operation to the actor, or the invocation of its next operation;
//   - the end of each running closure (an initializer of the once family: it returns or
//     panics when the schedule chooses, so that other callers can arrive while it runs),
//     listed first;
//   - when two or more lanes can invoke, per such lane: invoking its next operation and,
//     in the same synchronous stretch, before the library's pending microtasks run, the
//     next such lane's operations for as long as they complete at once (a burst: two
//     tasks of a JavaScript program calling in the same tick, so that another thread runs
//     while this one is between two steps the library separated by an `await`);
//   - when three or more lanes can invoke, per such lane: a tick, in which every one of
//     them invokes its next operation, from that lane on in turn, in one synchronous
//     stretch (tasks started together, as `Promise.all` starts them: a whole generation
//     of a barrier can pass before the library resumes a party released before it);
//   - at quiescence in the parallel stage, moving on to the suffix;
//   - the virtual timer of each pending timed wait (recv_timeout, wait_timeout,
//     wait_timeout_while);
//   - for an adapter with `condvar:spurious`, a spurious wakeup of each pending condvar
//     wait (once per wait). When nothing but spurious wakeups is left, ending the run
//     comes first: a spurious wakeup may happen, or never (spec/model/explore.ts);
//   - last, the *late* timer of each timed operation that completed before its timer
//     fired: a real timer (AbortSignal.timeout) fires all the same, so a library whose
//     abort listener outlives its operation, and acts on a later one, shows.
//   - then, per waiting timed operation and per other lane that can invoke, a *timer
//     burst*: the timer fires and, before the library's promise callbacks run, that lane
//     invokes its next operation (a task that aborts and then sends): a receive that
//     decides Timeout at once but unhooks its waiter a microtask later loses the value;
//     and the other way round (the lane invokes, then the timer fires);
//   - per lane waiting or able to invoke, with an operation after its current one or
//     another lane able to invoke, an *eager continuation*: when that operation returns, the
//     lane's next is invoked in the promise reaction, and the next other lane that can invoke
//     invokes in the same stretch (`await a(); await b()`, before any macrotask: a library
//     whose bookkeeping lags its promises by a macrotask shows);
//   - last, per lane able to invoke with two operations or more to go, a *run*: it invokes
//     them back to back in one synchronous stretch while each completes at once
//     (`cv.notify_one(); cv.notify_one()` in one task: a wake-up finished a microtask late,
//     or a counter a whole stretch wraps, shows).
// Where nothing can be invoked or released while operations are pending, the library gets
// more time (settle.ts: more macrotask turns, zero-delay timers) before anything is concluded.
// Each kind belongs to a generation (event-generations.ts), listed after the kinds of
// earlier ones, so that a recorded schedule replays under its generation.
// Choice 0 (and an exhausted schedule) thus runs each lane as far as it goes, in order,
// and fires a timer only when nothing else can happen, as a long timeout would; it never
// wakes a waiter spuriously. A timed wait of 0 ms is handed a signal already aborted (its
// deadline has passed; before generation 6, it fired once the library had settled): it gives
// up at once if it cannot complete.
//
// Stamps come from one counter: the invocation just before calling the adapter, the
// response when its result settles (a `.then` on the promise: the effect happened
// before the settlement), or at once for a synchronous result, which is also released
// at once. The actor observes a settled promise only when the schedule releases it.
import { numberOps, type NumberedOp } from '../../../spec/model/explore.ts';
import type { Adapter } from '../../adapter/types.ts';
import type { History } from '../../history/types.ts';
import type { Scenario } from '../../scenario/types.ts';
import { describeOp } from '../../report/timeline.ts';
import { AdapterFault, adapterFailure, type AdapterFailure } from '../shared/adapter-failure.ts';
import type { CheckAnswer, Judge } from '../shared/judge.ts';
import type { RunVerdict, ScenarioRun, TraceEvent } from '../shared/scenario-run.ts';
import { recordedHistory, recordedOutcomes, summarizeRun, type Stamps } from '../shared/run-record.ts';
import { ScheduleCursor, type Schedule } from '../shared/schedule.ts';
import { AsyncHandles, type Invocation } from './async-handles.ts';
import { timeoutOfOp } from '../shared/op-timeout.ts';
import { RunningClosures, type RunningClosure } from './handles/once.ts';
import { DEFAULT_SETTLE_TURNS, settle, settleBeforeConcluding } from './settle.ts';
import { guardEventLoop, type GuardedRun, type Stall } from './event-loop-guard.ts';
import { ASYNC_EVENTS, LATEST_ASYNC_EVENTS, type AsyncEventGeneration } from './event-generations.ts';

export { ASYNC_EVENTS, LATEST_ASYNC_EVENTS, type AsyncEventGeneration };

/**
 * The whole run's real-time budget. Generous: a correct library's run of a few hundred
 * operations takes milliseconds, but two red-team runs measured 5 s (the old budget) with
 * the machine's load at 11 on 2 cores, and a run past it is reported as the adapter's fault.
 */
export const DEFAULT_BUDGET_MS = 30_000;
/** How long the adapter may hold the event loop in one go (event-loop-guard.ts): a synchronous step, not a run. */
export const DEFAULT_STALL_MS = 5_000;

/** The capability with which the executor may wake condvar waiters spuriously (AsyncCondvar). */
export const SPURIOUS_CAPABILITY = 'condvar:spurious';

export interface AsyncRunOptions<A extends CheckAnswer = CheckAnswer> {
  readonly schedule?: Schedule;
  /**
   * The model and checker. With one, the run checks liveness when the actors fall quiet
   * and gives the final verdict; without, it only records (verdict `unchecked`).
   */
  readonly judge?: Judge<A>;
  /**
   * Real-time budget of the run, ms (default 30 s), not counting time in the judge. Past it
   * the run ends with a liveness verdict naming the adapter and the pending operations. Also,
   * when given, how long the adapter may hold the event loop (default 5 s).
   */
  readonly budgetMs?: number;
  /** Macrotask turns the library gets to settle after each event (default 3). */
  readonly settleTurns?: number;
  /** Budget of each check, passed to the checker. */
  readonly checkBudgetMs?: number;
  /**
   * Which generation of ready events the schedule chooses among (`ASYNC_EVENTS`; default the
   * latest). An older one only to replay a token recorded under it: a schedule's choices
   * index the ready events.
   */
  readonly events?: AsyncEventGeneration;
}

export type AsyncRun<A extends CheckAnswer = CheckAnswer> = ScenarioRun<A>;

export async function runAsync<A extends CheckAnswer = CheckAnswer>(scenario: Scenario, adapter: Adapter, options: AsyncRunOptions<A> = {}): Promise<AsyncRun<A>> {
  const execution = new AsyncExecution(scenario, adapter, options);
  const run = await guardEventLoop(`adapter ${adapter.name}`, execution.stallMs, (guarded) => execution.run(guarded), (stall) => execution.stalled(stall));
  return endRun(adapter, run, execution.budgetMs);
}

/** The adapter's `endRun` hook after the run; a throw, or no settling within the run's budget, makes the run an adapter error. */
async function endRun<A extends CheckAnswer>(adapter: Adapter, run: AsyncRun<A>, budgetMs: number): Promise<AsyncRun<A>> {
  if (adapter.endRun === undefined) return run;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let problem: string | undefined;
  try {
    const overdue = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`did not settle within ${budgetMs} ms`), budgetMs)));
    problem = await Promise.race([Promise.resolve(adapter.endRun()).then(() => undefined), overdue]);
  } catch (e) {
    problem = `threw ${String(e)}`;
  } finally {
    clearTimeout(timer);
  }
  if (problem === undefined) return run;
  const failure = adapterFailure(adapter.name, new AdapterFault('endRun', problem));
  return { ...run, verdict: 'error', failure, summary: failure.message };
}

interface InFlight {
  readonly op: NumberedOp;
  settled: boolean;
  readonly timer?: Timer;
  readonly wakeup?: { readonly controller: AbortController; fired: boolean };
  /** Set by an eager event: when the operation returns, its lane goes on at once (`continueEagerly`). */
  eager?: true;
}

/** One actor's sequence of operations in one stage, and where it is. */
class Lane {
  next = 0;
  inFlight?: InFlight;

  constructor(
    readonly actor: string,
    readonly ops: readonly NumberedOp[],
  ) {}

  get finished(): boolean {
    return this.next >= this.ops.length && this.inFlight === undefined;
  }
}

type ReadyEvent =
  | { readonly kind: 'invoke' | 'release' | 'timeout' | 'spurious'; readonly lane: Lane }
  | { readonly kind: 'finish'; readonly closure: RunningClosure }
  | { readonly kind: 'burst'; readonly lane: Lane; readonly then: Lane }
  /** `lane`'s timer fires and `then` invokes, in one synchronous stretch, in the order `timerFirst` says. */
  | { readonly kind: 'timer-burst'; readonly lane: Lane; readonly then: Lane; readonly timerFirst: boolean }
  | { readonly kind: 'tick'; readonly lanes: readonly Lane[] }
  | { readonly kind: 'late-timer'; readonly timer: Timer }
  /** `lane` goes on at once when its (next or pending) operation returns: `continueEagerly`. */
  | { readonly kind: 'eager'; readonly lane: Lane }
  /** `lane` invokes its operations back to back, in one synchronous stretch, while each completes at once: `runOn`. */
  | { readonly kind: 'run'; readonly lane: Lane }
  | { readonly kind: 'suffix' | 'end' };

/** The virtual timer of a timed operation: it fires once, while the operation waits or, late, after it returned. */
interface Timer {
  readonly op: number;
  readonly controller: AbortController;
  readonly ms: number;
  fired: boolean;
}

class AsyncExecution<A extends CheckAnswer> {
  private readonly ops: NumberedOp[];
  private readonly prefix: Lane;
  private readonly actors: Lane[];
  private readonly suffix: Lane;
  private stage: 'prefix' | 'parallel' | 'suffix' = 'prefix';
  private clock = 0;
  /** The clock when the actors were last found quiet and checked (no need to check again before anything happens). */
  private quietCheckedAt = -1;
  /** The clock when the library was last given more time with nothing else ready (`settleBeforeConcluding`); cleared by every event. */
  private settledQuietAt?: number;
  private readonly records = new Map<number, Stamps>();
  private readonly trace: TraceEvent[] = [];
  /** Every timed operation's timer, in invocation order: those of returned operations not fired yet are late timers. */
  private readonly timers: Timer[] = [];
  /** The closures the adapter is running (once family): each ends when the schedule chooses. */
  private readonly closures = new RunningClosures();
  private readonly cursor: ScheduleCursor;
  readonly budgetMs: number;
  /** How long the adapter may hold the event loop in one go. */
  readonly stallMs: number;
  private readonly turns: number;
  private readonly events: AsyncEventGeneration;
  private readonly started = performance.now();
  /** Time spent in the judge: the watchdog measures the adapter, not the checker. */
  private judgingMs = 0;
  private failure?: AdapterFailure;
  /** An error of the executor's own thrown in a promise reaction, for the run loop to rethrow. */
  private thrown?: { readonly error: unknown };
  /** Set when the run is over: a promise settling later is not part of the history. */
  private over = false;
  /** The run's result once given: after a stall, the abandoned loop stops at its next step. */
  private ended?: AsyncRun<A>;
  private guarded: GuardedRun = { pause() {}, resume() {} };

  constructor(
    private readonly scenario: Scenario,
    private readonly adapter: Adapter,
    private readonly options: AsyncRunOptions<A>,
  ) {
    this.ops = numberOps(scenario);
    this.prefix = new Lane('main', this.ops.filter((o) => o.stage === 'prefix'));
    this.actors = scenario.actors.map((a) => new Lane(a.name, this.ops.filter((o) => o.stage === 'parallel' && o.actor === a.name)));
    this.suffix = new Lane('main', this.ops.filter((o) => o.stage === 'suffix'));
    this.cursor = new ScheduleCursor(options.schedule ?? []);
    this.budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
    this.stallMs = options.budgetMs ?? DEFAULT_STALL_MS;
    this.turns = options.settleTurns ?? DEFAULT_SETTLE_TURNS;
    this.events = options.events ?? LATEST_ASYNC_EVENTS;
  }

  async run(guarded?: GuardedRun): Promise<AsyncRun<A>> {
    if (guarded !== undefined) this.guarded = guarded;
    if (this.adapter.executor !== 'async') {
      return this.failed(adapterFailure(this.adapter.name, new AdapterFault('executor', `is '${this.adapter.executor}': the async executor runs adapters with executor 'async'`)));
    }
    let handles: AsyncHandles;
    try {
      handles = new AsyncHandles(this.adapter, this.scenario.objects, this.closures);
    } catch (e) {
      if (e instanceof AdapterFault) return this.failed(adapterFailure(this.adapter.name, e));
      throw e;
    }
    for (;;) {
      if (this.ended !== undefined) return this.ended;
      if (this.thrown !== undefined) throw this.thrown.error;
      if (this.failure !== undefined) return this.failed(this.failure);
      if (this.adapterMs() > this.budgetMs) return this.watchdogExpired();
      await this.fireZeroTimers();
      if (this.stage === 'prefix' && this.prefix.finished) this.stage = 'parallel';
      const ready = this.readyEvents();
      const quiet = ready.every((e) => e.kind !== 'invoke' && e.kind !== 'release' && e.kind !== 'finish');
      // Nothing can be invoked or released: before a timer, the suffix or the end takes
      // pending operations for blocked, the library gets more time (settle.ts).
      if (quiet && this.pendingLanes().length > 0 && this.settledQuietAt !== this.clock) {
        this.settledQuietAt = this.clock;
        const clock = this.clock;
        await settleBeforeConcluding(() => this.clock !== clock || this.failure !== undefined, this.turns);
        continue;
      }
      if (ready.length === 0) break;
      // Nothing left but timers (and moving on, or spurious wakeups): before a timer may
      // fire, what the model says must complete must have completed — otherwise a lost
      // wakeup on a timed wait would pass as an allowed Timeout.
      if (quiet && ready.some((e) => e.kind === 'timeout') && this.quietCheckedAt !== this.clock) {
        this.quietCheckedAt = this.clock;
        const stopped = await this.checkQuiescence();
        if (stopped !== undefined) return stopped;
      }
      const event = ready[this.cursor.choose(ready.length, ready.filter((e) => e.kind === 'eager').length)];
      this.settledQuietAt = undefined;
      if (event.kind === 'end') break;
      if (event.kind === 'suffix') {
        this.trace.push({ kind: 'suffix' });
        const stopped = this.quietCheckedAt === this.clock ? undefined : await this.checkQuiescence();
        if (stopped !== undefined) return stopped;
        // A channel operation still pending now is blocked in the library: registered as waiting.
        if (this.scenario.model === 'channel') {
          for (const lane of this.pendingLanes()) {
            const record = this.records.get(lane.inFlight!.op.id);
            if (record !== undefined) record.waitingAt = this.clock + 0.5;
          }
        }
        this.stage = 'suffix';
        continue;
      }
      if (event.kind === 'finish') {
        this.trace.push({ kind: 'finish', ...(event.closure.op === undefined ? {} : { op: event.closure.op }) });
        event.closure.finish();
        await settle(this.turns);
        continue;
      }
      if (event.kind === 'burst') {
        await this.burst(event.lane, event.then, handles);
        continue;
      }
      if (event.kind === 'timer-burst') {
        await this.timerBurst(event.lane, event.then, event.timerFirst, handles);
        continue;
      }
      if (event.kind === 'tick') {
        await this.invokeTogether(event.lanes, handles);
        continue;
      }
      if (event.kind === 'eager') {
        await this.armEagerly(event.lane, handles);
        continue;
      }
      if (event.kind === 'run') {
        await this.runOn(event.lane, handles);
        continue;
      }
      if (event.kind === 'late-timer') {
        this.trace.push({ kind: 'timeout', op: event.timer.op });
        await this.fireTimer(event.timer);
        continue;
      }
      if (!('lane' in event)) continue;
      this.trace.push({ kind: event.kind, op: (event.lane.inFlight?.op ?? event.lane.ops[event.lane.next]).id });
      if (event.kind === 'invoke') await this.invoke(event.lane, handles);
      else if (event.kind === 'release') this.release(event.lane);
      else if (event.kind === 'spurious') await this.wakeSpuriously(event.lane);
      else if (event.lane.inFlight?.timer !== undefined) await this.fireTimer(event.lane.inFlight.timer);
    }
    return this.finish();
  }

  private lanes(): readonly Lane[] {
    if (this.stage === 'prefix') return [this.prefix];
    if (this.stage === 'parallel') return this.actors;
    return [...this.actors, this.suffix];
  }

  private readyEvents(): ReadyEvent[] {
    const lanes = this.lanes();
    // A running closure ends first under choice 0, as if it took no time.
    const events: ReadyEvent[] = this.closures.running.map((closure) => ({ kind: 'finish', closure }));
    const invocable = lanes.filter((lane) => lane.inFlight === undefined && lane.next < lane.ops.length);
    for (const lane of lanes) {
      if (lane.inFlight?.settled === true) events.push({ kind: 'release', lane });
      else if (invocable.includes(lane)) events.push({ kind: 'invoke', lane });
    }
    if (this.events >= ASYNC_EVENTS.bursts) {
      if (invocable.length > 1) invocable.forEach((lane, i) => events.push({ kind: 'burst', lane, then: invocable[(i + 1) % invocable.length] }));
      if (invocable.length > 2 && this.events >= ASYNC_EVENTS.ticks) invocable.forEach((_, i) => events.push({ kind: 'tick', lanes: [...invocable.slice(i), ...invocable.slice(0, i)] }));
    }
    if (this.stage === 'parallel' && events.length === 0) events.push({ kind: 'suffix' });
    // The lanes whose timed operation waits with its timer not fired yet.
    const timed = lanes.filter((lane) => lane.inFlight?.timer?.fired === false && !lane.inFlight.settled);
    for (const lane of timed) events.push({ kind: 'timeout', lane });
    const spurious: ReadyEvent[] = [];
    for (const lane of lanes) {
      const wakeup = lane.inFlight?.wakeup;
      if (wakeup !== undefined && !wakeup.fired && lane.inFlight?.settled === false) spurious.push({ kind: 'spurious', lane });
    }
    // Nothing but spurious wakeups: the run may end here (first), or one may come.
    if (events.length === 0 && spurious.length > 0) events.push({ kind: 'end' });
    return [...events, ...spurious, ...this.lateTimersReady(), ...this.timerBurstsReady(timed, invocable), ...this.eagerReady(lanes, invocable), ...this.runsReady(invocable)];
  }

  private async invoke(lane: Lane, handles: AsyncHandles): Promise<void> {
    this.begin(lane, handles);
    await this.settleAfter([lane]);
  }

  /**
   * Invokes `first`'s next operation, then — before the library's pending microtasks run —
   * `then`'s operations for as long as each completes at once, and lets the library settle.
   */
  private async burst(first: Lane, then: Lane, handles: AsyncHandles): Promise<void> {
    this.trace.push({ kind: 'invoke', op: first.ops[first.next].id });
    this.begin(first, handles);
    while (this.failure === undefined && then.inFlight === undefined && then.next < then.ops.length) {
      this.trace.push({ kind: 'invoke', op: then.ops[then.next].id });
      if (!this.begin(then, handles)) break;
    }
    await this.settleAfter([first, then]);
  }

  /** Invokes the next operation of each of `lanes`, in order, in one synchronous stretch, then lets the library settle. */
  private async invokeTogether(lanes: readonly Lane[], handles: AsyncHandles): Promise<void> {
    for (const lane of lanes) {
      if (this.failure !== undefined) break;
      this.trace.push({ kind: 'invoke', op: lane.ops[lane.next].id });
      this.begin(lane, handles);
    }
    await this.settleAfter(lanes);
  }

  /** Lets the library settle; a zero timeout then gives up as soon as it cannot complete: no other event comes between. */
  private async settleAfter(lanes: readonly Lane[]): Promise<void> {
    await settle(this.turns);
    await this.fireZeroTimers(lanes);
  }

  /** The synchronous part of invoking `lane`'s next operation: whether it completed at once (and was released). */
  private begin(lane: Lane, handles: AsyncHandles): boolean {
    const op = lane.ops[lane.next];
    const timeoutMs = timeoutOfOp(op);
    const spurious = this.adapter.capabilities.includes(SPURIOUS_CAPABILITY) && handles.wakesSpuriously(op);
    // Made only for an operation that can be woken spuriously (and the timer below only for
    // one that can time out): most are neither.
    const wakeup = spurious ? new AbortController() : undefined;
    const record: Stamps = { call: this.tick() };
    // The timer is the executor's: a zero timeout has expired at the call, another when fired.
    if (timeoutMs !== undefined) record.timer = timeoutMs === 0 ? { firedAt: record.call } : {};
    const timer: Timer | undefined = timeoutMs === undefined ? undefined : { op: op.id, controller: new AbortController(), ms: timeoutMs, fired: false };
    if (timer !== undefined) this.timers.push(timer);
    // A zero timeout's deadline has passed when the operation starts: its signal has aborted already, as a
    // deadline's would (a library that gives up on an aborted signal before it looks for a value shows).
    // Before generation `runs`, it fired once the library had settled (fireZeroTimers): replays keep that.
    if (timer?.ms === 0 && this.events >= ASYNC_EVENTS.runs) {
      timer.fired = true;
      timer.controller.abort();
    }
    this.records.set(op.id, record);
    let invocation: Invocation;
    try {
      invocation = handles.invoke(op, timer?.controller.signal, wakeup?.signal);
    } catch (e) {
      if (!(e instanceof AdapterFault)) throw e;
      this.failure = adapterFailure(this.adapter.name, e, op);
      return false;
    }
    if ('result' in invocation) {
      record.ret = this.tick();
      record.result = invocation.result;
      lane.next++;
      return true;
    }
    const inFlight: InFlight = {
      op,
      settled: false,
      ...(timer !== undefined ? { timer } : {}),
      ...(wakeup !== undefined ? { wakeup: { controller: wakeup, fired: false } } : {}),
    };
    lane.inFlight = inFlight;
    invocation.pending.then(
      (result) => {
        if (this.over) return;
        record.ret = this.tick();
        record.result = result;
        inFlight.settled = true;
        if (inFlight.eager === true) {
          this.trace.push({ kind: 'release', op: op.id });
          this.release(lane);
          this.continueEagerly(lane, handles);
        }
      },
      (e: unknown) => {
        if (this.over || this.failure !== undefined) return;
        if (e instanceof AdapterFault) this.failure = adapterFailure(this.adapter.name, e, op);
        else this.failure = adapterFailure(this.adapter.name, new AdapterFault(op.name, `failed: ${String(e)}`), op);
      },
    );
    return false;
  }

  private release(lane: Lane): void {
    lane.inFlight = undefined;
    lane.next++;
  }

  /** The late timers: those of operations that have returned (released or not), not fired yet. */
  private lateTimersReady(): ReadyEvent[] {
    if (this.events < ASYNC_EVENTS.lateTimers) return [];
    return this.timers.filter((timer) => !timer.fired && this.records.get(timer.op)?.ret !== undefined).map((timer) => ({ kind: 'late-timer', timer }));
  }

  /**
   * Per waiting timed operation and per other lane that can invoke, a timer burst each
   * way. Timer first: the timer fires and, in the same synchronous stretch, before the
   * library's abort listeners have run their promise callbacks, that lane invokes its next
   * operation (a task that aborts and then sends, or a second abort listener that sends: a
   * receive that unhooks its waiter a microtask after its timer fired must not take the
   * value then). Invocation first: the lane invokes, then the timer fires, before the
   * library's callbacks for the invocation have run (a task that drops the last sender and
   * then aborts a receive: the receive must see the drop). The invocation-first bursts come
   * last of all the events, so that a schedule recorded before they existed picks the
   * same events.
   */
  private timerBurstsReady(timed: readonly Lane[], invocable: readonly Lane[]): ReadyEvent[] {
    if (this.events < ASYNC_EVENTS.timerBursts) return [];
    // (A lane waiting on its timer is never among the invocable.)
    const bursts = (timerFirst: boolean) => timed.flatMap((lane) => invocable.map((then): ReadyEvent => ({ kind: 'timer-burst', lane, then, timerFirst })));
    return [...bursts(true), ...bursts(false)];
  }

  private async timerBurst(timed: Lane, then: Lane, timerFirst: boolean, handles: AsyncHandles): Promise<void> {
    const timer = timed.inFlight!.timer!;
    const fire = () => {
      this.trace.push({ kind: 'timeout', op: timer.op });
      this.fire(timer);
    };
    if (timerFirst) fire();
    this.trace.push({ kind: 'invoke', op: then.ops[then.next].id });
    this.begin(then, handles);
    // Invocation first: whatever it decided for the timed operation reaches it in a promise
    // callback, so its timer fires while it is still open (and the model allows either outcome).
    if (!timerFirst) fire();
    await this.settleAfter([then]);
  }

  /**
   * Per lane that can invoke or waits (and is not armed yet), with an operation after its
   * current one or another lane that can invoke: an eager continuation. The lane's task goes
   * on the moment its operation returns, in the promise reaction, before any macrotask (as
   * `await a(); await b()` does): its next operation is invoked there, and the next other lane
   * that can invoke then invokes its own in the same stretch (another task going on at that
   * moment). A library that finishes its bookkeeping a few callbacks or a macrotask after it
   * settles a promise shows: a barrier party that re-enters the next generation, and another
   * party that completes it, before a party released earlier has woken (red team 12).
   */
  private eagerReady(lanes: readonly Lane[], invocable: readonly Lane[]): ReadyEvent[] {
    if (this.events < ASYNC_EVENTS.eager) return [];
    const armable = lanes.filter((lane) => {
      const waiting = lane.inFlight !== undefined && !lane.inFlight.settled && lane.inFlight.eager === undefined;
      // Something must go on: the lane's own next operation, or another lane's.
      const goesOn = lane.next + 1 < lane.ops.length || invocable.some((other) => other !== lane);
      return goesOn && (waiting || invocable.includes(lane));
    });
    return armable.map((lane) => ({ kind: 'eager', lane }));
  }

  /**
   * Per lane that can invoke and has two operations or more to go: a run, in which it invokes
   * them back to back in one synchronous stretch for as long as each completes at once, as a
   * task calling synchronous methods in a row does (`cv.notify_one(); cv.notify_one()`): a
   * library that finishes a wake-up in a microtask shows, and so does a counter that a whole
   * stretch of operations wraps while a waiter has yet to look at it.
   */
  private runsReady(invocable: readonly Lane[]): ReadyEvent[] {
    if (this.events < ASYNC_EVENTS.runs) return [];
    return invocable.filter((lane) => lane.next + 1 < lane.ops.length).map((lane) => ({ kind: 'run', lane }));
  }

  private async runOn(lane: Lane, handles: AsyncHandles): Promise<void> {
    do this.trace.push({ kind: 'invoke', op: lane.ops[lane.next].id });
    while (this.begin(lane, handles) && this.failure === undefined && lane.next < lane.ops.length);
    await this.settleAfter([lane]);
  }

  /** An eager event: arms the lane's waiting operation, or invokes its next one armed. */
  private async armEagerly(lane: Lane, handles: AsyncHandles): Promise<void> {
    const invoking = lane.inFlight === undefined;
    this.trace.push({ kind: 'eager', op: (lane.inFlight?.op ?? lane.ops[lane.next]).id });
    if (lane.inFlight === undefined) {
      this.trace.push({ kind: 'invoke', op: lane.ops[lane.next].id });
      // A result returned at once is awaited all the same: the task goes on a microtask later.
      if (this.begin(lane, handles)) queueMicrotask(() => this.continueEagerly(lane, handles));
    }
    if (lane.inFlight !== undefined) lane.inFlight.eager = true;
    if (invoking) await this.settleAfter([lane]);
  }

  /** In the reaction to a lane's returned operation: its next operation, then the next other lane's that can invoke. */
  private continueEagerly(lane: Lane, handles: AsyncHandles): void {
    try {
      this.invokeEagerly(lane, handles);
    } catch (e) {
      // Not the adapter's (begin makes those failures): the run loop rethrows it.
      this.thrown ??= { error: e };
    }
  }

  private invokeEagerly(lane: Lane, handles: AsyncHandles): void {
    if (this.over || this.failure !== undefined) return;
    if (lane.next < lane.ops.length) {
      this.trace.push({ kind: 'invoke', op: lane.ops[lane.next].id });
      this.begin(lane, handles);
      if (this.failure !== undefined) return;
    }
    const lanes = this.lanes();
    const at = lanes.indexOf(lane);
    const other = [...lanes.slice(at + 1), ...lanes.slice(0, at)].find((l) => l.inFlight === undefined && l.next < l.ops.length);
    if (other === undefined) return;
    this.trace.push({ kind: 'invoke', op: other.ops[other.next].id });
    this.begin(other, handles);
  }

  /**
   * Under generations before `runs`, a zero timeout that could not complete gives up: after the
   * event that invoked it (`settleAfter`), and, at the top of each step, for an operation an eager
   * continuation invoked in a promise reaction. (Since, its signal has aborted at the call.)
   */
  private async fireZeroTimers(lanes: readonly Lane[] = this.lanes()): Promise<void> {
    for (const lane of lanes) {
      const inFlight = lane.inFlight;
      if (inFlight?.timer?.ms === 0 && !inFlight.settled) await this.fireTimer(inFlight.timer);
    }
  }

  /** Fires a timer: its operation's, while it waits, or a late one, after it returned (which changes nothing recorded). */
  private async fireTimer(timer: Timer): Promise<void> {
    if (timer.fired) return;
    this.fire(timer);
    await settle(this.turns);
  }

  /** The synchronous part of firing a timer: the abort listeners run, their promise callbacks not yet. */
  private fire(timer: Timer): void {
    timer.fired = true;
    const record = this.records.get(timer.op);
    // Between the last stamp and the next: after everything that has happened so far.
    if (record !== undefined && record.ret === undefined && record.timer !== undefined && record.timer.firedAt === undefined) record.timer.firedAt = this.clock + 0.5;
    timer.controller.abort();
  }

  private async wakeSpuriously(lane: Lane): Promise<void> {
    const wakeup = lane.inFlight?.wakeup;
    if (wakeup === undefined || wakeup.fired) return;
    wakeup.fired = true;
    wakeup.controller.abort();
    await settle(this.turns);
  }

  private tick(): number {
    return ++this.clock;
  }

  private pendingLanes(): Lane[] {
    return [this.prefix, ...this.actors, this.suffix].filter((l) => l.inFlight !== undefined && !l.inFlight.settled);
  }

  /** `A: rx.recv() (op 3)` for each operation still waiting. */
  private describePending(): string[] {
    return this.pendingLanes().map((l) => `${l.actor}: ${describeOp(l.inFlight!.op)} (op ${l.inFlight!.op.id})`);
  }

  /**
   * The actors fell quiet. Before main's suffix runs, the history so far must be
   * explainable with every pending operation blocked, timers not counting: otherwise the
   * implementation stopped where the model says some operation must complete (a lost
   * wakeup, a missed disconnection), and running the suffix would hide it.
   */
  private async checkQuiescence(): Promise<AsyncRun<A> | undefined> {
    const judge = this.options.judge;
    if (judge === undefined || this.pendingLanes().length === 0) return undefined;
    const answer = await this.judged(judge, false);
    if (answer.verdict !== 'liveness' && answer.verdict !== 'safety') return undefined;
    return this.result(answer.verdict, { check: { at: 'quiescence', answer } });
  }

  private async finish(): Promise<AsyncRun<A>> {
    this.over = true;
    const judge = this.options.judge;
    if (judge === undefined) return this.result('unchecked', {});
    const answer = await this.judged(judge, true);
    return this.result(answer.verdict, { check: { at: 'end', answer } });
  }

  /** The judge's answer on the history so far; its time is not the adapter's. */
  private async judged(judge: Judge<A>, timedTransitionsEnabled: boolean): Promise<A> {
    const judging = performance.now();
    this.guarded.pause();
    try {
      return await judge.check(this.history(), { timedTransitionsEnabled, ...this.checkBudget() });
    } finally {
      this.guarded.resume();
      this.judgingMs += performance.now() - judging;
    }
  }

  private checkBudget(): { budgetMs?: number } {
    return this.options.checkBudgetMs === undefined ? {} : { budgetMs: this.options.checkBudgetMs };
  }

  private failed(failure: AdapterFailure): AsyncRun<A> {
    return this.result('error', { failure });
  }

  private adapterMs(): number {
    return performance.now() - this.started - this.judgingMs;
  }

  /** The adapter held the event loop past `stallMs` and was stopped (event-loop-guard.ts). */
  stalled(stall: Stall): AsyncRun<A> {
    return this.result('liveness', { watchdog: { budgetMs: this.stallMs, elapsedMs: stall.heldMs, pending: this.describePending(), heldEventLoop: true } });
  }

  private watchdogExpired(): AsyncRun<A> {
    const elapsedMs = Math.round(this.adapterMs());
    return this.result('liveness', { watchdog: { budgetMs: this.budgetMs, elapsedMs, pending: this.describePending() } });
  }

  private history(): History {
    return recordedHistory(this.scenario, this.ops, this.records);
  }

  private result(verdict: RunVerdict, extra: Pick<AsyncRun<A>, 'check' | 'failure' | 'watchdog'>): AsyncRun<A> {
    this.over = true;
    return (this.ended = {
      verdict,
      summary: summarizeRun(verdict, extra, { who: `adapter ${this.adapter.name}`, pending: () => this.describePending(), watchdogNote: '(the adapter loops or waits on real time)' }),
      history: this.history(),
      outcomes: recordedOutcomes(this.ops, this.records),
      ...extra,
      trace: this.trace,
      choicesUsed: this.cursor.used,
      choiceArities: this.cursor.arities,
      choiceNewest: this.cursor.newest,
      durationMs: performance.now() - this.started,
    });
  }

}

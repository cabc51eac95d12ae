// The threads executors: a scenario's main and each actor run in their own worker thread
// (lane-worker.ts), calling the adapter's blocking operations for real.
//
//   stress      the actors meet at a start barrier and spin a little (jitter, from the
//               schedule's numbers) before each operation, so that they overlap; the
//               operating system interleaves them. Works for any adapter with `threads`.
//   controlled  every schedule point of the implementation hands control to this thread
//               (control.ts, controlled-hooks.ts), which lets exactly one worker run to its
//               next point and chooses which from the schedule: the run is a function of
//               the scenario and the schedule, so it shrinks and replays. Needs an adapter
//               with `threads.scheduleHooks`.
//
// Staging is the explorer's (spec/model/explore.ts): main runs the prefix alone; then the
// actors; once they have all finished or wait, main runs the suffix. In a controlled run
// "wait" is exact (parked with nothing that could wake it). In a stress run it cannot be
// observed: after `settleMs` without news the judge is asked whether the pending
// operations may be blocked; if the model says one of them must complete, the executor
// waits for it up to `livenessMs` (generous) before calling it a liveness failure. So a
// slow correct implementation is never failed, only waited for.
//
// Every invocation and response is stamped on one global clock in shared memory
// (control.ts: CLOCK), read with Atomics.add by the worker right before calling the
// adapter and right after it returns.
import { readFileSync } from 'node:fs';
import { numberOps, type NumberedOp } from '../../../spec/model/explore.ts';
import type { Adapter } from '../../adapter/types.ts';
import type { History } from '../../history/types.ts';
import { describeOp } from '../../report/timeline.ts';
import type { Scenario } from '../../scenario/types.ts';
import { AdapterFault, adapterFailure, type AdapterFailure } from '../shared/adapter-failure.ts';
import type { CheckAnswer, Judge } from '../shared/judge.ts';
import { ScheduleCursor, type Schedule } from '../shared/schedule.ts';
import type { RunVerdict, ScenarioRun, TraceEvent } from '../shared/scenario-run.ts';
import { recordedHistory, recordedOutcomes, summarizeRun, type Stamps } from '../shared/run-record.ts';
import { returnedBeforeTimeout } from '../shared/real-timer.ts';
import { timeoutOfOp } from '../shared/op-timeout.ts';
import { ABORT, AT_POINT, CLOCK, GRANT_KIND, GRANT_SEQ, INVOKES, PARKED, PARKED_TIMED, POSTED, PROBE, REPORTS, RUNNING, SOLO, STATE, STEP, SUFFIX_BEGUN, TIMEOUT, createControl, slotIndex } from './control.ts';
import { planHandles, type Transfer } from './handle-plan.ts';
import { LaneFault, poolFor, type LaneWorker } from './lane-workers.ts';
import type { FromWorker, HandleInTransit } from './messages.ts';
import { PctChooser } from './pct.ts';
import { copiesOf, copyCount, type ScenarioCopies } from './copies.ts';

/** `controlled` picks each step from the schedule's choices; `pct` is controlled with the PCT strategy (pct.ts); `stress` lets the threads run. */
export type ThreadsMode = 'controlled' | 'pct' | 'stress';

export interface ThreadsRunOptions<A extends CheckAnswer = CheckAnswer> {
  readonly mode: ThreadsMode;
  /** Controlled: the choices; stress: the jitter before each operation. */
  readonly schedule?: Schedule;
  readonly judge?: Judge<A>;
  /** Real-time budget of the run, ms, not counting time in the judge (default 30 s). Past it: liveness, workers ended. */
  readonly budgetMs?: number;
  /** How long an operation the model says must complete may stay pending, ms (default 10 s: generous, a loaded machine must not fail a correct implementation). */
  readonly livenessMs?: number;
  /** Stress: quiet time before asking whether the pending operations are blocked, ms (default 20). */
  readonly settleMs?: number;
  /** Budget of each check, passed to the checker. */
  readonly checkBudgetMs?: number;
  /**
   * Controlled: schedule steps before the run counts as going nowhere (default: 50,000, or 25 per operation where that is more —
   * a scenario of the generators takes a few thousand; the reference makes about 9 per operation of a long flood, 8,400 operations).
   */
  readonly maxSteps?: number;
  /** Stress: how many copies of the scenario run side by side (copies.ts; default `copyCount(scenario)`, up to 8); 1 runs the scenario alone. */
  readonly copies?: number;
  /**
   * Stress: an actor whose lane is done, and whose thread holds only objects shared with others (no channel handle, guard
   * or iterator: nothing its end would drop), ends its thread while the others run, as a Rust thread ends when its closure
   * returns. Default: in one stress run in four (by the schedule's first number). Never in a controlled run, whose
   * schedule a death noticed by the implementation would change.
   */
  readonly endThreads?: boolean;
}

export const DEFAULT_THREADS_BUDGET_MS = 30_000;
export const DEFAULT_LIVENESS_MS = 10_000;
export const DEFAULT_SETTLE_MS = 20;
export const DEFAULT_MAX_STEPS = 50_000;
const STEPS_PER_OP = 25;
/** Jitter spins per schedule unit (a choice is 0..59): up to ~10 µs before an operation. */
const JITTER_SPINS = 40;

export async function runThreads<A extends CheckAnswer = CheckAnswer>(scenario: Scenario, adapter: Adapter, options: ThreadsRunOptions<A>): Promise<ScenarioRun<A>> {
  // A run executes copies of the scenario (one, but under stress), and reports on one copy as a run of the scenario.
  const count = options.mode === 'stress' ? (options.copies ?? copyCount(scenario)) : 1;
  return new ThreadsExecution(copiesOf(scenario, count), adapter, options).run();
}

/** One worker's lane in the current stage. */
interface LaneState {
  readonly worker: LaneWorker;
  readonly slot: number;
  readonly actor: string;
  status: 'idle' | 'running' | 'done' | 'aborted';
  /** The operation invoked and not yet returned. */
  inFlight?: NumberedOp;
  /** The id of the last operation that returned. */
  returned?: number;
}

/** `op`: on a step, how many operations its worker has invoked (a new value: the step starts an operation). */
type ControlledEvent = { readonly kind: 'step' | 'probe' | 'timeout'; readonly slot: number; readonly op?: number } | { readonly kind: 'suffix' };

class Stop extends Error {
  constructor(readonly run: ScenarioRun<any>) {
    super('run stopped');
  }
}

class ThreadsExecution<A extends CheckAnswer> {
  private readonly ops: NumberedOp[];
  private readonly byId: Map<number, NumberedOp>;
  private readonly records = new Map<number, Stamps>();
  private readonly trace: { readonly event: TraceEvent; readonly at: number }[] = [];
  private readonly chooser: { choose(events: readonly ControlledEvent[]): number; readonly used: number };
  private readonly started = performance.now();
  private judgingMs = 0;
  private failure?: AdapterFailure;
  private lanes: LaneState[] = [];
  private control!: Int32Array;
  /** Bumped by every message from a worker; `news()` resolves on the next bump. */
  private version = 0;
  private wake: (() => void) | undefined;
  /** STEP grants so far (probes and timers do not count: they change nothing another worker could see). */
  private steps = 0;
  /** Every grant so far, for the step budget. */
  private granted = 0;
  /** Per slot: the step count when the worker last reported parked (probing it is useful only after another step). */
  private parkedAt: (number | undefined)[] = [];
  /** Copies whose suffix did not run (it needed a handle from a lane still waiting): not judged at the end. */
  private readonly unfinishedCopies = new Set<number>();
  /** The copy whose check gave the last answer (the failed one, if one failed): a run with a check reports on it. */
  private judgedCopy = 0;
  /** The operation an adapter fault happened in. */
  private failedOp: NumberedOp | undefined;
  /** Whether actors' threads end once they are done (ThreadsRunOptions.endThreads), and the ends under way. */
  private readonly endThreads: boolean;
  private readonly ended: Promise<number>[] = [];

  private readonly scenario: Scenario;

  constructor(
    private readonly copies: ScenarioCopies,
    private readonly adapter: Adapter,
    private readonly options: ThreadsRunOptions<A>,
  ) {
    this.scenario = copies.scenario;
    this.ops = numberOps(this.scenario);
    this.byId = new Map(this.ops.map((o) => [o.id, o]));
    const choices = options.schedule ?? [];
    this.endThreads = options.mode === 'stress' && (options.endThreads ?? (options.schedule?.[0] ?? 0) % 4 === 0);
    if (options.mode === 'pct') this.chooser = new PctChooser(choices, 1 + this.scenario.actors.length, this.ops.length);
    else this.chooser = new ChoicesThenFair(options.mode === 'controlled' ? choices : []);
  }

  private get budgetMs(): number {
    return this.options.budgetMs ?? DEFAULT_THREADS_BUDGET_MS;
  }

  private get livenessMs(): number {
    return this.options.livenessMs ?? DEFAULT_LIVENESS_MS;
  }

  async run(): Promise<ScenarioRun<A>> {
    const threads = this.adapter.threads;
    if (this.adapter.executor !== 'threads' || threads === undefined) {
      return this.result('error', { failure: adapterFailure(this.adapter.name, new AdapterFault('threads', `is missing: the threads executors need an adapter with executor 'threads' and \`threads\` support (this one has executor '${this.adapter.executor}')`)) });
    }
    if (this.options.mode !== 'stress' && threads.scheduleHooks === undefined) {
      return this.result('error', { failure: adapterFailure(this.adapter.name, new AdapterFault('threads.scheduleHooks', 'is missing: a controlled run needs the implementation to go through syncspec schedule points')) });
    }
    const plan = planHandles(this.scenario, this.ops);
    if (!plan.ok) return this.result('unknown', { skipped: plan.reason }, `not runnable on threads: ${plan.reason}`);
    const pool = poolFor(this.adapter);
    const count = 1 + this.scenario.actors.length;
    let workers: LaneWorker[];
    try {
      workers = await pool.take(count);
    } catch (e) {
      return this.result('error', { failure: adapterFailure(this.adapter.name, faultOf(e, 'threads.module')) });
    }
    this.control = createControl(count);
    this.parkedAt = workers.map(() => undefined);
    this.lanes = workers.map((worker, slot) => ({ worker, slot, actor: slot === 0 ? 'main' : this.scenario.actors[slot - 1].name, status: 'idle' }));
    for (const lane of this.lanes) {
      lane.worker.received = 0;
      lane.worker.onLane = (m) => this.onMessage(lane, m);
    }
    let outcome: ScenarioRun<A>;
    try {
      outcome = await this.stages(plan.beforeParallel, plan.beforeSuffix);
    } catch (e) {
      if (!(e instanceof Stop)) {
        await this.cleanup(pool);
        throw e;
      }
      outcome = e.run as ScenarioRun<A>;
    }
    await this.cleanup(pool);
    return outcome;
  }

  private async stages(beforeParallel: readonly Transfer[], beforeSuffix: readonly Transfer[]): Promise<ScenarioRun<A>> {
    await Promise.all(this.lanes.map((l) => this.request(l, { type: 'begin', control: this.control, slot: l.slot, objects: l.slot === 0 ? this.scenario.objects : [] }, 'create')));
    const main = this.lanes[0];
    const actors = this.lanes.slice(1);
    // Prefix: main alone. A timed wait there runs out before the actors start (nothing else could end it).
    if (this.options.mode !== 'stress') Atomics.store(this.control, SOLO, 1);
    this.startLane(main, 'prefix');
    try {
      await this.runStage([main], 'prefix', new Set([main.slot]));
    } finally {
      Atomics.store(this.control, SOLO, 0);
    }
    // A prefix that cannot finish leaves nothing for the actors to do that staging allows.
    if (main.status !== 'done') return this.finish();
    const arrivals = await this.depart(beforeParallel);
    for (const lane of actors) this.startLane(lane, 'parallel', arrivals.get(lane.slot));
    // Lanes whose handles the suffix needs: a timed wait there runs out before the suffix (one of the orders the spec allows).
    const giving = new Set(beforeSuffix.map((t) => t.from));
    await this.runStage(actors, 'parallel', giving);
    this.traced({ kind: 'suffix' }, this.now());
    const stuck = beforeSuffix.filter((t) => this.lanes[t.from].status !== 'done');
    // Of several copies, those whose suffix needs nothing from a waiting lane go on.
    const copyOf = (t: Transfer) => this.copies.copyOfHandle.get(t.name) ?? 0;
    for (const t of stuck) this.unfinishedCopies.add(copyOf(t));
    if (stuck.length > 0 && this.unfinishedCopies.size === this.copies.count) {
      return this.finish(`the suffix needs ${stuck[0].name} back from ${this.lanes[stuck[0].from].actor}, which still waits`);
    }
    Atomics.store(this.control, SUFFIX_BEGUN, 1);
    await this.transfer(beforeSuffix.filter((t) => !this.unfinishedCopies.has(copyOf(t))));
    this.startLane(main, 'suffix');
    await this.runStage(this.lanes, 'suffix');
    return this.finish();
  }

  // ---- messages -----------------------------------------------------------------------

  private onMessage(lane: LaneState, m: FromWorker): void {
    switch (m.type) {
      case 'call':
        // An operation with a timeout gets a timer that has not fired (HistoryOp.timer): in a
        // controlled run the schedule fires it; at its return, if it took its timeout's worth of
        // real time, the timer is left free (it may have fired at any point).
        lane.inFlight = this.byId.get(m.op);
        this.records.set(m.op, { call: m.call, ...(isTimed(lane.inFlight) ? { timer: {} } : {}) });
        this.traced({ kind: 'invoke', op: m.op }, m.call);
        break;
      case 'ret': {
        const record = this.records.get(m.op);
        const timeoutMs = lane.inFlight === undefined ? undefined : timeoutOfOp(lane.inFlight);
        if (record !== undefined) {
          record.ret = m.ret;
          record.result = m.result;
          if (timeoutMs !== undefined && m.elapsedMs !== undefined && !returnedBeforeTimeout(timeoutMs, m.elapsedMs)) delete record.timer;
        }
        lane.inFlight = undefined;
        lane.returned = m.op;
        break;
      }
      case 'lane-done':
        lane.status = 'done';
        if (this.endThreads && lane.slot > 0 && m.holdsOnlyShared && lane.returned !== undefined) {
          this.ended.push(lane.worker.retire());
          this.traced({ kind: 'end', op: lane.returned }, this.now());
        }
        break;
      case 'lane-aborted':
        lane.status = 'aborted';
        break;
      case 'fault': {
        const op = m.op === undefined ? undefined : this.byId.get(m.op);
        this.failedOp ??= op;
        this.failure ??= adapterFailure(this.adapter.name, new AdapterFault(m.method, m.problem), this.asReported(op));
        break;
      }
      case 'fatal':
        this.failedOp ??= lane.inFlight;
        this.failure ??= adapterFailure(this.adapter.name, new AdapterFault(`the worker of ${lane.actor}`, m.error.split('\n')[0]), this.asReported(lane.inFlight));
        break;
      default:
        break;
    }
    this.version++;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private traced(event: TraceEvent, at: number): void {
    this.trace.push({ event, at });
  }

  /** The global clock's current value (the stamp the next event would follow). */
  private now(): number {
    return Atomics.load(this.control, CLOCK) + 0.5;
  }

  /** Resolves on the next message from any worker, or after `ms` (a timer: it also keeps the event loop alive). */
  private news(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        if (this.wake === wake) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wake = wake;
    });
  }

  private async request(lane: LaneState, message: Parameters<LaneWorker['request']>[0], method: string): Promise<HandleInTransit[]> {
    try {
      const reply = await lane.worker.request(message);
      return reply.type === 'exported' ? [...reply.handles] : [];
    } catch (e) {
      throw new Stop(this.result('error', { failure: adapterFailure(this.adapter.name, faultOf(e, method)) }));
    }
  }

  /**
   * Sends the actors' handles on their way before the actors start, by lane; each is adopted
   * only by the operation that first names it (lane-worker.ts), as a handle moved into a new
   * thread stays in flight until that thread uses it, while the other threads run.
   */
  private async depart(transfers: readonly Transfer[]): Promise<Map<number, HandleInTransit[]>> {
    const byLane = new Map<number, HandleInTransit[]>();
    for (const t of transfers) byLane.set(t.to, [...(byLane.get(t.to) ?? []), await this.leave(t)]);
    return byLane;
  }

  /** The handle of `t`, made ready to travel by the worker that holds it (`threads.transfer`). */
  private async leave(t: Transfer): Promise<HandleInTransit> {
    const [moved] = await this.request(this.lanes[t.from], { type: 'export', handles: [{ name: t.name, share: t.share }] }, 'threads.transfer');
    return moved;
  }

  /** Brings the handles the suffix names back to main, which adopts them before it starts. */
  private async transfer(transfers: readonly Transfer[]): Promise<void> {
    // Every handle leaves before any arrives, and they arrive in the reverse order: several
    // handles of one object are in flight at once, and the first to arrive is not the first that left.
    const inFlight: { readonly t: Transfer; readonly moved: HandleInTransit }[] = [];
    for (const t of transfers) inFlight.push({ t, moved: await this.leave(t) });
    for (const { t, moved } of inFlight.reverse()) await this.request(this.lanes[t.to], { type: 'import', handles: [moved] }, 'threads.adopt');
    // Moves ran outside the schedule: any parked worker may have something to see.
    this.parkedAt = this.parkedAt.map((p) => (p === undefined ? undefined : -1));
  }

  private startLane(lane: LaneState, stage: NumberedOp['stage'], arrivals?: readonly HandleInTransit[]): void {
    const copyOf = (o: NumberedOp) => this.copies.copyOf[o.id];
    const ops = this.ops.filter((o) => o.stage === stage && (stage === 'parallel' ? o.actor === lane.actor : !this.unfinishedCopies.has(copyOf(o))));
    lane.status = 'running';
    const controlled = this.options.mode !== 'stress';
    if (controlled) Atomics.store(this.control, slotIndex(lane.slot, STATE), RUNNING);
    const jitter = controlled ? [] : ops.map((o) => this.jitterOf(o));
    const barrier = !controlled && stage === 'parallel' ? this.scenario.actors.length : 0;
    const copies =
      this.copies.count > 1 && stage === 'parallel'
        ? { starts: ops.flatMap((o, i) => (i > 0 && copyOf(o) !== copyOf(ops[i - 1]) ? [i] : [])), lanes: this.scenario.actors.filter((a) => a.ops.length > 0).length }
        : undefined;
    lane.worker.send({ type: 'lane', ops: ops.map(({ id, actor, name, target, args }) => ({ id, actor, name, target, args })), mode: controlled ? 'controlled' : 'stress', barrier, jitter, ...(copies === undefined ? {} : { copies }), ...(arrivals === undefined ? {} : { arrivals }) });
  }

  /** Spins before a stress operation: its schedule number (0..59), moved on in each copy so that the copies do not all meet alike. */
  private jitterOf(o: NumberedOp): number {
    const choice = (this.options.schedule ?? [])[this.copies.originalOf[o.id]] ?? 0;
    return ((choice + 37 * this.copies.copyOf[o.id]) % 60) * JITTER_SPINS;
  }

  // ---- stages -------------------------------------------------------------------------

  private async runStage(active: readonly LaneState[], stage: NumberedOp['stage'], giving: ReadonlySet<number> = new Set()): Promise<void> {
    if (this.options.mode !== 'stress') {
      await this.controlledStage(active, stage, giving);
      // Lane statuses arrive by message: have them all before deciding what comes next.
      await this.messagesIn();
    } else await this.stressStage(active, stage === 'suffix', giving);
    if (this.failure !== undefined) throw new Stop(this.result('error', { failure: this.failure }));
  }

  /**
   * Waits until every active lane is done, or until the pending operations may be blocked
   * as far as the model can tell; stops the run on a safety failure, or on a liveness
   * failure that lasted `livenessMs`.
   */
  private async stressStage(active: readonly LaneState[], final: boolean, giving: ReadonlySet<number>): Promise<void> {
    const settleMs = this.options.settleMs ?? DEFAULT_SETTLE_MS;
    let quietSince = performance.now();
    for (;;) {
      this.checkWatchdog();
      if (this.failure !== undefined) return;
      if (active.every((l) => l.status !== 'running')) return;
      const before = this.version;
      await this.news(settleMs);
      if (this.version !== before) {
        quietSince = performance.now();
        continue;
      }
      // Quiet. A lane between two operations is only slow: wait on. So is one whose thread
      // is running, not asleep in the kernel (Linux tells): it may not have reached the wait
      // yet — unless it has run that way for livenessMs (an implementation that busy-waits).
      if (active.some((l) => l.status === 'running' && l.inFlight === undefined)) continue;
      if (performance.now() - quietSince < this.livenessMs && active.some((l) => l.status === 'running' && threadRuns(l.worker.tid))) continue;
      const answer = await this.judge(final);
      if (answer === undefined || answer.verdict === 'ok' || answer.verdict === 'unknown') {
        // The suffix needs handles from a lane still waiting: a pending timed operation, in
        // that lane or in its partner's, ends by itself and may let it go on. Wait for it.
        if (awaitsHandles(active, giving) && active.some((l) => l.status === 'running' && isTimed(l.inFlight))) continue;
        return;
      }
      if (answer.verdict === 'safety') throw new Stop(this.result('safety', { check: { at: final ? 'end' : 'quiescence', answer } }));
      // The model says some pending operation must complete: give it time.
      const waitedFrom = this.version;
      const deadline = performance.now() + this.livenessMs;
      while (this.version === waitedFrom && performance.now() < deadline && this.failure === undefined) await this.news(deadline - performance.now());
      if (this.version === waitedFrom && this.failure === undefined) {
        throw new Stop(this.result('liveness', { check: { at: final ? 'end' : 'quiescence', answer } }));
      }
    }
  }

  private async controlledStage(active: readonly LaneState[], stage: NumberedOp['stage'], giving: ReadonlySet<number>): Promise<void> {
    const maxSteps = this.options.maxSteps ?? Math.max(DEFAULT_MAX_STEPS, STEPS_PER_OP * this.ops.length);
    for (;;) {
      await this.allReported(active);
      if (this.failure !== undefined) return;
      const events = this.controlledEvents(active, stage, giving);
      if (events.length === 0) return;
      const event = events[this.chooser.choose(events)];
      if (event.kind === 'suffix') {
        // Quiescence: before main's suffix runs, nothing the model says must complete may be pending.
        await this.messagesIn();
        const answer = await this.judge(false);
        if (answer !== undefined && (answer.verdict === 'safety' || answer.verdict === 'liveness')) {
          throw new Stop(this.result(answer.verdict, { check: { at: 'quiescence', answer } }));
        }
        return;
      }
      if (++this.granted > maxSteps) {
        await this.messagesIn();
        throw new Stop(this.result('liveness', { watchdog: { budgetMs: this.budgetMs, elapsedMs: Math.round(this.elapsedMs()), pending: this.describePending() } }, `adapter ${this.adapter.name}: the run took more than ${maxSteps} schedule steps (the implementation goes round in circles); pending: ${this.describePending().join(', ') || 'none'}`));
      }
      if (event.kind === 'timeout') {
        // The lane parked in its operation after posting the call: have that message first.
        await this.messagesIn();
        const op = this.lanes[event.slot].inFlight;
        const timer = op === undefined ? undefined : this.records.get(op.id)?.timer;
        if (timer !== undefined) timer.firedAt ??= this.now();
        this.traced({ kind: 'timeout', ...(op === undefined ? {} : { op: op.id }) }, this.now());
      }
      this.grant(event.slot, event.kind === 'step' ? STEP : event.kind === 'probe' ? PROBE : TIMEOUT);
    }
  }

  /** Ready events in the order a choice indexes them: steps, probes of parked workers, moving on to the suffix, timers. */
  private controlledEvents(active: readonly LaneState[], stage: NumberedOp['stage'], giving: ReadonlySet<number>): ControlledEvent[] {
    const events: ControlledEvent[] = [];
    const timers: ControlledEvent[] = [];
    for (const lane of active) {
      const state = this.slotState(lane.slot);
      if (state === AT_POINT) events.push({ kind: 'step', slot: lane.slot, op: Atomics.load(this.control, slotIndex(lane.slot, INVOKES)) });
      if (state === PARKED || state === PARKED_TIMED) {
        if (this.steps > (this.parkedAt[lane.slot] ?? -1)) events.push({ kind: 'probe', slot: lane.slot });
        if (state === PARKED_TIMED) timers.push({ kind: 'timeout', slot: lane.slot });
      }
    }
    events.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'step' ? -1 : 1));
    if (stage === 'parallel' && events.length === 0) {
      // The suffix needs a handle from a lane still waiting: pending timers fire first, since
      // a timeout (in that lane, or in the partner it waits for) may let it go on.
      if (timers.length > 0 && awaitsHandles(active, giving)) return timers;
      events.push({ kind: 'suffix' });
    }
    return [...events, ...timers];
  }

  private grant(slot: number, kind: number): void {
    const c = this.control;
    if (kind === STEP) this.steps++;
    this.parkedAt[slot] = undefined;
    Atomics.store(c, slotIndex(slot, GRANT_KIND), kind);
    Atomics.store(c, slotIndex(slot, STATE), RUNNING);
    Atomics.add(c, slotIndex(slot, GRANT_SEQ), 1);
    Atomics.notify(c, slotIndex(slot, GRANT_SEQ));
  }

  private slotState(slot: number): number {
    return Atomics.load(this.control, slotIndex(slot, STATE));
  }

  /** Waits until no worker of the stage runs (each has reported a point, a park, or the end of its lane). */
  private async allReported(active: readonly LaneState[]): Promise<void> {
    for (;;) {
      const reports = Atomics.load(this.control, REPORTS);
      const running = active.filter((l) => this.slotState(l.slot) === RUNNING && l.worker.dead === undefined);
      if (running.length === 0) break;
      if (this.failure !== undefined) return;
      this.checkWatchdog();
      // Atomics.waitAsync does not keep Node's event loop alive: race it with a timer, which
      // does, and which a message (a worker's death included) ends at once.
      const waited = waitAsync(this.control, REPORTS, reports, 200);
      if (waited.async) await Promise.race([waited.value, this.news(200)]);
    }
    // Workers that parked since the last look: they are worth probing only after another step.
    for (const lane of active) {
      const state = this.slotState(lane.slot);
      if ((state === PARKED || state === PARKED_TIMED) && this.parkedAt[lane.slot] === undefined) this.parkedAt[lane.slot] = this.steps;
    }
  }

  /** Waits until every message a worker posted has arrived, so the history is complete. */
  private async messagesIn(): Promise<void> {
    for (;;) {
      const missing = this.lanes.some((l) => l.worker.dead === undefined && l.worker.received < Atomics.load(this.control, slotIndex(l.slot, POSTED)));
      if (!missing) return;
      this.checkWatchdog();
      await this.news(50);
    }
  }

  // ---- verdicts -----------------------------------------------------------------------

  private async judge(final: boolean): Promise<A | undefined> {
    const judge = this.options.judge;
    if (judge === undefined) return undefined;
    await this.messagesIn();
    const judging = performance.now();
    const options = { timedTransitionsEnabled: final, ...(this.options.checkBudgetMs === undefined ? {} : { budgetMs: this.options.checkBudgetMs }) };
    // Copies share nothing: each is checked on its own; a failed one, or else an undecided one, is the answer.
    let answer: A | undefined;
    for (let k = 0; k < this.copies.count; k++) {
      if (final && this.unfinishedCopies.has(k)) continue;
      const checked = await judge.check(this.history(k), options);
      if (answer === undefined || (answer.verdict === 'ok' && checked.verdict !== 'ok')) {
        answer = checked;
        this.judgedCopy = k;
      }
      if (checked.verdict === 'safety' || checked.verdict === 'liveness') break;
    }
    this.judgingMs += performance.now() - judging;
    return answer;
  }

  private async finish(note?: string): Promise<ScenarioRun<A>> {
    if (this.failure !== undefined) return this.result('error', { failure: this.failure });
    if (note !== undefined) {
      await this.messagesIn();
      return this.result('unknown', { skipped: note }, `not runnable on threads: ${note}`);
    }
    const judge = this.options.judge;
    if (judge === undefined) {
      await this.messagesIn();
      return this.result('unchecked', {});
    }
    const answer = (await this.judge(true))!;
    return this.result(answer.verdict, { check: { at: 'end', answer } });
  }

  private elapsedMs(): number {
    return performance.now() - this.started - this.judgingMs;
  }

  private checkWatchdog(): void {
    if (this.elapsedMs() <= this.budgetMs) return;
    throw new Stop(this.result('liveness', { watchdog: { budgetMs: this.budgetMs, elapsedMs: Math.round(this.elapsedMs()), pending: this.describePending() } }));
  }

  // ---- cleanup ------------------------------------------------------------------------

  /**
   * Workers whose lane ended go back to the pool. In a controlled run, a worker still
   * waiting at a point is told to abort (it unwinds out of the operation) and is reused;
   * so is one parked in a stress run of an adapter with schedule hooks (stress-hooks.ts).
   * Any other worker still inside an operation is ended (the adapter's watchWorker hears of it).
   */
  private async cleanup(pool: ReturnType<typeof poolFor>): Promise<void> {
    const abortable = this.options.mode !== 'stress' || this.adapter.threads?.scheduleHooks !== undefined;
    // A main stopped in its prefix (by the watchdog) reports at its next point again, where it hears the abort.
    Atomics.store(this.control, SOLO, 0);
    if (abortable) {
      for (const lane of this.lanes) {
        if (lane.status !== 'running') continue;
        const state = this.slotState(lane.slot);
        // A stress lane is parked for real: its hooks (stress-hooks.ts) see the abort at their next slice.
        if (this.options.mode === 'stress' || state === AT_POINT || state === PARKED || state === PARKED_TIMED) this.grant(lane.slot, ABORT);
      }
      const deadline = performance.now() + 1_000;
      while (this.lanes.some((l) => l.status === 'running' && l.worker.dead === undefined) && performance.now() < deadline) await this.news(deadline - performance.now());
    }
    const ending: Promise<number>[] = [...this.ended];
    for (const lane of this.lanes) {
      const reusable = lane.worker.dead === undefined && lane.status !== 'running';
      if (reusable) pool.give(lane.worker);
      else ending.push(lane.worker.worker.terminate());
    }
    // Let the ends land now, between runs: a death noticed in the middle of the next run
    // (the reference wakes every parked thread to reap) would change a controlled run.
    await Promise.all(ending);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  // ---- the run's record ---------------------------------------------------------------

  /** The operations of `copy` in flight, as `A: rx.recv() (op 3)`: operations of the original scenario. */
  private describePending(copy = 0): string[] {
    const out: string[] = [];
    for (const lane of this.lanes) {
      const op = lane.inFlight;
      if (op === undefined || this.copies.copyOf[op.id] !== copy) continue;
      const reported = this.asReported(op)!;
      out.push(`${lane.actor}: ${describeOp(reported)} (op ${reported.id})`);
    }
    return out;
  }

  /** The history of `copy`, as a run of the original scenario. */
  private history(copy = 0): History {
    return recordedHistory(this.copies.original, this.copies.originalOps, this.recordsOf(copy));
  }

  /** The records of `copy`, by the original scenario's op ids. */
  private recordsOf(copy: number): Map<number, Stamps> {
    const out = new Map<number, Stamps>();
    this.copies.idOf[copy].forEach((id, original) => {
      const record = this.records.get(id);
      if (record !== undefined) out.set(original, record.result === undefined ? record : { ...record, result: this.copies.originalResult(record.result) });
    });
    return out;
  }

  /** An operation as the report names it: the original scenario's operation it copies. */
  private asReported(op: NumberedOp | undefined): NumberedOp | undefined {
    return op === undefined ? undefined : this.copies.originalOps[this.copies.originalOf[op.id]];
  }

  /** The copy a run reports on: the one checked last, or the one whose operation failed or hung. */
  private reportedCopy(extra: Pick<ScenarioRun<A>, 'check' | 'failure'>): number {
    if (extra.check !== undefined) return this.judgedCopy;
    const op = this.failedOp ?? this.lanes.find((l) => l.inFlight !== undefined)?.inFlight;
    return op === undefined ? 0 : this.copies.copyOf[op.id];
  }

  private result(verdict: RunVerdict, extra: Pick<ScenarioRun<A>, 'check' | 'failure' | 'watchdog' | 'skipped'>, summary?: string): ScenarioRun<A> {
    const copy = this.reportedCopy(extra);
    const { count, copyOf, originalOf } = this.copies;
    const watchdog = extra.watchdog === undefined ? {} : { watchdog: { ...extra.watchdog, pending: this.describePending(copy) } };
    return {
      verdict,
      summary:
        summary ??
        summarizeRun(verdict, { ...extra, ...watchdog }, {
          who: `adapter ${this.adapter.name} (threads, ${this.options.mode}${count === 1 ? '' : `, copy ${copy + 1} of ${count} run side by side`})`,
          pending: () => this.describePending(copy),
          ...(this.options.mode === 'stress' ? { waitedMs: this.livenessMs } : {}),
        }),
      history: this.history(copy),
      outcomes: recordedOutcomes(this.copies.originalOps, this.recordsOf(copy)),
      ...extra,
      ...watchdog,
      // Messages from different workers arrive in any order: the trace follows the clock.
      trace: this.trace
        .filter((t) => t.event.op === undefined || copyOf[t.event.op] === copy)
        .sort((a, b) => a.at - b.at)
        .map((t) => (t.event.op === undefined ? t.event : { ...t.event, op: originalOf[t.event.op] })),
      // A stress run used its whole schedule, as jitter.
      choicesUsed: this.options.mode === 'stress' ? (this.options.schedule ?? []).length : this.chooser.used,
      ...(this.chooser instanceof PctChooser ? { changePoints: this.chooser.changePoints } : {}),
      durationMs: performance.now() - this.started,
    };
  }

}

/** Whether a lane the suffix needs handles from has not finished. */
function awaitsHandles(active: readonly LaneState[], giving: ReadonlySet<number>): boolean {
  return active.some((l) => giving.has(l.slot) && l.status === 'running');
}

/** Whether `op` has a timeout, so a timer of its own (the others wait as long as it takes). */
function isTimed(op: NumberedOp | undefined): boolean {
  return op !== undefined && timeoutOfOp(op) !== undefined;
}

/** Whether kernel thread `tid` of this process is running or runnable (state R in /proc); false when unknown. */
function threadRuns(tid: number | undefined): boolean {
  if (tid === undefined) return false;
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // pid (comm) STATE ...: the command may hold spaces and parentheses, the state follows the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'R';
  } catch {
    return false;
  }
}

type WaitAsyncResult = { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };

/** Atomics.waitAsync (Node 20 has it; the project's TypeScript lib is ES2023). */
function waitAsync(array: Int32Array, index: number, value: number, timeout: number): WaitAsyncResult {
  return (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, t: number): WaitAsyncResult }).waitAsync(array, index, value, timeout);
}

/**
 * The `controlled` strategy: each decision takes the schedule's next choice, modulo the
 * ready events. Once the choices run out, a fair rotation rather than "always the first
 * ready event": the worker that ran keeps running for up to FAIR_SLICE steps, then the
 * next one gets its turn — so a worker spinning on a flag (schedule points, no park)
 * cannot starve the one that would set it.
 */
class ChoicesThenFair {
  private readonly cursor: ScheduleCursor;
  private readonly length: number;
  private last: number | undefined;
  private streak = 0;

  constructor(choices: Schedule) {
    this.cursor = new ScheduleCursor(choices);
    this.length = choices.length;
  }

  choose(events: readonly ControlledEvent[]): number {
    if (events.length <= 1 || this.cursor.used < this.length) return this.note(events, this.cursor.choose(events.length));
    const slotOf = (e: ControlledEvent) => ('slot' in e ? e.slot : Infinity);
    const same = events.findIndex((e) => e.kind === 'step' && slotOf(e) === this.last);
    if (same >= 0 && this.streak < FAIR_SLICE) return this.note(events, same);
    // The next worker after the last one, in slot order, with a step or a probe; then anything.
    const order = events.map((e, i) => ({ e, i })).filter(({ e }) => e.kind === 'step' || e.kind === 'probe');
    const after = order.find(({ e }) => slotOf(e) > (this.last ?? -1) && slotOf(e) !== this.last) ?? order.find(({ e }) => slotOf(e) !== this.last) ?? order[0];
    return this.note(events, after?.i ?? 0);
  }

  get used(): number {
    return this.cursor.used;
  }

  private note(events: readonly ControlledEvent[], index: number): number {
    const e = events[index];
    const slot = 'slot' in e ? e.slot : undefined;
    this.streak = slot !== undefined && slot === this.last ? this.streak + 1 : 1;
    this.last = slot;
    return index;
  }
}

const FAIR_SLICE = 64;

function faultOf(e: unknown, method: string): AdapterFault {
  if (e instanceof LaneFault) return new AdapterFault(e.method, e.problem);
  if (e instanceof AdapterFault) return e;
  return new AdapterFault(method, `failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
}

// The process executor: a child process runs a scenario's actors on real threads and
// streams the history back over the line protocol of PROTOCOL.md; this side decides the
// stages, judges, and never hangs.
//
// Staging: the child runs the prefix alone on its main thread and starts the actors
// together (a start barrier, then seeded jitter) once the prefix is done. The executor
// tells it to run the suffix once every actor has finished, or every unfinished actor
// has an operation in flight and nothing has happened for `settleMs` — and, with a
// judge, the model agrees that each of those operations may be blocked (otherwise a
// correct implementation is merely slow, and the executor keeps waiting, up to
// `deadlineMs` without progress, before calling it a liveness failure). The run ends the
// same way: everything done, or quiet for `settleMs` with the judge's agreement.
// `settleMs` only decides *when* to move on; no verdict depends on it.
//
// Stamps come from the child's own clock (one atomic counter shared by its threads).
// Lines may arrive out of stamp order: a check made mid-run looks only at the gap-free
// prefix of stamps, which is a consistent cut (an operation's call is stamped before it
// takes effect, its ret after); at `end` the child has written every stamp it issued.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Outcome } from '../../../spec/model/types.ts';
import { numberOps, type NumberedOp } from '../../../spec/model/explore.ts';
import type { Adapter } from '../../adapter/types.ts';
import type { History } from '../../history/types.ts';
import type { Scenario } from '../../scenario/types.ts';
import { describeOp } from '../../report/timeline.ts';
import { AdapterFault, adapterFailure, faultFromThrown, type AdapterFailure } from '../shared/adapter-failure.ts';
import type { CheckAnswer, HistoryCheckOptions, Judge } from '../shared/judge.ts';
import { checkOutcome, OUTCOME_KINDS } from '../shared/outcome-kinds.ts';
import { returnedBeforeTimeout } from '../shared/real-timer.ts';
import { timeoutOfOp } from '../shared/op-timeout.ts';
import type { Schedule } from '../shared/schedule.ts';
import type { RunVerdict, ScenarioRun, TraceEvent } from '../shared/scenario-run.ts';
import { recordedHistory, recordedOutcomes, summarizeRun, type Stamps } from '../shared/run-record.ts';
import { encode, parseChildLine, PROTOCOL_VERSION, runMessage, type ExecutorMessage } from './protocol.ts';

/** How a process adapter starts its child (`Adapter.process.command()`). */
export interface ProcessCommand {
  readonly cmd: string;
  readonly args?: readonly string[];
  readonly cwd?: string;
  readonly env?: { readonly [name: string]: string };
}

export const DEFAULT_SETTLE_MS = 20;
export const DEFAULT_DEADLINE_MS = 3_000;
export const DEFAULT_PROCESS_BUDGET_MS = 30_000;
export const DEFAULT_JITTER_MICROS = 200;

export interface ProcessRunOptions<A extends CheckAnswer = CheckAnswer> {
  /** Not a schedule here (real threads cannot be scheduled from outside): it seeds the child's jitter. */
  readonly schedule?: Schedule;
  readonly judge?: Judge<A>;
  /** Watchdog: real-time budget of the whole run, ms, not counting time in the judge (default 30 s). Past it the child is killed and the run is a liveness failure. */
  readonly budgetMs?: number;
  readonly checkBudgetMs?: number;
  /** Quiet time after which the executor considers the actors quiescent (default 20 ms): a heuristic for *when* to move on, never for a verdict. */
  readonly settleMs?: number;
  /** How long, without any progress, an operation the model says must complete may stay pending before it is a liveness failure (default 3 s). */
  readonly deadlineMs?: number;
  /** Upper bound of the child's random pause before each actor operation, µs (default 200). */
  readonly jitterMicros?: number;
}

export async function runProcess<A extends CheckAnswer = CheckAnswer>(scenario: Scenario, adapter: Adapter, options: ProcessRunOptions<A> = {}): Promise<ScenarioRun<A>> {
  return new ProcessExecution(scenario, adapter, options).run();
}

class Lane {
  constructor(
    readonly actor: string,
    readonly ops: readonly NumberedOp[],
  ) {}
}

type Stage = 'prefix' | 'parallel' | 'suffix' | 'ending';

/** Why the wait for the child's next line ended. */
type Wake = 'line' | 'timeout' | 'exit';


class ProcessExecution<A extends CheckAnswer> {
  private readonly ops: NumberedOp[];
  private readonly byId = new Map<number, NumberedOp>();
  private readonly prefix: Lane;
  private readonly actors: Lane[];
  private readonly suffix: Lane;
  private readonly settleMs: number;
  private readonly deadlineMs: number;
  private readonly budgetMs: number;
  private readonly started = performance.now();
  private judgingMs = 0;
  private child?: ChildProcessWithoutNullStreams;
  private stage: Stage = 'prefix';
  private helloSeen = false;
  /** Whether the child answers `probe` (says which of its threads are running). */
  private probes = false;
  private probeWaiter?: (states: { readonly [thread: string]: string } | undefined) => void;
  private readonly records = new Map<number, Stamps>();
  /** Every stamp received, to find the gap-free prefix and reject duplicates. */
  private readonly stamps = new Set<number>();
  private contiguous = 0;
  private maxStamp = 0;
  private lastProgress = performance.now();
  private readonly trace: TraceEvent[] = [];
  /** The last check, reused while nothing new has arrived (the wait for a deadline re-asks often). */
  private lastCheck?: { readonly cut: number; readonly timed: boolean; readonly answer: A };
  private fault?: AdapterFailure;
  private exit?: { code: number | null; signal: NodeJS.Signals | null };
  private stderrTail = '';
  private wake?: (why: Wake) => void;
  private endMessage?: { clock: number; pending: readonly number[] };
  /** The last stamp seen when the executor decided to end: later events mean the run ended while something was still moving. */
  private stampAtEndDecision = 0;

  constructor(
    private readonly scenario: Scenario,
    private readonly adapter: Adapter,
    private readonly options: ProcessRunOptions<A>,
  ) {
    this.ops = numberOps(scenario);
    for (const op of this.ops) this.byId.set(op.id, op);
    this.prefix = new Lane('main', this.ops.filter((o) => o.stage === 'prefix'));
    this.actors = scenario.actors.map((a) => new Lane(a.name, this.ops.filter((o) => o.stage === 'parallel' && o.actor === a.name)));
    this.suffix = new Lane('main', this.ops.filter((o) => o.stage === 'suffix'));
    this.settleMs = options.settleMs ?? fromEnv('SYNCSPEC_PROCESS_SETTLE_MS') ?? DEFAULT_SETTLE_MS;
    this.deadlineMs = Math.max(options.deadlineMs ?? fromEnv('SYNCSPEC_PROCESS_DEADLINE_MS') ?? DEFAULT_DEADLINE_MS, this.settleMs);
    this.budgetMs = options.budgetMs ?? DEFAULT_PROCESS_BUDGET_MS;
  }

  async run(): Promise<ScenarioRun<A>> {
    try {
      return await this.drive();
    } finally {
      this.kill();
    }
  }

  private async drive(): Promise<ScenarioRun<A>> {
    const runner = this.adapter.process;
    if (this.adapter.executor !== 'process' || runner === undefined || typeof runner.command !== 'function') {
      return this.failed(this.fault_('process', `is missing: the process executor needs an adapter with executor 'process' and process.command() (this one has executor '${this.adapter.executor}')`));
    }
    if (typeof runner.available === 'function') {
      let available: true | string;
      try {
        available = await runner.available();
      } catch (e) {
        return this.failed(adapterFailure(this.adapter.name, faultFromThrown('process.available', e)));
      }
      if (available !== true) return this.failed(this.fault_('process.available', `says the implementation is unavailable: ${available}`));
    }
    let command: ProcessCommand;
    try {
      command = await runner.command();
    } catch (e) {
      return this.failed(adapterFailure(this.adapter.name, faultFromThrown('process.command', e)));
    }
    if (typeof command?.cmd !== 'string') return this.failed(this.fault_('process.command', 'returned no { cmd, args? }'));
    const spawned = this.start(command);
    if (spawned !== undefined) return this.failed(spawned);

    for (;;) {
      if (this.fault !== undefined) return this.failed(this.fault);
      if (this.endMessage !== undefined) return this.finish();
      if (this.exit !== undefined) return this.failed(this.exitedEarly());
      if (this.adapterMs() > this.budgetMs) return this.watchdogExpired();
      const quietMs = performance.now() - this.lastProgress;
      const decision = await this.decide(quietMs);
      if (decision !== undefined) return decision;
      if (this.fault !== undefined || this.endMessage !== undefined || this.exit !== undefined) continue;
      // Sleep until the next line, or until the next moment a decision could change.
      const quiet = performance.now() - this.lastProgress;
      const untilSettled = this.settleMs - quiet;
      const untilDeadline = this.deadlineMs - quiet;
      const untilBudget = this.budgetMs - this.adapterMs() + 1;
      const wait = untilSettled > 0 ? untilSettled : Math.min(Math.max(this.settleMs, 50), untilDeadline > 0 ? untilDeadline : this.settleMs);
      await this.nextWake(Math.max(1, Math.min(wait, untilBudget)));
    }
  }

  /** What to do now, given the lines so far; a ScenarioRun when the run is over. */
  private async decide(quietMs: number): Promise<ScenarioRun<A> | undefined> {
    if (!this.helloSeen) return undefined;
    if (this.stage === 'ending') return undefined;
    const consistent = this.contiguous === this.maxStamp;
    if (this.stage === 'prefix') {
      // The child moves on to the actors by itself once the prefix is done.
      if (this.laneFinished(this.prefix)) return undefined;
      if (consistent && quietMs >= this.settleMs && this.inFlight(this.prefix) !== undefined) {
        if (await this.stillRunning([this.prefix], quietMs)) return undefined;
        return this.tryEnd(quietMs);
      }
      return undefined;
    }
    if (this.stage === 'parallel') {
      if (this.actors.every((l) => this.laneFinished(l))) {
        this.moveToSuffix();
        return undefined;
      }
      if (!consistent || quietMs < this.settleMs) return undefined;
      if (!this.actors.every((l) => this.laneFinished(l) || this.inFlight(l) !== undefined)) return undefined;
      // Quiescent: every unfinished actor has an operation in flight and nothing moves.
      if (await this.stillRunning(this.actors, quietMs)) return undefined;
      const judge = this.options.judge;
      if (judge !== undefined) {
        const answer = await this.check(judge, { timedTransitionsEnabled: false });
        if (answer.verdict === 'safety') return this.result('safety', { check: { at: 'quiescence', answer } });
        if (answer.verdict === 'liveness') {
          // The model says something must complete: a correct implementation is just slow. Wait.
          if (quietMs >= this.deadlineMs) return this.result('liveness', { check: { at: 'quiescence', answer } });
          return undefined;
        }
      }
      this.moveToSuffix();
      return undefined;
    }
    // suffix
    const lanes = [...this.actors, this.suffix];
    if (lanes.every((l) => this.laneFinished(l))) {
      this.sendEnd();
      return undefined;
    }
    if (!consistent || quietMs < this.settleMs) return undefined;
    if (!this.suffixStarted() && this.suffix.ops.length > 0) return undefined;
    if (!lanes.every((l) => this.laneFinished(l) || this.inFlight(l) !== undefined)) return undefined;
    if (await this.stillRunning(lanes, quietMs)) return undefined;
    return this.tryEnd(quietMs);
  }

  /** Everything left is in flight and quiet: end if the model agrees they may all be blocked. */
  private async tryEnd(quietMs: number): Promise<ScenarioRun<A> | undefined> {
    const judge = this.options.judge;
    if (judge !== undefined) {
      const answer = await this.check(judge, { timedTransitionsEnabled: true });
      if (answer.verdict === 'safety') return this.result('safety', { check: { at: 'end', answer } });
      if (answer.verdict === 'liveness') {
        if (quietMs >= this.deadlineMs) return this.result('liveness', { check: { at: 'end', answer } });
        return undefined;
      }
    }
    this.sendEnd();
    return undefined;
  }

  /**
   * Whether a lane with an operation in flight still runs on its thread (has not blocked
   * yet: it was preempted between its call stamp and the call, say), as the child's
   * probe says. Quiet time alone cannot tell a blocked thread from a descheduled one on a
   * loaded machine; the probe can, where the child supports it. Past `deadlineMs` of quiet
   * a running thread is taken to spin in place, and the judge decides as for a blocked one.
   * Also true when a line arrived meanwhile: the decision is taken again.
   */
  private async stillRunning(lanes: readonly Lane[], quietMs: number): Promise<boolean> {
    if (!this.probes || quietMs >= this.deadlineMs) return false;
    const progress = this.lastProgress;
    const states = await new Promise<{ readonly [thread: string]: string } | undefined>((resolve) => {
      const timer = setTimeout(() => done(undefined), Math.max(1_000, this.settleMs));
      const done = (s: { readonly [thread: string]: string } | undefined) => {
        clearTimeout(timer);
        this.probeWaiter = undefined;
        resolve(s);
      };
      this.probeWaiter = done;
      this.send({ probe: {} });
    });
    if (this.lastProgress !== progress) return true;
    if (states === undefined) return false;
    // Blocked in an operation is sleeping (S); runnable (R), in uninterruptible I/O (D, a page
    // fault) or anything else is not blocked yet. A thread the child cannot see does not count.
    return lanes.some((l) => this.inFlight(l) !== undefined && states[l.actor] !== undefined && states[l.actor] !== 'S');
  }

  private suffixStarted(): boolean {
    return this.suffix.ops.some((op) => this.records.has(op.id));
  }

  private moveToSuffix(): void {
    this.stage = 'suffix';
    this.trace.push({ kind: 'suffix' });
    // With no suffix, the run simply goes on until the actors are done or quiet for good.
    if (this.suffix.ops.length > 0) this.send({ suffix: {} });
  }

  private sendEnd(): void {
    this.stage = 'ending';
    this.stampAtEndDecision = this.maxStamp;
    this.send({ end: {} });
  }

  // ---- the child ----

  private start(command: ProcessCommand): AdapterFailure | undefined {
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(command.cmd, [...(command.args ?? [])], {
        cwd: command.cwd,
        env: command.env === undefined ? process.env : { ...process.env, ...command.env },
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (e) {
      return adapterFailure(this.adapter.name, faultFromThrown('process.spawn', e));
    }
    this.child = child;
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line !== '') this.receive(line);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    child.stdin.on('error', () => {
      // The child closed its end: its exit is reported, not this.
    });
    child.on('error', (e) => {
      this.setFault(faultFromThrown('process.spawn', e));
    });
    // 'close' comes after the child's output has been read to its end.
    child.on('close', (code, signal) => {
      if (buffered.trim() !== '') this.receive(buffered.trim());
      buffered = '';
      this.exit = { code, signal };
      this.probeWaiter?.(undefined);
      this.poke('exit');
    });
    return undefined;
  }

  private send(message: ExecutorMessage): void {
    const child = this.child;
    if (child === undefined || child.stdin.destroyed) return;
    child.stdin.write(encode(message));
  }

  private kill(): void {
    const child = this.child;
    if (child === undefined) return;
    child.stdout.removeAllListeners('data');
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child.stdin.destroy();
    child.stdout.destroy();
    child.stderr.destroy();
  }

  private nextWake(ms: number): Promise<Wake> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve('timeout');
      }, ms);
      this.wake = (why) => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve(why);
      };
    });
  }

  private poke(why: Wake): void {
    this.wake?.(why);
  }

  private setFault(fault: AdapterFault, op?: NumberedOp): void {
    if (this.fault !== undefined) return;
    this.fault = adapterFailure(this.adapter.name, fault, op);
    this.probeWaiter?.(undefined);
    this.poke('line');
  }

  private fault_(method: string, problem: string): AdapterFailure {
    return adapterFailure(this.adapter.name, new AdapterFault(method, problem));
  }

  /** One line from the child: validated against the protocol and the scenario, then recorded. */
  private receive(line: string): void {
    if (this.fault !== undefined) return;
    const message = parseChildLine(line);
    if (typeof message === 'string') return this.setFault(new AdapterFault('process.stdout', message));
    const protocolError = (problem: string, op?: NumberedOp) => this.setFault(new AdapterFault('process.stdout', problem), op);
    if (!this.helloSeen && message.type !== 'hello' && message.type !== 'error' && message.type !== 'note') {
      return protocolError(`wrote ${line.slice(0, 80)} before its hello`);
    }
    switch (message.type) {
      case 'hello':
        if (this.helloSeen) return protocolError('said hello twice');
        if (message.protocol !== PROTOCOL_VERSION) return protocolError(`speaks protocol ${message.protocol}, not ${PROTOCOL_VERSION}`);
        this.helloSeen = true;
        this.probes = message.probe;
        this.send(runMessage(this.scenario, this.ops, { seed: jitterSeed(this.options.schedule ?? []), jitterMicros: this.options.jitterMicros ?? DEFAULT_JITTER_MICROS }));
        break;
      case 'note':
        return;
      case 'threads':
        this.probeWaiter?.(message.states);
        return;
      case 'error':
        return this.setFault(new AdapterFault('process', `reported an error: ${message.message}`));
      case 'stage':
        if (message.stage === 'parallel') {
          if (this.stage !== 'prefix' || !this.laneFinished(this.prefix)) return protocolError('started the actors before the prefix was done');
          this.stage = 'parallel';
        }
        break;
      case 'call': {
        const op = this.byId.get(message.op);
        if (op === undefined) return protocolError(`stamped op ${message.op}, which the scenario does not have`);
        if (this.records.has(op.id)) return protocolError(`invoked op ${op.id} twice`, op);
        const order = this.outOfTurn(op);
        if (order !== undefined) return protocolError(order, op);
        if (!this.stamp(message.stamp, op)) return;
        this.records.set(op.id, { call: message.stamp });
        this.trace.push({ kind: 'invoke', op: op.id });
        break;
      }
      case 'ret': {
        const op = this.byId.get(message.op);
        const record = op === undefined ? undefined : this.records.get(op.id);
        if (op === undefined || record === undefined) return protocolError(`returned op ${message.op}, which was not invoked`);
        if (record.ret !== undefined) return protocolError(`returned op ${op.id} twice`, op);
        if (message.stamp <= record.call) return protocolError(`returned op ${op.id} at stamp ${message.stamp}, not after its call at ${record.call}`, op);
        let result: Outcome;
        try {
          // The kinds each channel operation can return; other models' op names repeat across primitives, so only the shape is checked there.
          result = checkOutcome(op.name, `${this.adapter.name} child`, message.outcome, this.scenario.model === 'channel' ? OUTCOME_KINDS[op.name] : undefined);
        } catch (e) {
          if (e instanceof AdapterFault) return this.setFault(new AdapterFault('process.stdout', `${e.problem} (op ${op.id})`), op);
          throw e;
        }
        if (!this.stamp(message.stamp, op)) return;
        record.ret = message.stamp;
        record.result = result;
        // A timed operation the child says returned sooner than its timeout cannot have taken a timed transition (its timer had not fired).
        const timeoutMs = timeoutOfOp(op);
        if (timeoutMs !== undefined && message.elapsedMs !== undefined && returnedBeforeTimeout(timeoutMs, message.elapsedMs)) record.timer = {};
        this.trace.push({ kind: 'release', op: op.id });
        break;
      }
      case 'end': {
        if (this.stage !== 'ending') return protocolError('ended the run before it was told to');
        const missing: number[] = [];
        for (let s = 1; s <= message.clock; s++) if (!this.stamps.has(s)) missing.push(s);
        if (missing.length > 0 || this.maxStamp > message.clock) {
          return protocolError(`ended at clock ${message.clock}, but ${missing.length > 0 ? `stamps ${missing.slice(0, 5).join(', ')} never arrived` : `stamp ${this.maxStamp} came later`}`);
        }
        const pending = this.ops.filter((op) => this.records.has(op.id) && this.records.get(op.id)!.ret === undefined).map((op) => op.id);
        const said = [...message.pending].sort((a, b) => a - b);
        if (JSON.stringify(said) !== JSON.stringify(pending)) return protocolError(`ended with pending ops [${said.join(', ')}], but by its events they are [${pending.join(', ')}]`);
        this.endMessage = message;
        break;
      }
    }
    this.poke('line');
  }

  /** Whether `op` may be invoked now: its actor's earlier operations have returned, and its stage has begun. */
  private outOfTurn(op: NumberedOp): string | undefined {
    const lane = op.stage === 'prefix' ? this.prefix : op.stage === 'suffix' ? this.suffix : this.actors.find((l) => l.actor === op.actor)!;
    const index = lane.ops.indexOf(op);
    const before = lane.ops[index - 1];
    if (before !== undefined && this.records.get(before.id)?.ret === undefined) return `invoked op ${op.id} before op ${before.id} of ${op.actor} returned`;
    if (op.stage === 'parallel' && this.stage === 'prefix') return `invoked op ${op.id} of actor ${op.actor} before announcing the parallel stage`;
    if (op.stage === 'suffix' && (this.stage === 'prefix' || this.stage === 'parallel')) return `invoked op ${op.id} of the suffix before it was told to start it`;
    return undefined;
  }

  private stamp(stamp: number, op: NumberedOp): boolean {
    if (this.stamps.has(stamp)) {
      this.setFault(new AdapterFault('process.stdout', `used stamp ${stamp} twice`), op);
      return false;
    }
    this.stamps.add(stamp);
    this.maxStamp = Math.max(this.maxStamp, stamp);
    while (this.stamps.has(this.contiguous + 1)) this.contiguous++;
    this.lastProgress = performance.now();
    return true;
  }

  // ---- state ----

  private laneFinished(lane: Lane): boolean {
    return lane.ops.every((op) => this.records.get(op.id)?.ret !== undefined);
  }

  private inFlight(lane: Lane): NumberedOp | undefined {
    return lane.ops.find((op) => {
      const r = this.records.get(op.id);
      return r !== undefined && r.ret === undefined;
    });
  }

  private describePending(cut = Infinity): string[] {
    return this.ops
      .filter((op) => {
        const r = this.records.get(op.id);
        return r !== undefined && r.call <= cut && (r.ret === undefined || r.ret > cut);
      })
      .map((op) => `${op.actor}: ${describeOp(op)} (op ${op.id})`);
  }

  /**
   * The history up to stamp `cut`: operations invoked by then, and their responses if
   * given by then. With the gap-free prefix as the cut this is a consistent snapshot.
   */
  private history(cut = Infinity): History {
    return recordedHistory(this.scenario, this.ops, this.records, cut);
  }

  private async check(judge: Judge<A>, options: HistoryCheckOptions & { readonly timedTransitionsEnabled: boolean }, cut = this.contiguous): Promise<A> {
    const last = this.lastCheck;
    if (last !== undefined && last.cut === cut && last.timed === options.timedTransitionsEnabled && cut === this.maxStamp) return last.answer;
    const judging = performance.now();
    try {
      const answer = await judge.check(this.history(cut), { ...options, ...(this.options.checkBudgetMs === undefined ? {} : { budgetMs: this.options.checkBudgetMs }) });
      this.lastCheck = { cut, timed: options.timedTransitionsEnabled, answer };
      return answer;
    } finally {
      this.judgingMs += performance.now() - judging;
    }
  }

  private adapterMs(): number {
    return performance.now() - this.started - this.judgingMs;
  }

  // ---- results ----

  private async finish(): Promise<ScenarioRun<A>> {
    const judge = this.options.judge;
    if (judge === undefined) return this.result('unchecked', {});
    const answer = await this.check(judge, { timedTransitionsEnabled: true }, Infinity);
    if (answer.verdict === 'liveness' && this.maxStamp > this.stampAtEndDecision) {
      // Something moved after the executor decided to end: the run was cut short, not stuck.
      return this.result('unknown', { check: { at: 'end', answer } }, 'the run ended while operations were still completing: not conclusive');
    }
    return this.result(answer.verdict, { check: { at: 'end', answer } });
  }

  private exitedEarly(): AdapterFailure {
    const { code, signal } = this.exit!;
    const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
    const stage = this.helloSeen ? `during the ${this.stage === 'ending' ? 'end of the' : this.stage} stage` : 'before its hello';
    const stderr = this.stderrTail.trim();
    return this.fault_('process.exit', `${how} ${stage}, before the end of the run${stderr === '' ? '' : `; stderr: ${stderr.slice(-600)}`}`);
  }

  private failed(failure: AdapterFailure): ScenarioRun<A> {
    return this.result('error', { failure });
  }

  private watchdogExpired(): ScenarioRun<A> {
    const elapsedMs = Math.round(this.adapterMs());
    return this.result('liveness', { watchdog: { budgetMs: this.budgetMs, elapsedMs, pending: this.describePending(this.contiguous) } });
  }

  private result(verdict: RunVerdict, extra: Pick<ScenarioRun<A>, 'check' | 'failure' | 'watchdog'>, note?: string): ScenarioRun<A> {
    // A run that ends early (a verdict mid-run, an error, the watchdog) reports the consistent cut.
    const cut = this.endMessage !== undefined ? Infinity : this.contiguous;
    const history = this.history(cut);
    return {
      verdict,
      summary:
        note ??
        summarizeRun(verdict, extra, { who: `adapter ${this.adapter.name}`, pending: () => this.describePending(cut), watchdogNote: 'and the child was killed', waitedMs: this.deadlineMs }),
      history,
      outcomes: recordedOutcomes(this.ops, this.records, cut),
      ...extra,
      trace: this.trace,
      choicesUsed: this.options.schedule?.length ?? 0,
      durationMs: performance.now() - this.started,
    };
  }

}

/** A positive number of ms from the environment (a slow CI machine may want a longer deadline), or undefined. */
function fromEnv(name: string): number | undefined {
  const n = Number(process.env[name]);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The child's jitter seed: the schedule's choices folded into one number (FNV-1a), so a replay token carries it. */
export function jitterSeed(schedule: Schedule): number {
  let h = 0x811c9dc5;
  for (const c of schedule) {
    h ^= c & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

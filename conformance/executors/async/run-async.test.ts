import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exploreScenario, numberOps, type RunOutcome } from '../../../spec/model/explore.ts';
import { formatOutcome } from '../../../spec/model/types.ts';
import { channelModel } from '../../../spec/generated/channels.model.ts';
import { channelScenarios } from '../../scenario/channel-scenarios.ts';
import { brokenAdapters, createThrows } from '../../testing/broken-adapters.ts';
import { promiseChannel } from '../../testing/promise-channel-adapter.ts';
import { promiseSync } from '../../testing/promise-sync-adapter.ts';
import { deadlockingAdapter, ignoresAbort, microtaskSpinner, realTimerPoller, slowAdapter, syncLooper, wakesThroughTasks } from '../../testing/stalling-adapters.ts';
import { channelJudge, scenarioOf } from '../../testing/test-helpers.ts';
import type { HistoryCheckOptions, Judge } from '../shared/judge.ts';
import { scheduleArbitrary, seededSchedule } from '../shared/schedule.ts';
import type { Adapter } from '../../adapter/types.ts';
import { channelMutants } from '../../selftest/mutants/channels.ts';
import { lockMutants } from '../../selftest/mutants/locks.ts';
import { onceMutants } from '../../selftest/mutants/once.ts';
import { buggySync } from '../../testing/buggy-sync.ts';
import { overriding } from '../../testing/threads/wrap-reference.ts';
import { ASYNC_EVENTS, LATEST_ASYNC_EVENTS, runAsync, type AsyncEventGeneration } from './run-async.ts';
import { replay } from '../shared/replay.ts';
import { encodeReplayToken } from '../shared/replay-token.ts';
import { checkerJudge } from '../shared/checker-judge.ts';

const show = (o: RunOutcome) => (typeof o === 'string' ? o : formatOutcome(o));

describe('the async executor records', () => {
  const scenario = scenarioOf(`
    let tx, rx = sync_channel(1)
    main: tx.send(1); tx2 = tx.clone()
    A: tx.send(2)
    B: tx2.send(3)
    then: rx.recv(); rx.recv(); rx.recv()`);

  it('every invoked operation, numbered as numberOps numbers it, with stamps from one counter', async () => {
    const run = await runAsync(scenario, promiseChannel, { judge: channelJudge });
    expect(run.verdict).toBe('ok');
    expect(run.history.params).toBe(scenario.objects);
    const numbered = numberOps(scenario);
    expect(run.history.ops.map((op) => [op.id, op.actor, op.name, op.target, op.args])).toEqual(numbered.map((op) => [op.id, op.actor, op.name, op.target, op.args]));
    const stamps = run.history.ops.flatMap((op) => [op.call, op.ret!]);
    expect(new Set(stamps).size).toBe(stamps.length);
    for (const op of run.history.ops) expect(op.call).toBeLessThan(op.ret!);
  });

  it('the staging of the explorer: prefix alone, then the actors, then the suffix once they are quiet', async () => {
    const run = await runAsync(scenario, promiseChannel, { judge: channelJudge });
    const [send1, clone, sendA, sendB, ...suffix] = run.history.ops;
    expect(clone.ret).toBeLessThan(sendA.call);
    expect(send1.ret).toBeLessThan(sendB.call);
    // Both actors block on the full channel before main's first receive.
    expect(Math.max(sendA.call, sendB.call)).toBeLessThan(suffix[0].call);
    expect(run.outcomes.map(show)).toEqual(['Ok', 'Ok', 'Ok', 'Ok', 'Ok(1)', 'Ok(2)', 'Ok(3)']);
  });

  it('the same run for the same schedule, and runs the model allows for every schedule', async () => {
    const first = await runAsync(scenario, promiseChannel, { schedule: [1, 0, 1, 1] });
    const again = await runAsync(scenario, promiseChannel, { schedule: [1, 0, 1, 1] });
    expect(again.history).toEqual(first.history);
    expect(again.trace).toEqual(first.trace);
    const allowed = new Set(exploreScenario(channelModel, scenario).runs.map((r) => r.map(show).join(' ')));
    const seen = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const run = await runAsync(scenario, promiseChannel, { schedule: seededSchedule(seed) });
      const outcomes = run.outcomes.map(show).join(' ');
      expect(allowed).toContain(outcomes);
      seen.add(outcomes);
    }
    // Either blocked sender may be served first (CHAN-UNSPEC-1): the schedule reaches both.
    expect(seen.size).toBe(2);
  });
});

describe('time is virtual', () => {
  it('a timeout is an event the schedule chooses: a send racing it is explored both ways, and nothing is lost', async () => {
    const scenario = scenarioOf(`
      let tx, rx = channel()
      A: rx.recv_timeout(5)
      B: tx.send(1)
      then: rx.try_recv()`);
    const seen = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const run = await runAsync(scenario, promiseChannel, { schedule: seededSchedule(seed), judge: channelJudge });
      expect(run.verdict).toBe('ok');
      seen.add(`${show(run.outcomes[0])} ${show(run.outcomes[2])}`);
    }
    expect([...seen].sort()).toEqual(['Ok(1) Empty', 'Timeout Ok(1)']);
  });

  it('a zero timeout gives up at once when nothing is there', async () => {
    const run = await runAsync(scenarioOf('let tx, rx = channel()\nA: rx.recv_timeout(0); tx.send(1)\nB: rx.try_recv()'), promiseChannel, { schedule: [], judge: channelJudge });
    expect(run.outcomes.map(show)).toEqual(['Timeout', 'Ok', 'Ok(1)']);
    expect(run.durationMs).toBeLessThan(1_000);
  });

  it("a zero timeout's signal has aborted when the adapter gets it (its deadline has passed), and tokens of older generations replay with it firing a moment later", async () => {
    const aborted: boolean[] = [];
    const watching: Adapter = {
      ...promiseChannel,
      channel: {
        create: (params) => {
          const made = promiseChannel.channel!.create(params);
          const receiver = made.receiver;
          return { ...made, receiver: overriding(receiver, { recvTimeout: (signal: AbortSignal, ms: number) => (aborted.push(signal.aborted), receiver.recvTimeout!(signal, ms)) }) };
        },
      },
    };
    const scenario = scenarioOf('let tx, rx = channel()\nmain: tx.send(1); rx.recv_timeout(0); rx.recv_timeout(0)');
    const now = await runAsync(scenario, watching, { schedule: [], judge: channelJudge });
    const before = await runAsync(scenario, watching, { schedule: [], judge: channelJudge, events: ASYNC_EVENTS.eager });
    expect(aborted).toEqual([true, true, false, false]);
    expect([now, before].map((run) => run.outcomes.map(show))).toEqual([
      ['Ok', 'Ok(1)', 'Timeout'],
      ['Ok', 'Ok(1)', 'Timeout'],
    ]);
  });

  it("a timer still fires after its receive got a value, as a real one does: a library that lets it end the next receive is caught, and older tokens replay without such events", async () => {
    const stale = channelMutants.find((m) => m.id === 'chan-stale-timer-ends-next-receive')!.adapter as Adapter;
    const scenario = scenarioOf(`
      let tx, rx = channel()
      A: rx.recv_timeout(50); rx.recv_timeout(5000)
      then: tx.send(1); tx.send(2)`);
    // The checker's judge: the brute-force one of the other tests does not look at timers.
    const judge = checkerJudge('channel');
    // Run to the second receive, waiting; then the third event is the first receive's late timer
    // (among the events of the generation that brought timer bursts, before eager continuations).
    const late = [0, 0, 0, 0, 2];
    const run = await runAsync(scenario, stale, { schedule: late, judge, events: ASYNC_EVENTS.timerBursts });
    expect(run.trace).toContainEqual({ kind: 'timeout', op: 0 });
    expect(run.outcomes.slice(0, 2).map(show)).toEqual(['Ok(1)', 'Timeout']);
    expect(run.verdict).toBe('safety');
    // The same schedule from a token: one recorded before late timers existed replays without them.
    const token = (fields: { lateTimers?: true; timerBursts?: true }) => encodeReplayToken({ adapter: stale.name, executor: 'async', seed: 0, scenario, schedule: late, bursts: true, ticks: true, ...fields });
    expect((await replay(token({ lateTimers: true, timerBursts: true }), { adapter: stale, judge })).run.verdict).toBe('safety');
    expect((await replay(token({}), { adapter: stale, judge })).run.verdict).toBe('ok');
    for (const schedule of [late, ...Array.from({ length: 30 }, (_, seed) => seededSchedule(seed))]) {
      expect((await runAsync(scenario, promiseChannel, { schedule, judge })).verdict).toBe('ok');
    }
  });

  it("a lane can invoke with a timer firing right after, in the same stretch: a timed receive that lets a timer beat the last sender's drop is caught", async () => {
    const beats = channelMutants.find((m) => m.id === 'chan-timeout-beats-disconnection')!.adapter as Adapter;
    const scenario = scenarioOf(`
      let tx, rx = channel()
      A: rx.recv_timeout(50)
      B: drop(tx)`);
    const judge = checkerJudge('channel');
    // A waits; then, of B's invocation, A's timer, A's timer then B, and B then A's timer: the fourth.
    const dropThenTimer = [0, 3];
    const run = await runAsync(scenario, beats, { schedule: dropThenTimer, judge });
    expect(run.trace.slice(1, 3)).toEqual([{ kind: 'invoke', op: 1 }, { kind: 'timeout', op: 0 }]);
    expect(run.outcomes.map(show)).toEqual(['Timeout', 'Ok']);
    expect(run.verdict).toBe('safety');
    // Without timer bursts no schedule shows it; the correct channel passes every schedule with them.
    for (let seed = 0; seed < 30; seed++) {
      expect((await runAsync(scenario, beats, { schedule: seededSchedule(seed), judge, events: ASYNC_EVENTS.lateTimers })).verdict).toBe('ok');
      expect((await runAsync(scenario, promiseChannel, { schedule: seededSchedule(seed), judge })).verdict).toBe('ok');
    }
    expect((await runAsync(scenario, promiseChannel, { schedule: dropThenTimer, judge })).verdict).toBe('ok');
  });

  it('a timer can fire with another lane invoking in the same stretch: a receive that unhooks its waiter a microtask after its timer is caught, and older tokens replay without such events', async () => {
    const late = channelMutants.find((m) => m.id === 'chan-timeout-unhooks-late')!.adapter as Adapter;
    const scenario = scenarioOf(`
      let tx, rx = channel()
      A: rx.recv_timeout(50)
      B: tx.send(1)
      then: rx.try_recv()`);
    const judge = checkerJudge('channel');
    // A waits; then, of B's invocation, A's timer, and A's timer with B's invocation: the third.
    const together = [0, 2];
    const run = await runAsync(scenario, late, { schedule: together, judge });
    expect(run.trace.slice(1, 3)).toEqual([{ kind: 'timeout', op: 0 }, { kind: 'invoke', op: 1 }]);
    expect(run.outcomes.map(show)).toEqual(['Timeout', 'Ok', 'Empty']);
    expect(run.verdict).toBe('safety');
    const token = (fields: { timerBursts?: true }) => encodeReplayToken({ adapter: late.name, executor: 'async', seed: 0, scenario, schedule: together, bursts: true, ticks: true, lateTimers: true, ...fields });
    expect((await replay(token({ timerBursts: true }), { adapter: late, judge })).run.verdict).toBe('safety');
    expect((await replay(token({}), { adapter: late, judge })).run.verdict).toBe('ok');
    // Without timer bursts no schedule shows it; the correct channel passes every schedule with them.
    for (let seed = 0; seed < 30; seed++) {
      expect((await runAsync(scenario, late, { schedule: seededSchedule(seed), judge, events: ASYNC_EVENTS.lateTimers })).verdict).toBe('ok');
      expect((await runAsync(scenario, promiseChannel, { schedule: seededSchedule(seed), judge })).verdict).toBe('ok');
    }
  });

  it('a recv_timeout(600000) cut short by the last sender takes no real time', async () => {
    const run = await runAsync(scenarioOf('let tx, rx = channel()\nA: rx.recv_timeout(600000)\nthen: drop(tx)'), promiseChannel, { judge: channelJudge });
    expect(run.outcomes.map(show)).toEqual(['Disconnected', 'Ok']);
  });
});

describe('agreement with the explorer', () => {
  it('on the correct adapter, every run of a generated scenario is a run the model allows', async () => {
    const generator = channelScenarios(
      { channels: 'channel(), sync_channel(1..2), sync_channel(0), mpmc::sync_channel(0..1)', count: '2', actors: '2..3', ops: 'send, try_send, recv, try_recv, recv_timeout, iter, select, clone, drop', suffix: 'drain' },
      promiseChannel.capabilities,
    );
    if (!generator.ok) throw new Error(generator.reason);
    for (const [scenario, schedule] of fc.sample(fc.tuple(generator.scenarios, scheduleArbitrary()), { numRuns: 40, seed: 3 })) {
      const run = await runAsync(scenario, promiseChannel, { schedule });
      const allowed = exploreScenario(channelModel, scenario, { maxRuns: 5_000 });
      if (allowed.truncated) continue;
      expect(allowed.runs.map((r) => r.map(show).join(' '))).toContain(run.outcomes.map(show).join(' '));
    }
  });
});

describe('liveness', () => {
  it('checks, when the actors fall quiet, that pending operations are blocked, timers not counting', async () => {
    const asked: HistoryCheckOptions[] = [];
    const spy: Judge = { ...channelJudge, check: (history, options) => (asked.push(options ?? {}), channelJudge.check(history, options)) };
    const run = await runAsync(scenarioOf('let tx, rx = channel()\nA: rx.recv_timeout(50)\nthen: tx.send(1)'), promiseChannel, { judge: spy });
    expect(run.verdict).toBe('ok');
    expect(asked).toEqual([{ timedTransitionsEnabled: false }, { timedTransitionsEnabled: true }]);
  });

  it('a lost wakeup on a timed wait is caught before its timer could pass it off as a Timeout', async () => {
    // The value sits in the buffer while the receive waits: once only the timer is left, the model says the receive must have completed.
    const run = await runAsync(scenarioOf('let tx, rx = channel()\nA: rx.recv_timeout(50)\nB: tx.send(1)'), deadlockingAdapter, { judge: channelJudge, schedule: [] });
    expect(run.verdict).toBe('liveness');
    expect(run.summary).toContain('A: rx.recv_timeout(50)');
    // The correct channel passes the same scenario under every order.
    for (const schedule of [[], [1], [1, 1], [2], [0, 1]]) {
      const ok = await runAsync(scenarioOf('let tx, rx = channel()\nA: rx.recv_timeout(50)\nB: tx.send(1)'), promiseChannel, { judge: channelJudge, schedule });
      expect(ok.verdict).toBe('ok');
    }
  });

  it('a lost wakeup is caught before the suffix could hide it', async () => {
    // The receiver never wakes; main's send in the suffix would otherwise complete it.
    const run = await runAsync(scenarioOf('let tx, rx = channel()\nA: rx.recv()\nB: tx.send(1)\nthen: drop(rx)'), deadlockingAdapter, { judge: channelJudge, schedule: [] });
    expect(run.verdict).toBe('liveness');
    expect(run.check?.at).toBe('quiescence');
    expect(run.summary).toContain('receiver-never-woken');
    expect(run.summary).toContain('A: rx.recv() (op 0)');
  });

  it('a recv_timeout that ignores its timer is a liveness failure at the end, when timers count', async () => {
    const scenario = scenarioOf('let tx, rx = channel()\nA: rx.recv_timeout(50)');
    const judges: Judge[] = [channelJudge, checkerJudge('channel')];
    for (const judge of judges) {
      const run = await runAsync(scenario, ignoresAbort, { judge });
      expect(run.trace.map((e) => e.kind)).toContain('timeout');
      expect(run).toMatchObject({ verdict: 'liveness', check: { at: 'end' } });
    }
  });

  it('a deadlocked rendezvous ends the run with a liveness verdict', async () => {
    const run = await runAsync(scenarioOf('let tx, rx = sync_channel(0)\nA: rx.recv()\nB: tx.send(1)'), deadlockingAdapter, { judge: channelJudge, schedule: [] });
    expect(run.verdict).toBe('liveness');
    expect(run.outcomes.map(show)).toEqual(['blocks', 'blocks']);
  });

  it('an adapter that never settles while polling with real timers is seen as blocked, and the run ends', async () => {
    const started = performance.now();
    const run = await runAsync(scenarioOf('let tx, rx = channel()\nA: rx.recv()\nB: tx.send(1)'), realTimerPoller, { judge: channelJudge, schedule: [] });
    expect(run.verdict).toBe('liveness');
    expect(run.summary).toContain('A: rx.recv()');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('an adapter that burns real time is stopped by the watchdog, which names it and the pending operations', async () => {
    const scenario = scenarioOf('let tx, rx = channel()\nA: rx.recv()\nB: tx.send(1); tx.send(2); tx.send(3); tx.send(4); tx.send(5)');
    const run = await runAsync(scenario, slowAdapter(40), { judge: channelJudge, budgetMs: 100, schedule: [] });
    expect(run.verdict).toBe('liveness');
    expect(run.watchdog?.pending).toEqual(['A: rx.recv() (op 0)']);
    expect(run.summary).toContain('slow-40ms');
    expect(run.summary).toContain('100 ms');
  });

  it('an adapter that never yields the event loop (promise callbacks queuing each other, or a synchronous loop) is stopped, and the run ends', async () => {
    const scenario = scenarioOf('let tx, rx = channel()\nA: rx.recv()\nB: tx.send(1)');
    for (const adapter of [microtaskSpinner, syncLooper]) {
      const run = await runAsync(scenario, adapter, { judge: channelJudge, budgetMs: 300, schedule: [] });
      expect(run.verdict).toBe('liveness');
      expect(run.watchdog?.heldEventLoop).toBe(true);
      expect(run.summary).toContain(`adapter ${adapter.name} held the event loop`);
      expect(run.summary).toContain('was stopped');
    }
    // The thread is usable again: a correct adapter runs the same scenario.
    expect((await runAsync(scenario, promiseChannel, { judge: channelJudge, budgetMs: 300, schedule: [] })).verdict).toBe('ok');
  });

  it("time in the judge is not the adapter's: a judge that holds the thread past the budget stops nothing", async () => {
    const slowJudge: Judge = {
      ...channelJudge,
      check(history, options) {
        const until = performance.now() + 600;
        while (performance.now() < until);
        return channelJudge.check(history, options);
      },
    };
    const run = await runAsync(scenarioOf('let tx, rx = channel()\nA: rx.recv()\nB: tx.send(1)'), promiseChannel, { judge: slowJudge, budgetMs: 300, schedule: [] });
    expect(run.verdict).toBe('ok');
  });
});

describe('a broken adapter is an error naming the adapter and the operation', () => {
  const scenarios: Record<string, string> = {
    send: 'let tx, rx = channel()\nA: tx.send(1)\nB: rx.recv()',
    recv: 'let tx, rx = channel()\nA: rx.recv()\nB: tx.send(1)',
    try_send: 'let tx, rx = sync_channel(1)\nA: tx.try_send(1)\nB: rx.recv()',
    try_recv: 'let tx, rx = channel()\nA: rx.try_recv()\nB: tx.send(1)',
    drop: 'let tx, rx = channel()\nA: drop(tx)\nB: rx.recv()',
    clone: 'let tx, rx = channel()\nA: tx2 = tx.clone()\nB: rx.recv()',
    select: 'let tx1, rx1 = mpmc::channel()\nlet tx2, rx2 = mpmc::channel()\nmain: tx1.send(1)\nA: select(rx1, rx2)\nB: drop(tx2)',
  };
  for (const broken of brokenAdapters) {
    it(`${broken.adapter.name}: ${broken.method}`, async () => {
      const run = await runAsync(scenarioOf(scenarios[broken.op]), broken.adapter, { judge: channelJudge });
      expect(run.verdict).toBe('error');
      expect(run.failure).toMatchObject({ adapter: broken.adapter.name, method: broken.method, op: { name: broken.op } });
      expect(run.summary).toContain(`adapter ${broken.adapter.name}`);
      expect(run.summary).toContain(broken.method);
    });
  }

  it('create-throws: channel.create, before any operation', async () => {
    const run = await runAsync(scenarioOf(scenarios.send), createThrows, { judge: channelJudge });
    expect(run.verdict).toBe('error');
    expect(run.failure).toMatchObject({ adapter: 'create-throws', method: 'channel.create' });
    expect(run.summary).toContain('no channels today');
  });

  it('an adapter for another executor', async () => {
    const run = await runAsync(scenarioOf(scenarios.send), { ...promiseChannel, name: 'threaded', executor: 'threads' });
    expect(run.verdict).toBe('error');
    expect(run.summary).toContain('adapter threaded');
  });
});

describe("the adapter's endRun hook", () => {
  const blocked = scenarioOf('let tx, rx = channel()\nA: rx.recv()');

  it('is called once after each run, when its operations still pending are abandoned', async () => {
    const pendingAtEnd: boolean[] = [];
    let pending = false;
    const adapter: Adapter = {
      ...promiseChannel,
      name: 'counts-runs',
      channel: {
        create(params) {
          const made = promiseChannel.channel!.create(params);
          const recv = made.receiver.recv.bind(made.receiver);
          made.receiver.recv = () => {
            pending = true;
            return Promise.resolve(recv()).finally(() => (pending = false));
          };
          return made;
        },
      },
      endRun: () => void pendingAtEnd.push(pending),
    };
    for (let i = 0; i < 3; i++) expect((await runAsync(blocked, adapter, { judge: channelJudge })).verdict).toBe('ok');
    expect(pendingAtEnd).toEqual([true, true, true]);
  });

  it('a throw, or a promise that does not settle within the budget, is an adapter error naming endRun', async () => {
    const throws = await runAsync(blocked, { ...promiseChannel, name: 'end-throws', endRun: () => Promise.reject(new Error('no cleanup today')) }, { judge: channelJudge });
    expect(throws.verdict).toBe('error');
    expect(throws.failure).toMatchObject({ adapter: 'end-throws', method: 'endRun' });
    expect(throws.summary).toContain('no cleanup today');
    const hangs = await runAsync(blocked, { ...promiseChannel, name: 'end-hangs', endRun: () => new Promise<void>(() => {}) }, { judge: channelJudge, budgetMs: 200 });
    expect(hangs.verdict).toBe('error');
    expect(hangs.summary).toContain('endRun did not settle within 200 ms');
  });
});

describe('the async executor runs the once family’s closures as taking time', () => {
  const scenario = scenarioOf(`
    let cell = OnceLock::new()
    A: cell.get_or_init(1)
    B: cell.get_or_init(2); cell.get()`);

  it('under choice 0 a closure ends at once, as if it took no time', async () => {
    const run = await runAsync(scenario, promiseSync);
    expect(run.trace.filter((e) => e.kind === 'finish').map((e) => e.op)).toEqual([0]);
    expect(run.outcomes.map(show)).toEqual(['Ok(1)', 'Ok(1)', 'Some(1)']);
  });

  it('it ends when the schedule chooses: a caller can arrive while it runs, and waits for it', async () => {
    const waits: string[] = [];
    for (let seed = 0; seed < 60; seed++) {
      const run = await runAsync(scenario, promiseSync, { schedule: seededSchedule(seed) });
      const at = (kind: string, op: number) => run.trace.findIndex((e) => e.kind === kind && e.op === op);
      const finished = run.trace.filter((e) => e.kind === 'finish');
      expect(finished).toHaveLength(1); // one initializer runs
      const first = finished[0].op!;
      const other = first === 0 ? 1 : 0;
      if (at('invoke', other) > at('invoke', first) && at('invoke', other) < at('finish', first)) waits.push(run.outcomes.map(show).join(' '));
    }
    expect(waits.length).toBeGreaterThan(0);
    for (const outcomes of waits) expect(['Ok(1) Ok(1) Some(1)', 'Ok(2) Ok(2) Some(2)']).toContain(outcomes);
  });
});

describe('bursts: two lanes invoke in one synchronous stretch', () => {
  // The selftest's mutex whose check and take are a tick apart (`await` between them):
  // correct as long as no other task calls in between, which two tasks of one program may well do.
  const awaitGap = lockMutants.find((m) => m.id === 'mutex-check-then-await')!.adapter as Adapter;
  const scenario = scenarioOf(`
    let m = Mutex::new(0)
    A: g = m.lock(); g.set(1); drop(g)
    B: h = m.lock(); h.set(2); drop(h)`);
  const judge = checkerJudge('mutex');
  const verdicts = async (bursts: boolean) => {
    const events = bursts ? LATEST_ASYNC_EVENTS : ASYNC_EVENTS.plain;
    const seen = new Set<string>();
    for (let seed = 0; seed < 30; seed++) seen.add((await runAsync(scenario, awaitGap, { judge, events, schedule: seededSchedule(seed) })).verdict);
    return seen;
  };

  it('catch a library whose check and action are an await apart (two holders), which one-at-a-time invocations never do', async () => {
    expect(await verdicts(false)).toEqual(new Set(['ok']));
    expect(await verdicts(true)).toContain('safety');
  });

  it('leave a correct library passing', async () => {
    for (let seed = 0; seed < 30; seed++) expect((await runAsync(scenario, promiseSync, { judge, schedule: seededSchedule(seed) })).verdict).toBe('ok');
  });
});

describe('ticks: every lane that can invoke, in one synchronous stretch', () => {
  // A barrier whose released party waits for a one-bit sense to flip: correct while the
  // library resumes it before the next generation passes, which tasks started together can outrun.
  const senseReversal = buggySync.find((b) => b.adapter.name === 'barrier-sense-reversal')!.adapter;
  const scenario = scenarioOf(`
    let b = Barrier::new(2)
    A: b.wait(); b.wait()
    B: b.wait()
    C: b.wait()
    D: b.wait()`);
  const judge = checkerJudge('barrier');
  const verdicts = async (adapter: Adapter, ticks: boolean) => {
    const events = ticks ? LATEST_ASYNC_EVENTS : ASYNC_EVENTS.bursts;
    const seen = new Set<string>();
    for (let seed = 0; seed < 60; seed++) seen.add((await runAsync(scenario, adapter, { judge, events, schedule: seededSchedule(seed) })).verdict);
    return seen;
  };

  it('catch a barrier that misses a whole generation passing before its released party resumes, which bursts alone never do', async () => {
    expect(await verdicts(senseReversal, false)).toEqual(new Set(['ok']));
    expect(await verdicts(senseReversal, true)).toContain('liveness');
  });

  it('leave a correct barrier passing', async () => {
    expect(await verdicts(promiseSync, true)).toEqual(new Set(['ok']));
  });
});

describe('before it concludes anything from operations still pending, the executor gives the library more time', () => {
  // A receive woken by the suffix's send: its result comes after the executor's usual
  // settling, so a run that ended (or moved on) then would call it blocked.
  const scenario = scenarioOf(`
    let tx, rx = channel()
    A: rx.recv() -> Ok(1)
    then: tx.send(1) -> Ok`);
  const judge = checkerJudge('channel');
  const verdict = async (adapter: Adapter) => (await runAsync(scenario, adapter, { judge })).verdict;

  it('more macrotask turns: wake-ups chained through a dozen tasks arrive', async () => {
    // (Three turns after each event, as before, call it blocked.)
    expect(await verdict(wakesThroughTasks(12))).toBe('ok');
  });

  it('zero-delay timers: a library that returns woken operations through setTimeout(…, 0) is slow, not blocked', async () => {
    expect(await verdict(channelMutants.find((m) => m.id === 'chan-returns-by-zero-timer')!.adapter as Adapter)).toBe('ok');
  });
});

describe('runs: a task calls its synchronous operations back to back', () => {
  // Two waiters; then one task notifies twice. A condvar that takes a woken waiter off its
  // queue a microtask later wakes the same waiter twice when both calls come in one stretch.
  const unlinksLate = lockMutants.find((m) => m.id === 'condvar-unlinks-woken-late')!.adapter as Adapter;
  const scenario = scenarioOf(`
    let m = Mutex::new(0)
    let cv = Condvar::new()
    A: g = m.lock(); g2 = cv.wait(g); drop(g2)
    B: h = m.lock(); h2 = cv.wait(h); drop(h2)
    then: cv.notify_one(); cv.notify_one()`);
  // Every schedule one step away from the first ready event always, as an example's sweep runs them.
  const deviations = Array.from({ length: 16 }, (_, at) => Array.from({ length: 6 }, (_, c) => [...new Array<number>(at).fill(0), c + 1])).flat();
  // The suffix starts once both waits wait, so both notifications find them: each must return
  // (the example of CV-NOTIFY-1 says so; a history alone could place a pending wait late).
  const verdicts = async (adapter: Adapter, events: AsyncEventGeneration) => {
    const seen = new Set<string>();
    for (const schedule of deviations) {
      const run = await runAsync(scenario, adapter, { judge: checkerJudge('condvar'), events, schedule });
      const returned = (op: number) => typeof run.outcomes[op] === 'object';
      seen.add(returned(1) && returned(4) ? run.verdict : 'a waiter sleeps on');
    }
    return seen;
  };

  it('catch a wake-up finished a microtask late, which no earlier kind of event shows', async () => {
    expect(await verdicts(unlinksLate, ASYNC_EVENTS.eager)).toEqual(new Set(['ok']));
    expect(await verdicts(unlinksLate, ASYNC_EVENTS.runs)).toContain('a waiter sleeps on');
    expect(await verdicts(promiseSync, ASYNC_EVENTS.runs)).toEqual(new Set(['ok']));
  });

  it('stop at the first operation that does not complete at once', async () => {
    // The run at the first step (the second ready event, after main's invocation): the send and the
    // receive of a buffered value complete at once, the second receive waits, and the run stops there.
    const run = await runAsync(scenarioOf(`
      let tx, rx = channel()
      main: tx.send(1); rx.try_recv(); rx.recv(); tx.send(2)`), promiseChannel, { judge: channelJudge, schedule: [1] });
    expect(run.trace.filter((t) => t.kind === 'invoke').map((t) => t.op)).toEqual([0, 1, 2]);
    expect(run.outcomes.slice(0, 2)).toEqual([{ kind: 'Ok' }, { kind: 'Ok', value: 1 }]);
  });
});

describe('eager continuations: a task goes on the moment its operation returns', () => {
  // A barrier whose released parties leave a macrotask later and learn whether they lead as
  // they leave (the first out, counted across generations): right unless a released party
  // re-enters, and another completes the next generation, before the earlier ones woke.
  const mutant = (id: string) => onceMutants.find((m) => m.id === id)!.adapter as Adapter;
  const scenario = scenarioOf(`
    let b = Barrier::new(2)
    A: b.wait()
    B: b.wait(); b.wait()
    C: b.wait()`);
  const judge = checkerJudge('barrier');
  const verdicts = async (adapter: Adapter, events: AsyncEventGeneration) => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 60; seed++) seen.add((await runAsync(scenario, adapter, { judge, events, schedule: seededSchedule(seed) })).verdict);
    return seen;
  };

  it('catch a barrier whose bookkeeping lags its wake-ups, in a three-party scenario no earlier kind of event shows it in', async () => {
    expect(await verdicts(mutant('barrier-leader-first-out'), ASYNC_EVENTS.timerBursts)).toEqual(new Set(['ok']));
    expect(await verdicts(mutant('barrier-leader-first-out'), ASYNC_EVENTS.eager)).toContain('safety');
  });

  it('leave correct barriers passing, one that wakes its parties a macrotask later too', async () => {
    expect(await verdicts(promiseSync, ASYNC_EVENTS.eager)).toEqual(new Set(['ok']));
    expect(await verdicts(mutant('barrier-last-out-leads'), ASYNC_EVENTS.eager)).toEqual(new Set(['ok']));
  });

  it("let another task call the moment an operation returns: a channel that frees a slot a macrotask after its receive returned is caught, in a scenario no earlier kind of event shows it in", async () => {
    const slotFreedLate = channelMutants.find((m) => m.id === 'chan-slot-freed-late')!.adapter as Adapter;
    const full = scenarioOf(`
      let tx, rx = sync_channel(1)
      main: tx.send(1)
      A: rx.recv()
      B: tx.try_send(2)`);
    const channelVerdicts = async (adapter: Adapter, events: AsyncEventGeneration) => {
      const seen = new Set<string>();
      for (let seed = 0; seed < 60; seed++) seen.add((await runAsync(full, adapter, { judge: checkerJudge('channel'), events, schedule: seededSchedule(seed) })).verdict);
      return seen;
    };
    expect(await channelVerdicts(slotFreedLate, ASYNC_EVENTS.timerBursts)).toEqual(new Set(['ok']));
    expect(await channelVerdicts(slotFreedLate, ASYNC_EVENTS.eager)).toContain('safety');
    expect(await channelVerdicts(promiseChannel, ASYNC_EVENTS.eager)).toEqual(new Set(['ok']));
  });

  it('invoke the next operation in the reaction, and the next other lane\'s after it, with no event between', async () => {
    // A waits; then, of B's and C's invocations and bursts, A's, B's and C's eager continuations, B's (the sixth):
    // B completes generation 1 and, a microtask later, waits again, and C completes generation 2,
    // all before A (released a macrotask later) leaves.
    const run = await runAsync(scenario, mutant('barrier-leader-first-out'), { judge, schedule: [0, 5] });
    expect(run.trace.slice(0, 5)).toEqual([
      { kind: 'invoke', op: 0 },
      { kind: 'eager', op: 1 },
      { kind: 'invoke', op: 1 },
      { kind: 'invoke', op: 2 },
      { kind: 'invoke', op: 3 },
    ]);
    expect(run.outcomes.map(show)).toEqual(['Leader', 'Leader', 'Follower', 'Follower']);
    expect(run.verdict).toBe('safety');
    expect((await runAsync(scenario, promiseSync, { judge, schedule: [0, 5] })).verdict).toBe('ok');
  });
});

describe('Failed: a call the library refused', () => {
  const refusing = (kind: string): Adapter => ({
    name: `barrier-says-${kind}`,
    library: { name: 'test', version: '0' },
    executor: 'async',
    capabilities: ['barrier'],
    barrier: { create: () => ({ wait: () => ({ kind, value: 'too many participants' }) }) },
  });
  const scenario = scenarioOf(`
    let b = Barrier::new(1)
    main: b.wait()`);
  const judge = checkerJudge('barrier');

  it('is a deviation the checker rejects (fail), not a broken adapter', async () => {
    const run = await runAsync(scenario, refusing('Failed'), { judge });
    expect(run.verdict).toBe('safety');
    expect(run.outcomes).toEqual([{ kind: 'Failed', value: 'too many participants' }]);
  });

  it('while any other kind the operation cannot return is an adapter error', async () => {
    const run = await runAsync(scenario, refusing('Refused'), { judge });
    expect(run.verdict).toBe('error');
    expect(run.summary).toContain('which wait cannot return');
  });
});

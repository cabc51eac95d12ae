// Spurious condvar wakeups on the async executor (condvar:spurious): a schedule event
// like a timer, never taken by the empty schedule; and the client pattern of CV-CLIENT-1:
// a consumer that waits with `if` may read its condition still false, one that waits
// with `while` (wait_while) never does.
import { describe, expect, it } from 'vitest';
import { exploreScenario, type RunOutcome } from '../../../spec/model/explore.ts';
import { condvarModel } from '../../../spec/generated/condvar.model.ts';
import { formatOutcome } from '../../../spec/model/types.ts';
import { renderTimeline } from '../../report/timeline.ts';
import { promiseSync } from '../../testing/promise-sync-adapter.ts';
import { scenarioOf } from '../../testing/test-helpers.ts';
import { checkerJudge } from '../shared/checker-judge.ts';
import { replay } from '../shared/replay.ts';
import { runExample } from '../shared/run-example.ts';
import { seededSchedule } from '../shared/schedule.ts';
import { runAsync } from './run-async.ts';

const judge = checkerJudge('condvar');
const show = (o: RunOutcome) => (typeof o === 'string' ? o : formatOutcome(o));

/** What the `if` consumer believes: after one wait, the value is 1. */
const ifConsumer = scenarioOf(`
  let m = Mutex::new(0)
  let cv = Condvar::new()
  A: g = m.lock(); g2 = cv.wait(g) -> Ok; g2.get() -> Ok(1)
  then: h = m.lock(); h.set(1); cv.notify_one(); drop(h)`);

const whileConsumer = scenarioOf(`
  let m = Mutex::new(0)
  let cv = Condvar::new()
  A: g = m.lock(); g2 = cv.wait_while(g, "value == 0") -> Ok; g2.get() -> Ok(1)
  then: h = m.lock(); h.set(1); cv.notify_one(); drop(h)`);

describe('the if consumer (CV-CLIENT-1)', () => {
  it('is wrong by the model: some run of it reads 0 after its wait', () => {
    const reads = new Set(exploreScenario(condvarModel, ifConsumer).runs.map((run) => show(run[2])));
    expect([...reads].sort()).toEqual(['Ok(0)', 'Ok(1)']);
  });

  it('is shown wrong on a correct implementation: a counterexample where the wait returns spuriously, replayable', async () => {
    const result = await runExample({ adapter: promiseSync, judge, scenario: ifConsumer, rule: 'CV-CLIENT-1', title: 'if consumer' });
    expect(result.status).toBe('fail');
    if (result.status !== 'fail') return;
    const { run, mismatches } = result.failure;
    // The implementation is fine (the model explains the run); the consumer's belief is not.
    expect(run.verdict).toBe('ok');
    expect(mismatches).toEqual([{ opId: 2, op: 'A: g2.get()', expected: ['Ok(1)'], got: 'Ok(0)' }]);
    expect(run.trace).toContainEqual({ kind: 'spurious', op: 1 });
    expect(renderTimeline(run.history)).toMatch(/g2\.get\(\) → Ok\(0\)/);
    const replayed = await replay(result.failure.replay, { adapter: promiseSync, judge });
    expect(replayed.mismatches).toEqual(mismatches);
  });

  it('and the while consumer passes under the same schedules, spurious wakeups included', async () => {
    let spurious = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const run = await runAsync(whileConsumer, promiseSync, { schedule: seededSchedule(seed), judge });
      expect(run.verdict).toBe('ok');
      expect(run.outcomes.map(show)).toEqual(['Ok', 'Ok', 'Ok(1)', 'Ok', 'Ok', 'Ok', 'Ok']);
      if (run.trace.some((e) => e.kind === 'spurious')) spurious++;
    }
    expect(spurious).toBeGreaterThan(0);
    // 20 schedules at least: more when the one-step deviations from [] outnumber 15.
    const example = await runExample({ adapter: promiseSync, judge, scenario: whileConsumer });
    expect(example.status).toBe('pass');
    expect(example.runs).toBeGreaterThanOrEqual(20);
  });
});

describe('spurious wakeups on the async executor', () => {
  it('never happen under the empty schedule', async () => {
    const run = await runAsync(ifConsumer, promiseSync, { schedule: [], judge });
    expect(run.trace.some((e) => e.kind === 'spurious')).toBe(false);
    expect(run.outcomes.map(show)).toEqual(['Ok', 'Ok', 'Ok(1)', 'Ok', 'Ok', 'Ok', 'Ok']);
  });

  it('never happen for an adapter without condvar:spurious', async () => {
    const adapter = { ...promiseSync, capabilities: promiseSync.capabilities.filter((c) => c !== 'condvar:spurious') };
    for (let seed = 1; seed <= 20; seed++) {
      const run = await runAsync(ifConsumer, adapter, { schedule: seededSchedule(seed), judge });
      expect(run.trace.some((e) => e.kind === 'spurious')).toBe(false);
      expect(show(run.outcomes[2])).toBe('Ok(1)');
    }
  });

  it('may end a run in which nothing else can happen, or wake the waiter', async () => {
    const alone = scenarioOf('let m = Mutex::new(0)\nlet cv = Condvar::new()\nmain: g = m.lock(); g2 = cv.wait(g)');
    expect((await runAsync(alone, promiseSync, { schedule: [0, 0], judge })).outcomes.map(show)).toEqual(['Ok', 'blocks']);
    // The lock (not the eager continuation, the other event there), then the wakeup.
    const woken = await runAsync(alone, promiseSync, { schedule: [0, 1], judge });
    expect(woken.outcomes.map(show)).toEqual(['Ok', 'Ok']);
    expect(woken.verdict).toBe('ok');
  });
});

import { describe, expect, it } from 'vitest';
import { buggyAdapters } from '../../testing/buggy-channels.ts';
import { loadChannelChapter } from '../../testing/channel-chapter.ts';
import { promiseChannel } from '../../testing/promise-channel-adapter.ts';
import { channelJudge, scenarioOf } from '../../testing/test-helpers.ts';
import { executeScenario } from './execute.ts';
import { replay } from './replay.ts';
import { exampleSchedules } from './example-schedules.ts';
import { runExample } from './run-example.ts';
import { seededSchedule, type Schedule } from './schedule.ts';

const examples = loadChannelChapter().examples;

describe('examples on the async executor', () => {
  it('the correct promise channel passes every example of the chapter under 20 schedules or more (or as many as a long one asks for)', async () => {
    expect(examples.length).toBeGreaterThanOrEqual(40);
    const failures: string[] = [];
    for (const example of examples) {
      const schedules = Math.min(example.schedules ?? 20, 20);
      const result = await runExample({ adapter: promiseChannel, judge: channelJudge, scenario: example.scenario, rule: example.rule, title: example.title, schedules });
      if (result.status !== 'pass') failures.push(`${example.rule} ${example.title}\n${result.failure.diagnosis}`);
      else expect(result.runs).toBeGreaterThanOrEqual(schedules);
    }
    expect(failures).toEqual([]);
  });

  it('a wrong outcome is named against what the example allows, and the token replays it', async () => {
    const adapter = buggyAdapters.find((b) => b.adapter.name === 'capacity-off-by-one')!.adapter;
    const scenario = scenarioOf('let tx, rx = sync_channel(1)\nmain: tx.try_send(1) -> Ok; tx.try_send(2) -> Full(2)');
    const result = await runExample({ adapter, judge: channelJudge, scenario, rule: 'CHAN-BND-2', title: 'a capacity of one' });
    expect(result.status).toBe('fail');
    if (result.status !== 'fail') return;
    expect(result.failure.mismatches).toEqual([{ opId: 1, op: 'main: tx.try_send(2)', expected: ['Full(2)'], got: 'Ok' }]);
    expect(result.failure.diagnosis).toContain('op 1 main: tx.try_send(2) -> Ok, but the spec allows Full(2)');
    const replayed = await replay(result.failure.replay, { adapter, judge: channelJudge });
    expect(replayed.mismatches).toEqual(result.failure.mismatches);
  });

  it('runs every schedule one step away from the first, even past the count asked for', async () => {
    const scenario = scenarioOf('let tx, rx = channel()\nA: tx.send(1); tx.send(2); drop(tx)\nB: rx.recv() -> Ok(1); rx.recv() -> Ok(2); rx.recv() -> Disconnected');
    const base = await executeScenario(scenario, promiseChannel, { schedule: [], judge: channelJudge });
    const deviations = (base.choiceArities ?? []).reduce((sum, ready) => sum + ready - 1, 0);
    expect(deviations).toBeGreaterThan(3);
    // Four asked: [] and the deviations (three would be the sweep's share), then one random schedule.
    expect(await runExample({ adapter: promiseChannel, judge: channelJudge, scenario, schedules: 4 })).toMatchObject({ status: 'pass', runs: 1 + deviations + 1 });
    // Which ones: [], each other event at each step (earliest steps first; events of the newest
    // kinds, eager continuations, after all the others), then a seeded random one.
    const plan = exampleSchedules(promiseChannel, undefined, scenario, 1, 4);
    const handedOut: Schedule[] = [plan.scheduleFor(0)];
    plan.learn(base);
    for (let i = 1; i < plan.runs(); i++) handedOut.push(plan.scheduleFor(i));
    const arities = base.choiceArities ?? [];
    const newest = base.choiceNewest ?? [];
    expect(newest.some((n) => n > 0)).toBe(true);
    const deviation = (at: number, choice: number) => [...new Array<number>(at).fill(0), choice];
    const choices = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
    const older = arities.flatMap((ready, at) => choices(1, ready - newest[at]).map((c) => deviation(at, c)));
    const newer = arities.flatMap((ready, at) => choices(Math.max(1, ready - newest[at]), ready).map((c) => deviation(at, c)));
    expect(handedOut).toEqual([[], ...older, ...newer, seededSchedule(1 + deviations + 1)]);
  });

  it('`blocks` is an operation still pending when the run ends', async () => {
    const scenario = scenarioOf('let tx, rx = sync_channel(0)\nA: tx.send(7) -> blocks');
    expect(await runExample({ adapter: promiseChannel, judge: channelJudge, scenario, schedules: 3 })).toMatchObject({ status: 'pass', runs: 3 });
    const wrong = scenarioOf('let tx, rx = sync_channel(0)\nA: tx.send(7) -> Ok');
    expect(await runExample({ adapter: promiseChannel, judge: channelJudge, scenario: wrong, schedules: 3 })).toMatchObject({ status: 'fail' });
  });
});

import { describe, expect, it } from 'vitest';
import { buggyAdapters } from '../../testing/buggy-channels.ts';
import { loadChannelChapter } from '../../testing/channel-chapter.ts';
import { promiseChannel } from '../../testing/promise-channel-adapter.ts';
import { channelJudge, scenarioOf } from '../../testing/test-helpers.ts';
import { replay } from './replay.ts';
import { runExample } from './run-example.ts';

const examples = loadChannelChapter().examples;

describe('examples on the async executor', () => {
  it('the correct promise channel passes every example of the chapter under 20 schedules', async () => {
    expect(examples.length).toBeGreaterThanOrEqual(40);
    const failures: string[] = [];
    for (const example of examples) {
      const result = await runExample({ adapter: promiseChannel, judge: channelJudge, scenario: example.scenario, rule: example.rule, title: example.title });
      if (result.status !== 'pass') failures.push(`${example.rule} ${example.title}\n${result.failure.diagnosis}`);
      else expect(result.runs).toBe(20);
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

  it('`blocks` is an operation still pending when the run ends', async () => {
    const scenario = scenarioOf('let tx, rx = sync_channel(0)\nA: tx.send(7) -> blocks');
    expect(await runExample({ adapter: promiseChannel, judge: channelJudge, scenario, schedules: 3 })).toMatchObject({ status: 'pass', runs: 3 });
    const wrong = scenarioOf('let tx, rx = sync_channel(0)\nA: tx.send(7) -> Ok');
    expect(await runExample({ adapter: promiseChannel, judge: channelJudge, scenario: wrong, schedules: 3 })).toMatchObject({ status: 'fail' });
  });
});

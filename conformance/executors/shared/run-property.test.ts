import { describe, expect, it } from 'vitest';
import { numberOps } from '../../../spec/model/explore.ts';
import { buggyAdapters } from '../../testing/buggy-channels.ts';
import { brokenAdapters } from '../../testing/broken-adapters.ts';
import { loadChannelChapter } from '../../testing/channel-chapter.ts';
import { promiseChannel } from '../../testing/promise-channel-adapter.ts';
import { deadlockingAdapter, microtaskSpinner } from '../../testing/stalling-adapters.ts';
import { channelJudge } from '../../testing/test-helpers.ts';
import { checkerJudge } from './checker-judge.ts';
import { replay } from './replay.ts';
import { decodeReplayToken } from './replay-token.ts';
import { LATEST_ASYNC_EVENTS } from '../async/event-generations.ts';
import { runProperty, type PropertyResult } from './run-property.ts';

const properties = loadChannelChapter().properties;

describe('the correct promise channel', () => {
  it('has properties to pass', () => expect(properties.length).toBeGreaterThanOrEqual(20));

  for (const property of properties) {
    it(`passes ${property.rule}: ${property.title}`, async () => {
      const result = await runProperty({ adapter: promiseChannel, judge: channelJudge, config: property.config, rule: property.rule, runs: 25, seed: 42 });
      if (result.status === 'fail' || result.status === 'error') expect.fail(`${result.failure.example}\n${result.failure.diagnosis}`);
      expect(result.status).toBe('pass');
    });
  }

  it('passes them with the history checker as judge too', async () => {
    const judge = checkerJudge('channel');
    for (const property of properties) {
      const result = await runProperty({ adapter: promiseChannel, judge, config: property.config, runs: 10, seed: 7 });
      expect(result.status, property.rule).toBe('pass');
    }
  });

  it('reports how much its histories overlapped, and which model states they visited', async () => {
    const config = properties.find((p) => p.rule === 'CHAN-FIFO-1')!.config;
    const result = await runProperty({ adapter: promiseChannel, judge: checkerJudge('channel'), config, runs: 40, seed: 1 });
    expect(result.status).toBe('pass');
    if (result.status !== 'pass') return;
    expect(result.quality.histories).toBe(40);
    expect(result.quality.overlapping).toBeGreaterThan(10);
    expect(Object.keys(result.quality.features)).toEqual(expect.arrayContaining(['bounded:full', 'rendezvous:sender-waiting', 'unbounded:non-empty']));
  });
});

/** The first property of the chapter that fails on the adapter, in chapter order. */
async function firstFailure(adapter: (typeof buggyAdapters)[number]['adapter']): Promise<{ rule: string; result: Extract<PropertyResult, { status: 'fail' | 'error' }> } | undefined> {
  for (const property of properties) {
    const result = await runProperty({ adapter, judge: channelJudge, config: property.config, rule: property.rule, title: property.title, runs: 100, seed: 42 });
    if (result.status === 'fail' || result.status === 'error') return { rule: property.rule, result };
  }
  return undefined;
}

describe('each one-bug channel', () => {
  for (const { adapter, bug } of buggyAdapters) {
    it(`is caught with a small counterexample that its replay token reproduces: ${bug}`, async () => {
      const caught = await firstFailure(adapter);
      expect(caught, `${adapter.name} passed every property`).toBeDefined();
      const { failure, verdict } = caught!.result;
      expect(['safety', 'liveness']).toContain(verdict);
      expect(failure.reproducible).toBe(true);
      expect(failure.scenario.actors.length).toBeLessThanOrEqual(3);
      expect(numberOps(failure.scenario).length).toBeLessThanOrEqual(10);
      expect(failure.example).toContain(`rule: ${caught!.rule}`);

      const token = decodeReplayToken(failure.replay);
      expect(token).toMatchObject({ adapter: adapter.name, rule: caught!.rule, executor: 'async', seed: 42, scenario: failure.scenario, schedule: failure.schedule, asyncEvents: LATEST_ASYNC_EVENTS });
      const replayed = await replay(failure.replay, { adapter, judge: channelJudge });
      expect(replayed.run.verdict).toBe(verdict);
      expect(replayed.run.history).toEqual(failure.run.history);
    });
  }
});

describe('other outcomes of a property', () => {
  const config = { channels: 'channel(), sync_channel(0)', actors: '2', ops: 'send, recv, try_recv, drop' };

  it('not applicable when the adapter has none of the flavours', async () => {
    const adapter = { ...promiseChannel, capabilities: ['bounded', 'send', 'recv'] };
    expect(await runProperty({ adapter, judge: channelJudge, config, runs: 5, seed: 1 })).toMatchObject({ status: 'n/a' });
  });

  it('an error, shrunk, naming the broken adapter and its method', async () => {
    const broken = brokenAdapters.find((b) => b.adapter.name === 'send-throws')!;
    const result = await runProperty({ adapter: broken.adapter, judge: channelJudge, config, runs: 20, seed: 1 });
    expect(result.status).toBe('error');
    if (result.status !== 'error') return;
    expect(result.failure.run.failure).toMatchObject({ adapter: 'send-throws', method: 'sender.send' });
    expect(result.failure.diagnosis).toContain('adapter send-throws');
    expect(numberOps(result.failure.scenario).length).toBeLessThanOrEqual(3);
  });

  it('a failure that does not happen again is shown as it happened, not as the passing rerun', async () => {
    // The bug bites until the judge has seen one failure, then never again: as a race
    // seen once under real threads. The report must show the failing run.
    const buggy = buggyAdapters.find((b) => b.adapter.name === 'rendezvous-buffers-one')!.adapter;
    let healed = false;
    const flaky = { ...buggy, name: 'flaky', channel: { create: (params: never) => (healed ? promiseChannel : buggy).channel!.create(params) } };
    const judge = {
      ...channelJudge,
      check: async (...args: Parameters<typeof channelJudge.check>) => {
        const answer = await channelJudge.check(...args);
        if (answer.verdict !== 'ok') healed = true;
        return answer;
      },
    };
    const property = properties.find((p) => p.rule === 'CHAN-FLAVOR-3')!;
    const result = await runProperty({ adapter: flaky, judge, config: property.config, runs: 100, seed: 42 });
    expect(result).toMatchObject({ status: 'fail', verdict: 'safety' });
    if (result.status !== 'fail') return;
    expect(result.failure.reproducible).toBe(false);
    expect(result.failure.run.verdict).toBe('safety');
    expect(result.failure.diagnosis).toContain('not explained by the model');
  });

  it('with shrink: false, reports the first failing case unshrunk (the selftest only needs the verdict)', async () => {
    const buggy = buggyAdapters.find((b) => b.adapter.name === 'rendezvous-buffers-one')!.adapter;
    const property = properties.find((p) => p.rule === 'CHAN-FLAVOR-3')!;
    const shrunk = await runProperty({ adapter: buggy, judge: channelJudge, config: property.config, runs: 100, seed: 42 });
    const found = await runProperty({ adapter: buggy, judge: channelJudge, config: property.config, runs: 100, seed: 42, shrink: false });
    expect(shrunk).toMatchObject({ status: 'fail', verdict: 'safety' });
    expect(found).toMatchObject({ status: 'fail', verdict: 'safety', shrinks: 0 });
    if (shrunk.status !== 'fail' || found.status !== 'fail') return;
    expect(found.runs).toBe(shrunk.runs);
    expect(shrunk.shrinks).toBeGreaterThan(0);
  });

  it('an adapter that held the event loop is stopped once: no shrinking, no second run of the counterexample', async () => {
    let runs = 0;
    const counted = { ...microtaskSpinner, channel: { ...microtaskSpinner.channel!, create: (params: never) => (runs++, microtaskSpinner.channel!.create(params)) } };
    const property = properties.find((p) => p.rule === 'CHAN-FIFO-1')!;
    const result = await runProperty({ adapter: counted, judge: channelJudge, config: property.config, runs: 100, seed: 3, budgetMs: 300 });
    expect(result).toMatchObject({ status: 'fail', verdict: 'liveness', shrinks: 0 });
    if (result.status !== 'fail') return;
    // One channel per scenario: the runs that passed, then the one that was stopped, and nothing after.
    expect(runs).toBe(result.runs);
    expect(result.failure.run.watchdog?.heldEventLoop).toBe(true);
    expect(result.failure.diagnosis).toContain('not shrunk: the adapter had to be stopped');
  });

  it('a liveness failure for a deadlocking adapter, and the run ends', async () => {
    const result = await runProperty({ adapter: deadlockingAdapter, judge: channelJudge, config, runs: 50, seed: 1 });
    expect(result).toMatchObject({ status: 'fail', verdict: 'liveness' });
  });
});

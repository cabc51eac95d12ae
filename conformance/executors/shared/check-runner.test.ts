import { describe, expect, it } from 'vitest';
import { runSuite } from '../../run/runSuite.ts';
import { buggyAdapters } from '../../testing/buggy-channels.ts';
import { loadChannelChapter } from '../../testing/channel-chapter.ts';
import { promiseChannel } from '../../testing/promise-channel-adapter.ts';
import { channelJudge } from '../../testing/test-helpers.ts';
import { createCheckRunner, replayCheck } from './check-runner.ts';

const spec = loadChannelChapter();
const engine = { judgeFor: () => channelJudge, exampleSchedules: 5 };

describe('the engine behind syncspec run', () => {
  it('passes the correct promise channel on every rule of the chapter', async () => {
    // syncspec run's own judge (the checker): the brute-force one leaves examples longer than
    // 500 operations (the 300-clone ones) undecided, which makes their rules `unknown`.
    const report = await runSuite({ spec, adapters: [promiseChannel], runner: createCheckRunner({ exampleSchedules: 5 }), runs: 10, seed: 3, version: 'test' });
    const notPassed = report.adapters[0].results.filter((r) => r.status !== 'pass');
    expect(notPassed.map((r) => `${r.rule}: ${r.message}`)).toEqual([]);
    expect(report.adapters[0].quality?.histories).toBeGreaterThan(0);
  });

  it('fails a wrong channel with a printed counterexample, its timeline, a diagnosis and a token that replays it', async () => {
    const adapter = buggyAdapters.find((b) => b.adapter.name === 'rendezvous-buffers-one')!.adapter;
    const report = await runSuite({ spec, adapters: [adapter], runner: createCheckRunner(engine), rules: 'CHAN-FLAVOR-3', runs: 50, seed: 3, version: 'test' });
    const [result] = report.adapters[0].results;
    expect(result.status).toBe('fail');
    expect(result.counterexample?.scenario).toContain('let tx, rx = sync_channel(0)');
    expect(result.counterexample?.timeline).toContain('send');
    expect(result.counterexample?.executor).toBe('async');
    const replayed = await replayCheck(adapter, result.replay!, engine);
    expect(replayed.rule).toBe('CHAN-FLAVOR-3');
    expect(replayed.outcome.status).toBe('fail');
    expect(replayed.outcome.counterexample?.timeline).toBe(result.counterexample?.timeline);
  });

  it("marks in a property failure's timeline the operations the checker could not explain, as it marks an example's", async () => {
    const adapter = buggyAdapters.find((b) => b.adapter.name === 'rendezvous-buffers-one')!.adapter;
    const rule = spec.rules.find((r) => r.id === 'CHAN-FLAVOR-3')!;
    const property = rule.checks.find((c) => c.kind === 'property')!;
    // The checker's own judge: its diagnosis names the operations it could not explain.
    const outcome = await createCheckRunner({ exampleSchedules: 5 }).run(adapter, rule, property, { runs: 50, seed: 3 });
    expect(outcome.status).toBe('fail');
    const { marked } = outcome.counterexample!.history!;
    expect(marked.length).toBeGreaterThan(0);
    for (const m of marked) expect(outcome.counterexample!.timeline).toContain(`✗ ${m.note}`);
  });
});

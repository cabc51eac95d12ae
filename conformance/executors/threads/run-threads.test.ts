import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import reference from '../../../adapters/reference/index.ts';
import type { Adapter } from '../../adapter/types.ts';
import bufferingRendezvous from '../../testing/threads/buffering-rendezvous.ts';
import crashingWorker from '../../testing/threads/crashing-worker.ts';
import fourthChannelHoldsOneMore from '../../testing/threads/fourth-channel-holds-one-more.ts';
import loggingTransfers from '../../testing/threads/logging-transfers.ts';
import stuckReceiver from '../../testing/threads/stuck-receiver.ts';
import type { Scenario } from '../../scenario/types.ts';
import { checkerJudge } from '../shared/checker-judge.ts';
import { replay } from '../shared/replay.ts';
import { runProperty } from '../shared/run-property.ts';
import { seededSchedule } from '../shared/schedule.ts';
import { shutdownLaneWorkers } from './lane-workers.ts';
import { runThreads } from './run-threads.ts';

const judge = checkerJudge('channel');
afterAll(() => shutdownLaneWorkers());

function channelScenario(flavor: 'rendezvous' | 'bounded' | 'unbounded', actors: Scenario['actors'], prefix: Scenario['prefix'] = [], suffix: Scenario['suffix'] = []): Scenario {
  const capacity = flavor === 'unbounded' ? null : flavor === 'bounded' ? 1 : 0;
  return { model: 'channel', objects: [{ kind: 'channel', name: 'c0', params: { flavor, capacity, profile: 'mpsc' }, handles: { tx: 'sender', rx: 'receiver' } }], prefix, actors, suffix };
}

/** A sends 1 and 2 on its clone and drops it; B receives twice; main drops its sender last. */
const handOff = channelScenario(
  'rendezvous',
  [
    { name: 'A', ops: [{ name: 'send', target: 'txA', args: [1] }, { name: 'send', target: 'txA', args: [2] }, { name: 'drop', target: 'txA', args: [] }] },
    { name: 'B', ops: [{ name: 'recv', target: 'rx', args: [] }, { name: 'recv', target: 'rx', args: [] }, { name: 'recv_timeout', target: 'rx', args: [1] }] },
  ],
  [{ name: 'clone', target: 'tx', args: ['txA'] }],
  [{ name: 'drop', target: 'tx', args: [] }],
);

describe('threads executors on the reference', () => {
  it.each(['controlled', 'pct', 'stress'] as const)('%s: a rendezvous hand-off is explained by the model, schedule after schedule', async (mode) => {
    for (let seed = 0; seed < 8; seed++) {
      const run = await runThreads(handOff, reference, { mode, judge, schedule: seededSchedule(seed) });
      expect(run.verdict, run.summary).toBe('ok');
      expect(run.outcomes.slice(4, 6)).toEqual([
        { kind: 'Ok', value: 1 },
        { kind: 'Ok', value: 2 },
      ]);
    }
  });

  it('controlled: the same schedule gives the same run', async () => {
    const schedule = seededSchedule(42);
    const first = await runThreads(handOff, reference, { mode: 'controlled', judge, schedule });
    const second = await runThreads(handOff, reference, { mode: 'controlled', judge, schedule });
    expect(second.history).toEqual(first.history);
    expect(second.trace).toEqual(first.trace);
  });

  it('stress: a lane the run leaves blocked is unwound through the schedule hooks, and its worker reused', async () => {
    let started = 0;
    const threads = reference.threads!;
    const counted: Adapter = { ...reference, name: 'reference-counting-workers', threads: { ...threads, watchWorker: (w) => (started++, threads.watchWorker?.(w)) } };
    // A waits for a value that never comes while main keeps its sender: allowed to block for ever.
    const blocked = channelScenario('unbounded', [{ name: 'A', ops: [{ name: 'recv', target: 'rx', args: [] }] }]);
    for (let i = 0; i < 3; i++) {
      const run = await runThreads(blocked, counted, { mode: 'stress', judge, schedule: seededSchedule(i) });
      expect(run.verdict, run.summary).toBe('ok');
    }
    expect(started).toBe(2);
  });

  it('stress: copies of the scenario run side by side, each reported as a run of the scenario itself', async () => {
    // select's result names a receiver: copy k's `rx2~k` reads as `rx2`.
    const selecting: Scenario = {
      model: 'channel',
      objects: ['1', '2'].map((n) => ({ kind: 'channel', name: `c${n}`, params: { flavor: 'unbounded', capacity: null, profile: 'mpmc' }, handles: { [`tx${n}`]: 'sender', [`rx${n}`]: 'receiver' } })),
      prefix: [],
      actors: [
        { name: 'A', ops: [{ name: 'send', target: 'tx2', args: [5] }] },
        { name: 'B', ops: [{ name: 'select', target: 'rx1', args: ['rx1', 'rx2'] }] },
      ],
      suffix: [],
    };
    // Each copy is checked on its own, as a run of the scenario: six checks at the end, each of a select that read rx2.
    const selected: unknown[] = [];
    const watching: typeof judge = { ...judge, check: (history, options) => (selected.push(history.ops.find((o) => o.name === 'select')?.result), judge.check(history, options)) };
    const run = await runThreads(selecting, reference, { mode: 'stress', judge: watching, schedule: seededSchedule(3), copies: 6 });
    expect(run.verdict, run.summary).toBe('ok');
    expect(run.outcomes).toEqual([{ kind: 'Ok' }, { kind: 'Ok', value: ['rx2', 5] }]);
    expect(run.history.ops.map((o) => o.target)).toEqual(['tx2', 'rx1']);
    expect(selected.slice(-6)).toEqual(Array(6).fill({ kind: 'Ok', value: ['rx2', 5] }));
  });

  it('moves every handle out before the actors start, and each is adopted by the operation that first names it, so it is still in flight while the others run', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'syncspec-transfers-')), 'log');
    process.env.SYNCSPEC_TRANSFER_LOG = log; // workers copy the environment when they start, and this adapter has a pool of its own: its workers start after this
    try {
      const scenario = channelScenario(
        'unbounded',
        [
          { name: 'A', ops: [{ name: 'send', target: 'tx', args: [1] }] },
          { name: 'B', ops: [{ name: 'send', target: 'txB', args: [2] }, { name: 'recv', target: 'rx', args: [] }] },
        ],
        [{ name: 'clone', target: 'tx', args: ['txB'] }],
      );
      for (const seed of [0, 1, 2, 3]) {
        writeFileSync(log, '');
        const run = await runThreads(scenario, loggingTransfers, { mode: 'controlled', judge, schedule: seededSchedule(seed) });
        expect(run.verdict, run.summary).toBe('ok');
        const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => l.split(' '));
        const [main] = lines[0];
        expect(lines.slice(0, 3).map(([thread, ...what]) => [thread, what.join(' ')])).toEqual([
          [main, 'transfer sender'],
          [main, 'transfer sender'],
          [main, 'transfer receiver'],
        ]);
        // B's receiver waits in flight until B's second operation, whatever A did meanwhile.
        const [b] = lines.find(([, what, role]) => what === 'adopt' && role === 'receiver')!;
        expect(lines.filter(([thread]) => thread === b).map(([, ...what]) => what.join(' '))).toEqual(['adopt sender', 'send', 'adopt receiver']);
      }
    } finally {
      delete process.env.SYNCSPEC_TRANSFER_LOG;
    }
  });

  it('stress: an actor that is done, holding only shared objects, ends its thread while another waits, and the run is explained', async () => {
    const waiting: Scenario = {
      model: 'mutex',
      objects: [{ kind: 'mutex', name: 'm', params: { value: 0 }, handles: { m: 'mutex' } }],
      prefix: [{ name: 'lock', target: 'm', args: ['g'] }],
      actors: [
        { name: 'A', ops: [{ name: 'lock', target: 'm', args: ['a'] }, { name: 'drop', target: 'a', args: [] }] },
        { name: 'B', ops: [{ name: 'is_poisoned', target: 'm', args: [] }] },
      ],
      suffix: [{ name: 'drop', target: 'g', args: [] }],
    };
    const ends = (run: { trace: readonly { kind: string; op?: number }[] }) => run.trace.filter((t) => t.kind === 'end').map((t) => t.op);
    for (const seed of [0, 1, 2]) {
      const run = await runThreads(waiting, reference, { mode: 'stress', judge: checkerJudge('mutex'), schedule: seededSchedule(seed), copies: 1, endThreads: true });
      expect(run.verdict, run.summary).toBe('ok');
      // B (its last op is 3) ends while A waits for the lock; A (2) ends once the suffix let it through.
      expect(ends(run)).toEqual([3, 2]);
    }
    const kept = await runThreads(waiting, reference, { mode: 'stress', judge: checkerJudge('mutex'), schedule: seededSchedule(0), copies: 1, endThreads: false });
    expect(ends(kept)).toEqual([]);
  });

  it.each(['controlled', 'stress'] as const)('%s: the suffix waits for a handle whose lane waits on a partner in a timed operation', async (mode) => {
    // A waits (untimed) on rx2 until B's recv_timeout on the other channel has run out and B
    // sends; the suffix needs rx2 back from A. The timer, not A's own operation, lets A go on.
    const scenario: Scenario = {
      model: 'channel',
      objects: ['1', '2'].map((n) => ({ kind: 'channel', name: `c${n}`, params: { flavor: n === '1' ? 'rendezvous' : 'unbounded', capacity: n === '1' ? 0 : null, profile: 'mpsc' }, handles: { [`tx${n}`]: 'sender', [`rx${n}`]: 'receiver' } })),
      prefix: [],
      actors: [
        { name: 'A', ops: [{ name: 'recv', target: 'rx2', args: [] }] },
        { name: 'B', ops: [{ name: 'recv_timeout', target: 'rx1', args: [300] }, { name: 'send', target: 'tx2', args: [7] }] },
      ],
      suffix: [{ name: 'try_recv', target: 'rx2', args: [] }],
    };
    for (const seed of [0, 1]) {
      const run = await runThreads(scenario, reference, { mode, judge, schedule: seededSchedule(seed), copies: 1 });
      expect(run.verdict, run.summary).toBe('ok');
      expect(run.outcomes).toEqual([{ kind: 'Ok', value: 7 }, { kind: 'Timeout' }, { kind: 'Ok' }, { kind: 'Empty' }]);
    }
  });

  it('skips a scenario in which two threads would need one channel handle', async () => {
    const shared = channelScenario('unbounded', [
      { name: 'A', ops: [{ name: 'send', target: 'tx', args: [1] }] },
      { name: 'B', ops: [{ name: 'send', target: 'tx', args: [2] }] },
    ]);
    const run = await runThreads(shared, reference, { mode: 'controlled', judge });
    expect(run.verdict).toBe('unknown');
    expect(run.skipped).toContain('B uses tx');
  });
});

describe('threads executors on wrong implementations', () => {
  it.each(['controlled', 'pct'] as const)('%s: a rendezvous that buffers fails with a minimal counterexample, and its replay token reproduces it', async (mode) => {
    const result = await runProperty({
      adapter: bufferingRendezvous,
      judge,
      mode,
      config: { channels: 'sync_channel(0)', ops: 'send, try_recv', actors: '2' },
      rule: 'CHAN-FLAVOR-3',
      runs: 50,
      seed: 7,
    });
    expect(result.status).toBe('fail');
    if (result.status !== 'fail') return;
    expect(result.failure.run.verdict).toBe('safety');
    expect(result.failure.reproducible).toBe(true);
    const again = await replay(result.failure.replay, { adapter: bufferingRendezvous, judge });
    expect(again.run.verdict).toBe('safety');
    expect(again.run.history).toEqual(result.failure.run.history);
  });

  it('stress: of several copies, the one that failed is reported, as a run of the scenario', async () => {
    // Nobody waits, so A goes through every copy; only the fourth channel this adapter's worker makes takes a second value.
    const scenario = channelScenario('bounded', [{ name: 'A', ops: [{ name: 'try_send', target: 'tx', args: [1] }, { name: 'try_send', target: 'tx', args: [2] }] }]);
    const run = await runThreads(scenario, fourthChannelHoldsOneMore, { mode: 'stress', judge, copies: 4 });
    expect(run.verdict).toBe('safety');
    expect(run.summary).toContain('copy 4 of 4 run side by side');
    expect(run.history.ops.map((o) => `${o.id} ${o.actor} ${o.target} ${JSON.stringify(o.result)}`)).toEqual(['0 A tx {"kind":"Ok"}', '1 A tx {"kind":"Ok"}']);
  });

  it('stress: an actor that waits in one copy starts no later copy, and the suffix it waits for still runs', async () => {
    // A's rendezvous send waits for main's try_recv in the suffix, so A never reaches the second copy.
    const scenario = channelScenario('rendezvous', [{ name: 'A', ops: [{ name: 'send', target: 'tx', args: [1] }] }], [], [{ name: 'try_recv', target: 'rx', args: [] }]);
    const histories: string[] = [];
    const watching: typeof judge = { ...judge, check: (history, options) => (histories.push(history.ops.map((o) => `${o.id}:${o.ret === undefined ? 'pending' : o.result!.kind}`).join(' ')), judge.check(history, options)) };
    const run = await runThreads(scenario, reference, { mode: 'stress', judge: watching, copies: 3 });
    expect(run.verdict, run.summary).toBe('ok');
    expect(histories.slice(-3)).toEqual(['0:Ok 1:Ok', '1:Empty', '1:Empty']);
  });

  it.each(['controlled', 'stress'] as const)('%s: a receive that never returns is a liveness failure naming it, and the run ends', async (mode) => {
    const scenario = channelScenario('unbounded', [{ name: 'A', ops: [{ name: 'recv', target: 'rx', args: [] }] }], [{ name: 'send', target: 'tx', args: [1] }]);
    const run = await runThreads(scenario, stuckReceiver, { mode, judge, livenessMs: 300 });
    expect(run.verdict).toBe('liveness');
    expect(run.summary).toContain('A: rx.recv()');
  });

  it('a worker that exits mid-operation is an adapter error naming the adapter and the actor', async () => {
    const scenario = channelScenario('unbounded', [{ name: 'A', ops: [{ name: 'send', target: 'tx', args: [1] }] }]);
    for (const mode of ['controlled', 'stress'] as const) {
      const run = await runThreads(scenario, crashingWorker as Adapter, { mode, judge });
      expect(run.verdict).toBe('error');
      expect(run.summary).toMatch(/adapter crashing-worker.*worker of A/);
    }
  });
});

// The checker's semantics on hand-written histories: what `ok`, `safety`, `liveness` and
// `unknown` mean, and what a diagnosis says. The channel model here is a small unbounded
// channel written for the tests (the spec's chapters have the real ones).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Model, Transition, Value } from '../../spec/model/types.ts';
import { outcome, sameOutcome } from '../../spec/model/types.ts';
import { simulatedQueueHistory } from './fifo/queueHistoryArbitraries.ts';
import { checkHistory, fifoQueueModel, formatDiagnosis } from './index.ts';
import { Ok, history, op, respectsRealTime } from './testing/historyBuilder.ts';

type ChannelState = readonly Value[];

/** Unbounded channel: send never blocks; recv blocks on empty; try_recv says Empty; recv_timeout times out. */
const channel: Model<ChannelState> = {
  name: 'test-channel',
  init: () => [],
  phases: () => 1,
  step(state, o): readonly Transition<ChannelState>[] {
    const head = state.length > 0 ? [{ state: state.slice(1), result: outcome('Ok', state[0]), rule: 'CHAN-RECV' }] : [];
    switch (o.name) {
      case 'send':
        return [{ state: [...state, o.args[0]], result: outcome('Ok'), rule: 'CHAN-SEND' }];
      case 'recv':
        return head;
      case 'try_recv':
        return state.length > 0 ? head : [{ state, result: outcome('Empty'), rule: 'CHAN-TRY-EMPTY' }];
      case 'recv_timeout':
        // Only a timer fires the Timeout, and only while nothing is there to take.
        return state.length > 0 ? head : [{ state, result: outcome('Timeout'), rule: 'CHAN-TIMEOUT', timed: true }];
      default:
        throw new Error(`test-channel: unknown ${o.name}`);
    }
  },
  key: (state) => JSON.stringify(state),
};

const chan = (ops: Parameters<typeof history>[1]) => history('test-channel', ops, null);
const queue = (ops: Parameters<typeof history>[1]) => history('fifo-queue', ops, null);

describe('checkHistory: completed histories', () => {
  it('accepts a linearizable history, with a linearization that respects real time', () => {
    // enq(1) and enq(2) overlap; the deqs show 2 went first.
    const h = queue([
      op(0, 'A', 'q', 'enq', [1], [1, 5], Ok()),
      op(1, 'B', 'q', 'enq', [2], [2, 4], Ok()),
      op(2, 'A', 'q', 'deq', [], [6, 7], Ok(2)),
      op(3, 'B', 'q', 'deq', [], [8, 9], Ok(1)),
      op(4, 'B', 'q', 'deq', [], [10, 11], outcome('Empty')),
    ]);
    const r = checkHistory(fifoQueueModel, h, { useDeciders: false });
    expect(r.verdict).toBe('ok');
    if (r.verdict !== 'ok') return;
    expect(r.linearization.map((s) => s.opId)).toEqual([1, 0, 2, 3, 4]);
    expect(r.linearization[2]).toMatchObject({ opId: 2, phase: 0, phases: 1, result: Ok(2), rule: 'QUEUE-DEQ-HEAD' });
    expect(respectsRealTime(r.linearization, h.ops)).toBe(true);
    expect(r.blocked).toEqual([]);
    expect(r.stats.decidedBy).toEqual(['search']);
    expect(r.stats.configurations).toBeGreaterThan(0);
  });

  it('rejects a FIFO violation as a safety failure, saying what the model allowed', () => {
    // enq(1) returned before enq(2) was called, yet the first deq returned 2.
    const h = queue([
      op(0, 'A', 'q', 'enq', [1], [1, 2], Ok()),
      op(1, 'A', 'q', 'enq', [2], [3, 4], Ok()),
      op(2, 'B', 'q', 'deq', [], [5, 6], Ok(2)),
    ]);
    const r = checkHistory(fifoQueueModel, h, { useDeciders: false });
    expect(r.verdict).toBe('safety');
    if (r.verdict !== 'safety') return;
    const d = r.diagnosis;
    expect(d.linearized.map((s) => s.opId)).toEqual([0, 1]);
    expect(d.stateKey).toBe('{"q":[1,2]}');
    expect(d.deadline).toEqual({ opId: 2, ret: 6 });
    expect(d.unexplained).toEqual([2]);
    expect(d.candidates).toEqual([
      {
        opId: 2,
        actor: 'B',
        op: 'q.deq()',
        phase: 0,
        phases: 1,
        observed: Ok(2),
        allowed: [{ result: Ok(1), rule: 'QUEUE-DEQ-HEAD', matchesObserved: false }],
        status: 'mismatch',
      },
    ]);
    expect(d.summary).toContain('op #2 (B: q.deq() → Ok(2))');
    expect(d.summary).toContain('the model allows Ok(1)');
    const text = formatDiagnosis(d, h.ops);
    expect(text).toContain('State there: {"q":[1,2]}');
    expect(text).toMatch(/#2 B: q\.deq\(\) +observed Ok\(2\) +model allows Ok\(1\) \(QUEUE-DEQ-HEAD\) +\[mismatch\]/);
  });

  it('reports an operation the model never enables as blocking in the diagnosis', () => {
    // recv returned a value nobody sent: at the end, recv is not enabled at all.
    const h = chan([op(0, 'A', 'ch', 'recv', [], [1, 2], Ok(5))]);
    const r = checkHistory(channel, h);
    expect(r.verdict).toBe('safety');
    if (r.verdict !== 'safety') return;
    expect(r.diagnosis.candidates).toMatchObject([{ opId: 0, allowed: [], status: 'blocks' }]);
    expect(r.diagnosis.summary).toContain('the model does not enable it');
    expect(formatDiagnosis(r.diagnosis)).toContain('not enabled (blocks)');
  });

  it('reports as longest partial linearization a real one: it replays, and respects real time', () => {
    fc.assert(
      fc.property(simulatedQueueHistory(14), (h) => {
        const r = checkHistory(fifoQueueModel, h, { useDeciders: false });
        if (r.verdict !== 'safety') return;
        const byId = new Map(h.ops.map((o) => [o.id, o] as const));
        let state = fifoQueueModel.init(null);
        for (const s of r.diagnosis.linearized) {
          const o = byId.get(s.opId)!;
          const t = fifoQueueModel.step(state, o, s.phase).find((x) => sameOutcome(x.result!, o.result!));
          expect(t).toBeDefined();
          state = t!.state;
        }
        expect(fifoQueueModel.key(state)).toBe(r.diagnosis.stateKey);
        // Every step's op was called before every unexplained op returned.
        const done = new Set(r.diagnosis.linearized.map((s) => s.opId));
        const minRet = Math.min(...h.ops.filter((o) => !done.has(o.id)).map((o) => o.ret!));
        for (const id of done) expect(byId.get(id)!.call).toBeLessThan(minRet);
        expect(r.diagnosis.deadline?.ret).toBe(minRet);
        expect(respectsRealTime(r.diagnosis.linearized, h.ops)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('accepts the empty history', () => {
    const r = checkHistory(channel, chan([]));
    expect(r).toMatchObject({ verdict: 'ok', linearization: [], blocked: [] });
  });
});

describe('checkHistory: pending operations', () => {
  it('accepts a pending recv on a channel that stays empty (blocked)', () => {
    const h = chan([
      op(0, 'A', 'ch', 'send', [1], [1, 2], Ok()),
      op(1, 'B', 'ch', 'recv', [], [3, 4], Ok(1)),
      op(2, 'B', 'ch', 'recv', [], [5]),
    ]);
    const r = checkHistory(channel, h);
    expect(r).toMatchObject({ verdict: 'ok', blocked: [2] });
  });

  it('reports a pending recv that a value was waiting for as a liveness failure (lost wakeup)', () => {
    const h = chan([
      op(0, 'B', 'ch', 'recv', [], [1]),
      op(1, 'A', 'ch', 'send', [7], [2, 3], Ok()),
    ]);
    const r = checkHistory(channel, h);
    expect(r.verdict).toBe('liveness');
    if (r.verdict !== 'liveness') return;
    expect(r.stuck).toEqual([{ opId: 0, reason: 'enabled', allowed: [{ result: Ok(7), rule: 'CHAN-RECV' }] }]);
    expect(r.diagnosis.linearized.map((s) => s.opId)).toEqual([1]);
    expect(r.diagnosis.stateKey).toBe('[7]');
    expect(r.diagnosis.summary).toContain('is enabled at the end (the model allows Ok(7)), yet it never returned');
  });

  it('reports a pending send that must have taken effect as a liveness failure', () => {
    // B received 7, so A's send took effect, but it never returned.
    const h = chan([
      op(0, 'A', 'ch', 'send', [7], [1]),
      op(1, 'B', 'ch', 'recv', [], [2, 3], Ok(7)),
    ]);
    const r = checkHistory(channel, h);
    expect(r.verdict).toBe('liveness');
    if (r.verdict !== 'liveness') return;
    expect(r.stuck).toEqual([{ opId: 0, reason: 'took-effect', allowed: [{ result: Ok(), rule: 'CHAN-SEND' }] }]);
    expect(r.diagnosis.summary).toContain('must have taken effect');
  });

  it('keeps safety when even pending operations taking effect cannot explain the completed ones', () => {
    const h = chan([
      op(0, 'A', 'ch', 'send', [7], [1]),
      op(1, 'B', 'ch', 'recv', [], [2, 3], Ok(8)),
    ]);
    expect(checkHistory(channel, h).verdict).toBe('safety');
  });
});

describe('checkHistory: timeouts', () => {
  it('accepts a Timeout that found the channel empty before the value arrived (it consumed nothing)', () => {
    const h = chan([
      op(0, 'B', 'ch', 'recv_timeout', [], [1, 4], outcome('Timeout')),
      op(1, 'A', 'ch', 'send', [1], [2, 5], Ok()),
      op(2, 'B', 'ch', 'recv_timeout', [], [6, 7], Ok(1)),
    ]);
    expect(checkHistory(channel, h).verdict).toBe('ok');
  });

  it('rejects a Timeout that must have consumed the value', () => {
    // The value is gone by the try_recv, and only the recv_timeout could have taken it.
    const h = chan([
      op(0, 'A', 'ch', 'send', [1], [1, 5], Ok()),
      op(1, 'B', 'ch', 'recv_timeout', [], [2, 6], outcome('Timeout')),
      op(2, 'B', 'ch', 'try_recv', [], [7, 8], outcome('Empty')),
    ]);
    const r = checkHistory(channel, h);
    expect(r.verdict).toBe('safety');
    if (r.verdict !== 'safety') return;
    expect(r.diagnosis.deadline?.opId).toBe(2);
  });

  it('rejects a Timeout while a value sat in the channel for its whole interval', () => {
    const h = chan([
      op(0, 'A', 'ch', 'send', [1], [1, 2], Ok()),
      op(1, 'B', 'ch', 'recv_timeout', [], [3, 4], outcome('Timeout')),
    ]);
    expect(checkHistory(channel, h).verdict).toBe('safety');
  });

  it('counts a pending recv_timeout whose only move is its timer as blocked, not stuck', () => {
    const waiting = chan([op(0, 'B', 'ch', 'recv_timeout', [], [1])]);
    expect(checkHistory(channel, waiting)).toMatchObject({ verdict: 'ok', blocked: [0] });
    const missed = chan([op(0, 'B', 'ch', 'recv_timeout', [], [1]), op(1, 'A', 'ch', 'send', [3], [2, 3], Ok())]);
    expect(checkHistory(channel, missed)).toMatchObject({ verdict: 'liveness', stuck: [{ opId: 0, reason: 'enabled' }] });
  });

  it('once every timer has fired, a recv_timeout still pending is stuck: it should have timed out', () => {
    const waiting = chan([op(0, 'B', 'ch', 'recv_timeout', [], [1])]);
    const r = checkHistory(channel, waiting, { timedTransitionsEnabled: true });
    expect(r).toMatchObject({ verdict: 'liveness', stuck: [{ opId: 0, reason: 'enabled', allowed: [{ result: outcome('Timeout') }] }] });
  });

  it('never obliges a waiter to wake spuriously, timers fired or not', () => {
    const spurious: Model<ChannelState> = {
      ...channel,
      name: 'test-channel',
      step: (state, o) => (o.name === 'wait' ? [{ state, result: outcome('Ok'), timed: true, spurious: true }] : channel.step(state, o, 0)),
    };
    const waiting = chan([op(0, 'B', 'cv', 'wait', [], [1])]);
    expect(checkHistory(spurious, waiting, { timedTransitionsEnabled: true })).toMatchObject({ verdict: 'ok', blocked: [0] });
  });
});

describe('checkHistory: budget and input errors', () => {
  // n overlapping enqueues, then n sequential dequeues in reverse order: the general search
  // tries the n! orders of the enqueues (all distinct states, so the cache cannot help).
  function reversedQueue(n: number) {
    const ops = [];
    for (let i = 0; i < n; i++) ops.push(op(i, `E${i}`, 'q', 'enq', [i], [i, 2 * n + i], Ok()));
    for (let i = 0; i < n; i++) ops.push(op(n + i, `D${i}`, 'q', 'deq', [], [3 * n + 2 * i, 3 * n + 2 * i + 1], Ok(n - 1 - i)));
    return queue(ops);
  }

  it('answers unknown, never a guess, when the time budget runs out', () => {
    const r = checkHistory(fifoQueueModel, reversedQueue(24), { useDeciders: false, budgetMs: 5 });
    expect(r.verdict).toBe('unknown');
    if (r.verdict !== 'unknown') return;
    expect(r.reason).toMatch(/time budget/);
    // The fast decider settles the same history at once.
    expect(checkHistory(fifoQueueModel, reversedQueue(24)).verdict).toBe('ok');
  });

  it('answers unknown when the cache cap is reached', () => {
    const r = checkHistory(fifoQueueModel, reversedQueue(10), { useDeciders: false, maxCacheEntries: 50 });
    expect(r).toMatchObject({ verdict: 'unknown', reason: expect.stringMatching(/cache reached 50/) });
  });

  it('throws on malformed histories, naming the operation', () => {
    const bad = queue([op(0, 'A', 'q', 'enq', [1], [5, 5], Ok())]);
    expect(() => checkHistory(fifoQueueModel, bad)).toThrow(/op #0 \(A: q\.enq\(1\)\) has call 5 >= ret 5/);
    const noResult = queue([{ id: 0, actor: 'A', name: 'enq', target: 'q', args: [1], call: 1, ret: 2 }]);
    expect(() => checkHistory(fifoQueueModel, noResult)).toThrow(/returned \(ret 2\) but has no result/);
    const dup = queue([op(0, 'A', 'q', 'enq', [1], [1, 2], Ok()), op(0, 'B', 'q', 'enq', [2], [1.5, 3], Ok())]);
    expect(() => checkHistory(fifoQueueModel, dup)).toThrow(/duplicate operation id 0/);
    expect(() => checkHistory(channel, queue([]))).toThrow(/history is of model 'fifo-queue' but was given model 'test-channel'/);
  });
});

// The fifo-queue fast decider: the forbidden patterns it reports, what it leaves to the
// search, and — the test that matters — agreement with the general search on thousands of
// random small histories, linearizable and corrupted.

import { existsSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outcome } from '../../../spec/model/types.ts';
import type { History, HistoryOp } from '../../history/types.ts';
import { corpusToHistory, readCorpusFile } from '../corpus.ts';
import { checkHistory, fifoQueueDecider, fifoQueueModel, formatDiagnosis } from '../index.ts';
import { Ok, history, op } from '../testing/historyBuilder.ts';
import { replayProblem } from './fifoQueueDecider.ts';
import { arbitraryQueueHistory, simulateQueueRun, simulatedQueueHistory } from './queueHistoryArbitraries.ts';

const queue = (ops: readonly HistoryOp[]) => history('fifo-queue', ops, null);
const Empty = outcome('Empty');
const decide = (h: History) => fifoQueueDecider.decide({ model: fifoQueueModel, ops: h.ops, params: null, deadline: Infinity });

function patternOf(h: History): string | undefined {
  const r = decide(h);
  return r.verdict === 'safety' ? r.diagnosis.pattern?.kind : undefined;
}

describe('fifo-queue decider: forbidden patterns', () => {
  it('a value nobody enqueued', () => {
    expect(patternOf(queue([op(0, 'A', 'q', 'deq', [], [1, 2], Ok(9))]))).toBe('value-from-nowhere');
  });

  it('a value dequeued twice', () => {
    const h = queue([
      op(0, 'A', 'q', 'enq', [1], [1, 2], Ok()),
      op(1, 'B', 'q', 'deq', [], [3, 4], Ok(1)),
      op(2, 'C', 'q', 'deq', [], [3.5, 5], Ok(1)),
    ]);
    const r = decide(h);
    expect(r).toMatchObject({ verdict: 'safety', diagnosis: { pattern: { kind: 'duplicate-dequeue', opIds: [0, 1, 2] } } });
  });

  it('a value dequeued before it was enqueued', () => {
    const h = queue([op(0, 'B', 'q', 'deq', [], [1, 2], Ok(1)), op(1, 'A', 'q', 'enq', [1], [3, 4], Ok())]);
    expect(patternOf(h)).toBe('dequeued-before-enqueued');
  });

  it('Empty while a value that never left was in the queue', () => {
    const h = queue([op(0, 'A', 'q', 'enq', [1], [1, 2], Ok()), op(1, 'B', 'q', 'deq', [], [3, 4], Empty)]);
    const r = decide(h);
    expect(r.verdict).toBe('safety');
    if (r.verdict !== 'safety') return;
    expect(r.diagnosis.pattern).toMatchObject({ kind: 'non-empty-at-empty', opIds: [0, 1] });
    expect(r.diagnosis.pattern!.explanation).toContain('1 was never dequeued');
  });

  it('Empty while a value had to stay in the queue, through a chain of forced orders', () => {
    // 1 is enqueued before the Empty, so it must leave before it (its deq ends at 12);
    // 2 was enqueued before 1 left, so 2 was in the queue too, and it left only after the Empty.
    const h = queue([
      op(0, 'A', 'q', 'enq', [1], [1, 2], Ok()),
      op(1, 'B', 'q', 'enq', [2], [3, 4], Ok()),
      op(2, 'C', 'q', 'deq', [], [10, 20], Empty),
      op(3, 'A', 'q', 'deq', [], [11, 12], Ok(1)),
      op(4, 'B', 'q', 'deq', [], [25, 26], Ok(2)),
    ]);
    const r = decide(h);
    expect(r.verdict).toBe('safety');
    if (r.verdict !== 'safety') return;
    expect(r.diagnosis.pattern?.kind).toBe('non-empty-at-empty');
    expect(r.diagnosis.pattern?.explanation).toContain('enq(2) #1 [3, 4] returned before deq→Ok(1) #3 [11, 12] was called');
    expect(checkHistory(fifoQueueModel, h, { useDeciders: false }).verdict).toBe('safety');
  });

  it('an Empty that must come before a value left, although that value had to leave before it', () => {
    const h = queue([
      op(0, 'A', 'q', 'enq', [1], [1, 2], Ok()),
      op(1, 'B', 'q', 'deq', [], [5, 30], Empty),
      op(2, 'C', 'q', 'deq', [], [6, 10], Empty),
      op(3, 'A', 'q', 'deq', [], [20, 25], Ok(1)),
    ]);
    expect(patternOf(h)).toBe('empty-order');
  });

  it('two values that left in the wrong order', () => {
    const h = queue([
      op(0, 'A', 'q', 'enq', [1], [1, 2], Ok()),
      op(1, 'A', 'q', 'enq', [2], [3, 4], Ok()),
      op(2, 'B', 'q', 'deq', [], [5, 6], Ok(2)),
      op(3, 'B', 'q', 'deq', [], [7, 8], Ok(1)),
    ]);
    const r = decide(h);
    expect(r.verdict).toBe('safety');
    if (r.verdict !== 'safety') return;
    expect(r.diagnosis.pattern?.kind).toBe('fifo-order');
    expect(r.diagnosis.pattern?.explanation).toBe(
      '1 and 2 must each be ahead of the other in the queue: ' +
        'enq(1) #0 [1, 2] returned before enq(2) #1 [3, 4] was called, so 1 is ahead of 2; and ' +
        'deq→Ok(2) #2 [5, 6] returned before deq→Ok(1) #3 [7, 8] was called, so 2 is ahead of 1.',
    );
  });

  it('a later value left while an earlier one never did', () => {
    const h = queue([
      op(0, 'A', 'q', 'enq', [1], [1, 2], Ok()),
      op(1, 'A', 'q', 'enq', [2], [3, 4], Ok()),
      op(2, 'B', 'q', 'deq', [], [5, 6], Ok(2)),
    ]);
    expect(patternOf(h)).toBe('never-dequeued-ahead');
  });

  it('a result the queue never returns', () => {
    expect(patternOf(queue([op(0, 'A', 'q', 'enq', [1], [1, 2], outcome('Full', 1))]))).toBe('impossible-result');
  });

  it('leaves pending operations, repeated values and unknown operations to the search', () => {
    expect(decide(queue([op(0, 'A', 'q', 'deq', [], [1])])).verdict).toBe('undecided');
    const twice = queue([op(0, 'A', 'q', 'enq', [1], [1, 2], Ok()), op(1, 'A', 'q', 'enq', [1], [3, 4], Ok())]);
    expect(decide(twice)).toMatchObject({ verdict: 'undecided', reason: expect.stringMatching(/enqueued twice/) });
    expect(checkHistory(fifoQueueModel, twice)).toMatchObject({ verdict: 'ok', stats: { decidedBy: ['search'] } });
    expect(decide(queue([op(0, 'A', 'q', 'peek', [], [1, 2], Ok())])).verdict).toBe('undecided');
    // Two queues checked as one piece: not a single queue's history.
    const two = queue([op(0, 'A', 'q1', 'enq', [1], [1, 2], Ok()), op(1, 'B', 'q2', 'deq', [], [3, 4], Empty)]);
    expect(decide(two)).toMatchObject({ verdict: 'undecided', reason: expect.stringMatching(/several queues/) });
    expect(checkHistory(fifoQueueModel, two, { partition: false })).toMatchObject({ verdict: 'ok', stats: { decidedBy: ['search'] } });
    expect(checkHistory(fifoQueueModel, two)).toMatchObject({ verdict: 'ok', stats: { decidedBy: ['fifo-queue', 'fifo-queue'] } });
  });

  it('gives a small history the search diagnosis as well as the pattern', () => {
    const h = queue([
      op(0, 'A', 'q', 'enq', [1], [1, 2], Ok()),
      op(1, 'A', 'q', 'enq', [2], [3, 4], Ok()),
      op(2, 'B', 'q', 'deq', [], [5, 6], Ok(2)),
      op(3, 'B', 'q', 'deq', [], [7, 8], Ok(1)),
    ]);
    const r = checkHistory(fifoQueueModel, h);
    expect(r.verdict).toBe('safety');
    if (r.verdict !== 'safety') return;
    expect(r.stats.decidedBy).toEqual(['fifo-queue']);
    expect(r.diagnosis.pattern?.kind).toBe('fifo-order');
    expect(r.diagnosis.candidates).toMatchObject([{ opId: 2, observed: Ok(2), allowed: [{ result: Ok(1) }], status: 'mismatch' }]);
    const text = formatDiagnosis(r.diagnosis, h.ops);
    expect(text).toContain('Forbidden pattern: fifo-order (ops #0, #1, #2, #3)');
    expect(text).toContain('State there: {"q":[1,2]}');
  });
});

describe('fifo-queue decider: linearizable histories', () => {
  it('returns a witness that replays on a sequential queue in real-time order', () => {
    const h = queue([
      op(0, 'C', 'q', 'deq', [], [0, 3], Empty),
      op(1, 'A', 'q', 'enq', [1], [1, 9], Ok()),
      op(2, 'B', 'q', 'enq', [2], [2, 4], Ok()),
      op(3, 'C', 'q', 'deq', [], [5, 6], Ok(2)),
      op(4, 'C', 'q', 'deq', [], [7, 8], Empty),
      op(5, 'B', 'q', 'deq', [], [10, 11], Ok(1)),
      op(6, 'B', 'q', 'enq', [3], [12, 13], Ok()),
    ]);
    const r = decide(h);
    expect(r.verdict).toBe('ok');
    if (r.verdict !== 'ok') return;
    expect(r.linearization.map((s) => s.opId)).toEqual([0, 2, 3, 4, 1, 5, 6]);
    expect(replayProblem(h.ops, r.linearization)).toBeUndefined();
  });

  it('decides a 20,000-operation run in well under a second', () => {
    const plans = [0, 1, 2, 3].map((c) => Array.from({ length: 5000 }, (_, i) => (i * 7 + c * 3) % 5 < 3));
    const schedule = Array.from({ length: 60_000 }, (_, i) => (i * 2654435761) % 7);
    const h = queue(simulateQueueRun(plans, schedule));
    const r = checkHistory(fifoQueueModel, h);
    expect(r.verdict).toBe('ok');
    expect(r.stats.decidedBy).toEqual(['fifo-queue']);
    expect(r.stats.ms).toBeLessThan(1000);
  });
});

describe('fifo-queue decider agrees with the general search', () => {
  // Any disagreement prints the history; `ok` answers are also re-checked by replay.
  const agree = (h: History): boolean => {
    const fast = decide(h);
    const search = checkHistory(fifoQueueModel, h, { useDeciders: false });
    expect(search.verdict).not.toBe('unknown');
    expect(fast.verdict).toBe(search.verdict);
    if (fast.verdict === 'ok') expect(replayProblem(h.ops, fast.linearization)).toBeUndefined();
    // And through the front door (decider, then search enrichment for the diagnosis).
    expect(checkHistory(fifoQueueModel, h).verdict).toBe(search.verdict);
    return true;
  };

  it('on simulated runs, linearizable and corrupted (results swapped or replaced, intervals shrunk)', () => {
    fc.assert(fc.property(simulatedQueueHistory(14), agree), { numRuns: 1500 });
  });

  it('on arbitrary intervals and results', () => {
    fc.assert(fc.property(arbitraryQueueHistory(10), agree), { numRuns: 1500 });
  });

  it('never fails a linearizable-by-construction run', () => {
    const run = fc
      .record({
        plans: fc.array(fc.array(fc.boolean(), { maxLength: 12 }), { minLength: 1, maxLength: 5 }),
        schedule: fc.array(fc.nat({ max: 9 }), { maxLength: 200 }),
      })
      .map(({ plans, schedule }) => queue(simulateQueueRun(plans, schedule)));
    fc.assert(
      fc.property(run, (h) => decide(h).verdict === 'ok'),
      { numRuns: 500 },
    );
  });
});

// The checker corpus (../shared/checker-histories relative to the repository), when present.
const corpusDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/checker-histories');
const smallCorpus = existsSync(corpusDir) ? readdirSync(corpusDir).filter((f) => /^fifo-c\d-n100-.*\.json$/.test(f)) : [];

describe.skipIf(smallCorpus.length === 0)('the 100-operation corpus histories', () => {
  it.each(smallCorpus)('%s: decider, search and expected verdict agree', (name) => {
    const file = readCorpusFile(resolve(corpusDir, name));
    const h = corpusToHistory(file);
    const expected = file.expected === 'ok' ? 'ok' : 'safety';
    expect(checkHistory(fifoQueueModel, h).verdict).toBe(expected);
    expect(checkHistory(fifoQueueModel, h, { useDeciders: false }).verdict).toBe(expected);
  });
});

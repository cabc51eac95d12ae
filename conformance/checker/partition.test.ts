// Partitioning: operations on disjoint objects are checked independently, and the parts'
// linearizations are merged back into one that respects real time.

import { describe, expect, it } from 'vitest';
import type { Model } from '../../spec/model/types.ts';
import type { HistoryOp } from '../history/types.ts';
import { checkHistory, fifoQueueModel, splitByObjects } from './index.ts';
import { Ok, history, op, respectsRealTime } from './testing/historyBuilder.ts';

const queue = (ops: readonly HistoryOp[]) => history('fifo-queue', ops, null);

/** On each queue: three overlapping enqueues, then dequeues in the reverse order (3! orders to try). */
function reversedQueues(queues: number): HistoryOp[] {
  const ops: HistoryOp[] = [];
  let id = 0;
  for (let q = 0; q < queues; q++) {
    const base = q * 20;
    for (let i = 0; i < 3; i++) ops.push(op(id++, `E${q}.${i}`, `q${q}`, 'enq', [i], [base + i, base + 6 + i], Ok()));
    for (let i = 0; i < 3; i++) ops.push(op(id++, `D${q}`, `q${q}`, 'deq', [], [base + 10 + 2 * i, base + 11 + 2 * i], Ok(2 - i)));
  }
  // Interleave the queues in time so that, unpartitioned, their searches multiply.
  return ops.map((o) => ({ ...o, call: (o.call % 20) * 100 + Number(o.target.slice(1)), ret: (o.ret! % 20) * 100 + 50 + Number(o.target.slice(1)) }));
}

describe('partitioning by objects', () => {
  it('checks each queue on its own and merges the linearizations in real-time order', () => {
    const h = queue([
      op(0, 'A', 'q1', 'enq', [1], [1, 4], Ok()),
      op(1, 'B', 'q2', 'enq', [1], [2, 3], Ok()),
      op(2, 'B', 'q2', 'deq', [], [5, 8], Ok(1)),
      op(3, 'A', 'q1', 'deq', [], [6, 7], Ok(1)),
    ]);
    const r = checkHistory(fifoQueueModel, h, { useDeciders: false });
    expect(r.verdict).toBe('ok');
    if (r.verdict !== 'ok') return;
    expect(r.stats.parts).toBe(2);
    expect(r.stats.decidedBy).toEqual(['search', 'search']);
    expect(r.linearization.map((s) => s.opId).sort()).toEqual([0, 1, 2, 3]);
    expect(respectsRealTime(r.linearization, h.ops)).toBe(true);
  });

  it('reports a pending deq that should have returned, in its own part', () => {
    const h = queue([op(0, 'A', 'q1', 'enq', [1], [1, 2], Ok()), op(1, 'C', 'q2', 'deq', [], [3])]);
    const r = checkHistory(fifoQueueModel, h);
    expect(r).toMatchObject({ verdict: 'liveness', stuck: [{ opId: 1, reason: 'enabled' }] });
    if (r.verdict === 'liveness') expect(r.diagnosis.partOpIds).toEqual([1]);
  });

  it('names only the failing part in a diagnosis', () => {
    const h = queue([
      op(0, 'A', 'q1', 'enq', [1], [1, 2], Ok()),
      op(1, 'A', 'q1', 'deq', [], [3, 4], Ok(1)),
      op(2, 'B', 'q2', 'enq', [1], [1.5, 2.5], Ok()),
      op(3, 'B', 'q2', 'enq', [2], [3.5, 4.5], Ok()),
      op(4, 'B', 'q2', 'deq', [], [5, 6], Ok(2)),
    ]);
    const r = checkHistory(fifoQueueModel, h, { useDeciders: false });
    expect(r.verdict).toBe('safety');
    if (r.verdict !== 'safety') return;
    expect(r.diagnosis.partOpIds).toEqual([2, 3, 4]);
    expect(r.diagnosis.deadline?.opId).toBe(4);
  });

  it('turns a product of searches into a sum', () => {
    const h = queue(reversedQueues(3));
    const split = checkHistory(fifoQueueModel, h, { useDeciders: false });
    const whole = checkHistory(fifoQueueModel, h, { useDeciders: false, partition: false });
    expect(split.verdict).toBe('ok');
    expect(whole.verdict).toBe('ok');
    expect(split.stats.parts).toBe(3);
    expect(whole.stats.parts).toBe(1);
    expect(split.stats.configurations * 10).toBeLessThan(whole.stats.configurations);
  });

  it('joins operations that touch a common object into one part', () => {
    // A `transfer` touches two accounts: a and b become one part; c stays apart.
    const model = { ...fifoQueueModel, objects: (o: { target: string }) => o.target.split('+') } as Model<unknown>;
    const ops = [
      op(0, 'A', 'a', 'enq', [1], [1, 2], Ok()),
      op(1, 'B', 'c', 'enq', [1], [3, 4], Ok()),
      op(2, 'C', 'a+b', 'enq', [2], [5, 6], Ok()),
      op(3, 'D', 'b', 'enq', [3], [0, 7], Ok()),
    ];
    expect(splitByObjects(model, ops, null).map((part) => part.map((o) => o.id))).toEqual([[0, 2, 3], [1]]);
  });
});

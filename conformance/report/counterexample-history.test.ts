import { describe, expect, it } from 'vitest';
import type { History } from '../history/types.ts';
import { counterexampleHistory } from './counterexample-history.ts';

const history: History = {
  model: 'channel',
  params: {},
  ops: [
    { id: 1, actor: 'A', name: 'recv', target: 'rx', args: [], call: 3 },
    { id: 0, actor: 'main', name: 'send', target: 'tx', args: [1], call: 1, ret: 2, result: { kind: 'Ok' } },
    { id: 2, actor: 'B', name: 'recv', target: 'rx', args: [], call: 4, ret: 5, result: { kind: 'Ok', value: 7 } },
  ],
};

describe('counterexampleHistory', () => {
  it('gives every op with its stamps in invocation order, pending ops without a response', () => {
    const h = counterexampleHistory(history);
    expect(h.ops.map((o) => o.id)).toEqual([0, 1, 2]);
    expect(h.ops[0]).toEqual({ id: 0, actor: 'main', call: 'tx.send(1)', invoked: 1, returned: 2, result: 'Ok' });
    expect(h.ops[1]).toEqual({ id: 1, actor: 'A', call: 'rx.recv()', invoked: 3 });
    expect(h.marked).toEqual([]);
  });

  it("marks an example's disallowed outcome and the checker's deadline and candidates", () => {
    const answer = {
      verdict: 'safety',
      diagnosis: {
        deadline: { opId: 2, ret: 5 },
        candidates: [{ opId: 2, observed: { kind: 'Ok', value: 7 }, allowed: [{ result: { kind: 'Ok', value: 1 } }], status: 'mismatch' }],
      },
    };
    const h = counterexampleHistory(history, new Map([[0, 'the spec allows Full(1)']]), answer);
    expect(h.stoppedAt).toBe(5);
    expect(h.marked).toEqual([
      { op: 0, observed: 'Ok', allowed: ['Full(1)'], note: 'the spec allows Full(1)' },
      { op: 2, observed: 'Ok(7)', allowed: ['Ok(1)'], note: 'the model allows Ok(1)' },
    ]);
  });

  it("marks a liveness verdict's stuck operations", () => {
    const answer = { verdict: 'liveness', diagnosis: { candidates: [] }, stuck: [{ opId: 1, reason: 'enabled', allowed: [{ result: { kind: 'Ok', value: 1 } }] }] };
    const h = counterexampleHistory(history, new Map(), answer);
    expect(h.marked).toEqual([{ op: 1, observed: 'pending', allowed: ['Ok(1)'], note: 'the model allows Ok(1), yet it never returned' }]);
  });
});

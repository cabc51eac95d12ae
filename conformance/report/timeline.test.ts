import { describe, expect, it } from 'vitest';
import { renderTimeline } from './timeline.ts';
import type { History } from '../history/types.ts';

describe('renderTimeline', () => {
  it('draws one column per actor, overlapping operations as open bars, pending ones as such', () => {
    const history: History = {
      model: 'channel',
      params: [],
      ops: [
        { id: 0, actor: 'main', name: 'send', target: 'tx', args: [1], call: 1, ret: 2, result: { kind: 'Ok' } },
        { id: 1, actor: 'A', name: 'send', target: 'tx', args: [2], call: 3, ret: 6, result: { kind: 'Ok' } },
        { id: 2, actor: 'B', name: 'recv', target: 'rx', args: [], call: 4, ret: 5, result: { kind: 'Ok', value: 2 } },
        { id: 3, actor: 'B', name: 'recv', target: 'rx', args: [], call: 7 },
      ],
    };
    const text = renderTimeline(history, { marks: new Map([[2, 'model allowed: Ok(1)']]) });
    expect(text).toBe(
      [
        '   main            │ A            │ B',
        '1  tx.send(1) → Ok │              │',
        '3                  │ ┌ tx.send(2) │',
        '4                  │ │            │ rx.recv() → Ok(2)   ✗ model allowed: Ok(1)',
        '6                  │ └ → Ok       │',
        '7                  │              │ ┌ rx.recv()   (pending: never returned)',
      ].join('\n'),
    );
  });

  it("draws a timed operation's timer firing while it was open, and not a 0 ms timer's", () => {
    const history: History = {
      model: 'channel',
      params: [],
      ops: [
        { id: 0, actor: 'A', name: 'recv_timeout', target: 'rx', args: [10], call: 1, ret: 4, result: { kind: 'Timeout' }, timer: { firedAt: 2.5 } },
        { id: 1, actor: 'main', name: 'send', target: 'tx', args: [1], call: 3, ret: 3.5, result: { kind: 'Ok' } },
        { id: 2, actor: 'A', name: 'recv_timeout', target: 'rx', args: [0], call: 5, ret: 6, result: { kind: 'Ok', value: 1 }, timer: { firedAt: 5 } },
      ],
    };
    expect(renderTimeline(history)).toBe(
      [
        '     main            │ A',
        '  1                  │ ┌ rx.recv_timeout(10)',
        '2.5                  │ ├ its timer fires',
        '  3  tx.send(1) → Ok │ │',
        '  4                  │ └ → Timeout',
        '  5                  │ rx.recv_timeout(0) → Ok(1)',
      ].join('\n'),
    );
  });
});

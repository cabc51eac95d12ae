// The checker on the spec's own channel model, for histories the engine produced.
import { describe, expect, it } from 'vitest';
import { channelModel } from '../../spec/generated/channels.model.ts';
import { outcome } from '../../spec/model/types.ts';
import { checkHistory } from './index.ts';
import type { History, HistoryOp } from '../history/types.ts';

describe('checkHistory with the channel model', () => {
  it('diagnoses a rendezvous that buffered a value without asking about handles cloned later', () => {
    // Recorded from a one-bug async channel whose rendezvous send returned Ok with nobody
    // receiving. The diagnosis once asked the model about txB2.send at a point where the
    // clone making txB2 had not happened yet, and crashed.
    const op = (id: number, actor: string, target: string, name: string, args: (string | number)[], call: number, ret?: number, result?: ReturnType<typeof outcome>): HistoryOp =>
      ({ id, actor, target, name, args, call, ...(ret !== undefined ? { ret, result } : {}) }) as HistoryOp;
    const history: History = {
      model: 'channel',
      params: [{ kind: 'channel', name: 'c0', params: { flavor: 'rendezvous', capacity: 0, profile: 'mpsc' }, handles: { tx: 'sender', rx: 'receiver' } }],
      ops: [
        op(0, 'main', 'tx', 'clone', ['txA'], 1, 2, outcome('Ok')),
        op(1, 'A', 'txA', 'send', [1], 3, 4, outcome('Ok')),
        op(2, 'B', 'tx', 'clone', ['txB2'], 5, 6, outcome('Ok')),
        op(3, 'B', 'txB2', 'send', [2], 7, 10, outcome('Ok')),
        op(4, 'B', 'tx', 'send', [3], 11, 14, outcome('Ok')),
        op(5, 'main', 'rx', 'recv', [], 8, 9, outcome('Ok', 1)),
        op(6, 'main', 'rx', 'recv', [], 12, 13, outcome('Ok', 2)),
        op(7, 'main', 'rx', 'recv', [], 15, 16, outcome('Ok', 3)),
        op(8, 'main', 'rx', 'recv', [], 17),
      ],
    };
    const result = checkHistory(channelModel, history as History<never>);
    expect(result.verdict).toBe('safety');
  });

  it('lets a receive time out only once its timer fired: not before, nor ahead of what returned earlier', () => {
    const params = [{ kind: 'channel', name: 'c0', params: { flavor: 'unbounded', capacity: null, profile: 'mpsc' }, handles: { tx: 'sender', rx: 'receiver' } }];
    const timedOut = (timer?: { firedAt?: number }): History => ({
      model: 'channel',
      params,
      ops: [
        { id: 0, actor: 'A', target: 'rx', name: 'recv_timeout', args: [50], call: 1, ret: 6, result: outcome('Timeout'), ...(timer === undefined ? {} : { timer }) } as HistoryOp,
        { id: 1, actor: 'B', target: 'tx', name: 'send', args: [1], call: 2, ret: 3, result: outcome('Ok') } as HistoryOp,
        { id: 2, actor: 'main', target: 'rx', name: 'try_recv', args: [], call: 7, ret: 8, result: outcome('Ok', 1) } as HistoryOp,
      ],
    });
    // No timer information (a real-time executor): the timeout may have come before the send.
    expect(checkHistory(channelModel, timedOut() as History<never>).verdict).toBe('ok');
    // The timer fired before the send: the same.
    expect(checkHistory(channelModel, timedOut({ firedAt: 1.5 }) as History<never>).verdict).toBe('ok');
    // It fired after the send returned: a value was there, Timeout is wrong.
    expect(checkHistory(channelModel, timedOut({ firedAt: 4.5 }) as History<never>).verdict).toBe('safety');
    // It never fired: the receive gave up before its time.
    expect(checkHistory(channelModel, timedOut({}) as History<never>).verdict).toBe('safety');
  });

  it('takes an operation found waiting when the actors fell quiet as registered by then', () => {
    // A: recv_timeout on a rendezvous channel, waiting when main's suffix began (at 2.5);
    // main's try_send then found nobody, and A timed out after that (its timer fired at 4.5).
    const params = [{ kind: 'channel', name: 'c0', params: { flavor: 'rendezvous', capacity: 0, profile: 'mpsc' }, handles: { tx: 'sender', rx: 'receiver' } }];
    const history = (waitingAt?: number): History => ({
      model: 'channel',
      params,
      ops: [
        { id: 0, actor: 'A', target: 'rx', name: 'recv_timeout', args: [50], call: 1, ret: 5, result: outcome('Timeout'), timer: { firedAt: 4.5 }, ...(waitingAt === undefined ? {} : { waitingAt }) } as HistoryOp,
        { id: 1, actor: 'main', target: 'tx', name: 'try_send', args: [1], call: 3, ret: 4, result: outcome('Full', 1) } as HistoryOp,
      ],
    });
    // Without that knowledge A may have registered only after the try_send.
    expect(checkHistory(channelModel, history() as History<never>).verdict).toBe('ok');
    // Waiting before the try_send: the try_send had to meet it.
    expect(checkHistory(channelModel, history(2.5) as History<never>).verdict).toBe('safety');
  });
});

import { describe, expect, it } from 'vitest';
import { channelModel } from '../../spec/generated/channels.model.ts';
import type { Outcome, Value } from '../../spec/model/types.ts';
import type { History, HistoryOp } from '../history/types.ts';
import { bruteForceCheck } from './brute-force-checker.ts';

// Histories written by hand: [actor, op, target, args, call, ret?, result?].
type Row = [string, string, string, Value[], number, number?, Outcome?];

function history(flavor: 'unbounded' | 'rendezvous', rows: Row[]): History {
  const params = [{ kind: 'channel', name: 'c0', params: { flavor, capacity: flavor === 'unbounded' ? null : 0, profile: 'mpsc' }, handles: { tx: 'sender', rx: 'receiver' } }];
  const ops: HistoryOp[] = rows.map(([actor, name, target, args, call, ret, result], id) => ({ id, actor, name, target, args, call, ...(ret === undefined ? {} : { ret, result }) }));
  return { model: 'channel', params, ops };
}

const ok = (value?: Value): Outcome => (value === undefined ? { kind: 'Ok' } : { kind: 'Ok', value });

describe('the brute-force checker', () => {
  it('explains overlapping operations in some order', () => {
    const h = history('unbounded', [
      ['A', 'recv', 'rx', [], 1, 4, ok(1)],
      ['B', 'send', 'tx', [1], 2, 3, ok()],
    ]);
    expect(bruteForceCheck(channelModel, h).verdict).toBe('ok');
  });

  it('rejects a value received before it was sent', () => {
    const h = history('unbounded', [
      ['A', 'recv', 'rx', [], 1, 2, ok(1)],
      ['B', 'send', 'tx', [1], 3, 4, ok()],
    ]);
    expect(bruteForceCheck(channelModel, h).verdict).toBe('safety');
  });

  it('accepts a pending receive on an empty channel, and calls one on a non-empty channel a liveness failure', () => {
    expect(bruteForceCheck(channelModel, history('unbounded', [['A', 'recv', 'rx', [], 1]])).verdict).toBe('ok');
    const stuck = history('unbounded', [
      ['A', 'recv', 'rx', [], 1],
      ['B', 'send', 'tx', [1], 2, 3, ok()],
    ]);
    expect(bruteForceCheck(channelModel, stuck).verdict).toBe('liveness');
  });

  it('calls a receive that needed a pending rendezvous send to complete a liveness failure, not a safety one', () => {
    const h = history('rendezvous', [
      ['A', 'send', 'tx', [1], 1],
      ['B', 'recv', 'rx', [], 2, 3, ok(1)],
    ]);
    expect(bruteForceCheck(channelModel, h).verdict).toBe('liveness');
  });

  it('counts a pending recv_timeout as blocked only while timers do not count', () => {
    const h = history('unbounded', [['A', 'recv_timeout', 'rx', [50], 1]]);
    expect(bruteForceCheck(channelModel, h, { timedTransitionsEnabled: false }).verdict).toBe('ok');
    expect(bruteForceCheck(channelModel, h, { timedTransitionsEnabled: true }).verdict).toBe('liveness');
  });

  it('answers unknown past its node budget', () => {
    const rows: Row[] = [];
    for (let i = 0; i < 6; i++) rows.push(['A', 'send', 'tx', [i], 1 + i, 100 + i, ok()]);
    expect(bruteForceCheck(channelModel, history('unbounded', rows), { maxNodes: 3 }).verdict).toBe('unknown');
  });
});

// Two-phase operations: a rendezvous channel written for this test. A receiver registers
// (phase 1 of recv) and is completed by a sender's hand-off; the sender is itself two-phase:
// it registers its offer (phase 1 of send), then hands the value to a registered receiver
// (phase 2), which only then can return (phase 2 of recv). So a send and the recv that takes
// its value overlap in time and complete as a pair.

import { describe, expect, it } from 'vitest';
import type { Model, Transition, Value } from '../../spec/model/types.ts';
import { outcome } from '../../spec/model/types.ts';
import { checkHistory, formatDiagnosis } from './index.ts';
import { Ok, history, op, respectsRealTime } from './testing/historyBuilder.ts';
import { onceModel } from '../../spec/generated/once.model.ts';

interface RendezvousState {
  /** Receivers registered and not yet handed a value, by op id. */
  readonly receivers: readonly number[];
  /** Senders registered and not yet done, by op id. */
  readonly senders: readonly number[];
  /** Values handed to receivers that have not returned yet: [receiver op id, value]. */
  readonly handed: readonly (readonly [number, Value])[];
}

const rendezvous: Model<RendezvousState> = {
  name: 'test-rendezvous',
  init: () => ({ receivers: [], senders: [], handed: [] }),
  phases: () => 2,
  step(s, o, phase): readonly Transition<RendezvousState>[] {
    if (o.name === 'recv' && phase === 0) {
      return [{ state: { ...s, receivers: [...s.receivers, o.id] }, rule: 'RDV-RECV-WAIT' }];
    }
    if (o.name === 'recv' && phase === 1) {
      const mine = s.handed.find(([r]) => r === o.id);
      if (!mine) return [];
      return [{ state: { ...s, handed: s.handed.filter(([r]) => r !== o.id) }, result: outcome('Ok', mine[1]), rule: 'RDV-RECV-TAKE' }];
    }
    if (o.name === 'send' && phase === 0) {
      return [{ state: { ...s, senders: [...s.senders, o.id] }, rule: 'RDV-SEND-OFFER' }];
    }
    if (o.name === 'send' && phase === 1) {
      // Hand the value to any registered receiver (which one is unspecified).
      return s.receivers.map((r) => ({
        state: {
          receivers: s.receivers.filter((x) => x !== r),
          senders: s.senders.filter((x) => x !== o.id),
          handed: [...s.handed, [r, o.args[0]] as const],
        },
        result: outcome('Ok'),
        rule: 'RDV-SEND-HANDOFF',
      }));
    }
    throw new Error(`test-rendezvous: unknown ${o.name}/${phase}`);
  },
  key: (s) => JSON.stringify([[...s.receivers].sort(), [...s.senders].sort(), [...s.handed].sort()]),
};

const rdv = (ops: Parameters<typeof history>[1]) => history('test-rendezvous', ops, null);

describe('two-phase operations (rendezvous)', () => {
  it('accepts a send and a recv that overlap, completing as a pair', () => {
    const h = rdv([
      op(0, 'A', 'ch', 'recv', [], [1, 6], Ok(7)),
      op(1, 'B', 'ch', 'send', [7], [2, 5], Ok()),
    ]);
    const r = checkHistory(rendezvous, h);
    expect(r.verdict).toBe('ok');
    if (r.verdict !== 'ok') return;
    // Register the receiver, register the sender, hand off, the receiver takes it.
    expect(r.linearization.map((s) => [s.opId, s.phase, s.rule])).toEqual([
      [0, 0, 'RDV-RECV-WAIT'],
      [1, 0, 'RDV-SEND-OFFER'],
      [1, 1, 'RDV-SEND-HANDOFF'],
      [0, 1, 'RDV-RECV-TAKE'],
    ]);
    expect(r.linearization[3]).toMatchObject({ phases: 2, result: Ok(7) });
    expect(respectsRealTime(r.linearization, h.ops)).toBe(true);
  });

  it('pairs each receiver with the sender whose value it got, among several', () => {
    const h = rdv([
      op(0, 'A', 'ch', 'recv', [], [1, 10], Ok(2)),
      op(1, 'B', 'ch', 'recv', [], [2, 11], Ok(1)),
      op(2, 'C', 'ch', 'send', [1], [3, 8], Ok()),
      op(3, 'D', 'ch', 'send', [2], [4, 9], Ok()),
    ]);
    expect(checkHistory(rendezvous, h).verdict).toBe('ok');
  });

  it('rejects a send that returned before any receiver arrived', () => {
    const h = rdv([
      op(0, 'B', 'ch', 'send', [7], [1, 2], Ok()),
      op(1, 'A', 'ch', 'recv', [], [3, 4], Ok(7)),
    ]);
    const r = checkHistory(rendezvous, h);
    expect(r.verdict).toBe('safety');
    if (r.verdict !== 'safety') return;
    // The sender registered its offer; its hand-off is not enabled: nobody waits.
    expect(r.diagnosis.deadline).toEqual({ opId: 0, ret: 2 });
    expect(r.diagnosis.linearized).toMatchObject([{ opId: 0, phase: 0, phases: 2, rule: 'RDV-SEND-OFFER' }]);
    expect(r.diagnosis.candidates).toMatchObject([{ opId: 0, phase: 1, phases: 2, allowed: [], status: 'blocks' }]);
    expect(formatDiagnosis(r.diagnosis, h.ops)).toContain('#0 B: ch.send(7) [phase 2/2]   observed Ok   model allows not enabled (blocks)');
  });

  it('accepts a receiver still waiting at the end, registered but never served', () => {
    const h = rdv([op(0, 'A', 'ch', 'recv', [], [1])]);
    const r = checkHistory(rendezvous, h);
    expect(r).toMatchObject({ verdict: 'ok', blocked: [0], linearization: [{ opId: 0, phase: 0, rule: 'RDV-RECV-WAIT' }] });
  });

  it('reports a sender and a receiver both waiting forever as a liveness failure (the hand-off was enabled)', () => {
    const h = rdv([op(0, 'A', 'ch', 'recv', [], [1]), op(1, 'B', 'ch', 'send', [7], [2])]);
    const r = checkHistory(rendezvous, h);
    expect(r.verdict).toBe('liveness');
    if (r.verdict !== 'liveness') return;
    expect(r.stuck).toEqual([{ opId: 1, reason: 'enabled', allowed: [{ result: Ok(), rule: 'RDV-SEND-HANDOFF' }] }]);
    const recv = r.diagnosis.candidates.find((c) => c.opId === 0);
    expect(recv?.status).toBe('blocks');
  });

  it('reports a receiver that was handed a value but never returned', () => {
    const h = rdv([
      op(0, 'A', 'ch', 'recv', [], [1]),
      op(1, 'B', 'ch', 'send', [7], [2, 3], Ok()),
    ]);
    const r = checkHistory(rendezvous, h);
    expect(r).toMatchObject({ verdict: 'liveness', stuck: [{ opId: 0, reason: 'enabled', allowed: [{ result: Ok(7) }] }] });
  });

  it('reports a sender whose value was taken but which never returned', () => {
    const h = rdv([
      op(0, 'B', 'ch', 'send', [7], [1]),
      op(1, 'A', 'ch', 'recv', [], [2, 3], Ok(7)),
    ]);
    const r = checkHistory(rendezvous, h);
    expect(r).toMatchObject({ verdict: 'liveness', stuck: [{ opId: 0, reason: 'took-effect' }] });
  });
});

describe('a pending two-phase operation that never began', () => {
  // Once::call_once while another closure runs: its first phase (begin) is not enabled,
  // so it waits without registering; the run ends with both pending.
  const decls = [{ kind: 'once', name: 'o0', params: {}, handles: { o: 'once' } }];
  const once = (ops: Parameters<typeof history>[1]) => history('once', ops, decls);

  it('is blocked when its first phase is not enabled at the end', () => {
    const h = once([op(0, 'A', 'o', 'call_once_hang', [], [1]), op(1, 'main', 'o', 'call_once', [], [2])]);
    expect(checkHistory(onceModel, h)).toMatchObject({ verdict: 'ok', blocked: [0, 1] });
  });

  it('is stuck when its first phase is enabled at the end and it never returned', () => {
    const h = once([op(0, 'A', 'o', 'call_once', [], [1, 2], outcome('Ran')), op(1, 'main', 'o', 'call_once', [], [3])]);
    expect(checkHistory(onceModel, h)).toMatchObject({ verdict: 'liveness', stuck: [{ opId: 1, reason: 'enabled', allowed: [{ result: { kind: 'Ok' } }] }] });
  });
});

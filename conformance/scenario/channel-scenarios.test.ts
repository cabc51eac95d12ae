import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exploreScenario, numberOps } from '../../spec/model/explore.ts';
import { parseExample } from '../../spec/toolchain/example/parse-example.ts';
import { channelModel } from '../../spec/generated/channels.model.ts';
import { ALL_CHANNEL_CAPABILITIES } from '../testing/promise-channel-adapter.ts';
import { channelScenarios } from './channel-scenarios.ts';
import { printScenario } from './print-scenario.ts';
import type { Scenario, ScenarioOp } from './types.ts';
import { styleOf, VALUE_STYLES, type ValueStyle } from './scenario-values.ts';

const EVERYTHING = {
  channels: 'channel(), sync_channel(1..3), sync_channel(0), mpmc::channel(), mpmc::sync_channel(0..2)',
  actors: '2..4',
  ops: 'send, try_send, recv, try_recv, recv_timeout, clone, drop, iter, try_iter, select',
  prefix: 'fill',
  suffix: 'drain',
};

function scenarios(config: Record<string, string>, capabilities: readonly string[] = ALL_CHANNEL_CAPABILITIES): fc.Arbitrary<Scenario> {
  const generator = channelScenarios(config, capabilities);
  if (!generator.ok) throw new Error(generator.reason);
  return generator.scenarios;
}

/** +1 for a send, -1 for a receive (`recv`, or an iterator's `next`), 0 for anything else (`iter` makes an iterator). */
function bufferChange(op: ScenarioOp): number {
  return op.name === 'send' ? 1 : op.name === 'recv' || op.name === 'next' ? -1 : 0;
}

/** Main's prefix, op by op: how the op changed the buffer, and how many values it left buffered. */
function prefixBuffer(s: Scenario): { readonly change: number; readonly buffered: number }[] {
  let buffered = 0;
  return s.prefix.map((op) => {
    const change = bufferChange(op);
    buffered += change;
    return { change, buffered };
  });
}

function allOps(s: Scenario) {
  return numberOps(s);
}

/** Handles each actor touches: as target, or as an argument of select. */
function touched(s: Scenario, actor: string): Set<string> {
  const ops = actor === 'main' ? s.suffix : s.actors.find((a) => a.name === actor)!.ops;
  return new Set(ops.flatMap((op) => [op.target, ...(op.name === 'select' ? op.args.map(String) : [])]));
}

describe('generated channel scenarios', () => {
  it('are well formed: the model runs every interleaving without a misused handle', () => {
    // The model throws on a handle that does not exist, was dropped, or has the wrong role;
    // the explorer runs every interleaving, so a cross-actor misuse would surface too.
    for (const s of fc.sample(scenarios({ ...EVERYTHING, count: '2' }), { numRuns: 25, seed: 11 })) {
      expect(() => exploreScenario(channelModel, s, { maxRuns: 2_000 })).not.toThrow();
    }
    for (const s of fc.sample(scenarios(EVERYTHING), { numRuns: 25, seed: 12 })) {
      expect(() => exploreScenario(channelModel, s, { maxRuns: 2_000 })).not.toThrow();
    }
  });

  it('have the Lincheck shape, values in op order of one style, and actors that never share a handle', () => {
    const styles = new Set<ValueStyle>();
    for (const s of fc.sample(scenarios(EVERYTHING), { numRuns: 200, seed: 13 })) {
      expect(s.actors.length).toBeLessThanOrEqual(4);
      for (const actor of s.actors) expect(actor.ops.length).toBeGreaterThanOrEqual(1);
      const values = allOps(s).filter((op) => op.name === 'send' || op.name === 'try_send').map((op) => op.args[0]);
      const style = styleOf(values);
      expect(style, JSON.stringify(values)).toBeDefined();
      if (values.length > 4) styles.add(style!);
      const names = ['main', ...s.actors.map((a) => a.name)];
      for (const a of names) for (const b of names) if (a < b) expect([...touched(s, a)].filter((h) => touched(s, b).has(h))).toEqual([]);
      for (const op of allOps(s)) if (op.name === 'recv_timeout') expect([0, 1, 50]).toContain(op.args[0]);
    }
    expect([...styles].sort()).toEqual([...VALUE_STYLES].sort());
  });

  it('use every operation and flavour they may, and none they may not', () => {
    const seen = new Set<string>();
    const flavours = new Set<string>();
    for (const s of fc.sample(scenarios({ ...EVERYTHING, count: '2' }), { numRuns: 300, seed: 14 })) {
      for (const op of allOps(s)) seen.add(op.name);
      for (const o of s.objects) flavours.add(`${o.params.profile}:${o.params.flavor}`);
    }
    expect([...seen].sort()).toEqual(['clone', 'drop', 'iter', 'next', 'recv', 'recv_timeout', 'select', 'send', 'try_iter', 'try_recv', 'try_send']);
    expect(flavours.size).toBe(6);

    const limited = ['unbounded', 'bounded', 'send', 'recv', 'disconnect'];
    for (const s of fc.sample(scenarios(EVERYTHING, limited), { numRuns: 200, seed: 15 })) {
      for (const op of allOps(s)) expect(['send', 'recv', 'drop']).toContain(op.name);
      for (const o of s.objects) expect(['unbounded', 'bounded']).toContain(o.params.flavor);
      for (const o of s.objects) expect(o.params.profile).toBe('mpsc');
      // Without `clone`, one actor at most holds the sender, and it is main's own.
      expect(s.actors.filter((a) => a.ops.some((op) => op.name === 'send')).length).toBeLessThanOrEqual(1);
    }
  });

  it('hand out handles as the roles say: clones per sender actor, one mpsc receiver actor', () => {
    for (const s of fc.sample(scenarios({ channels: 'channel()', actors: '3..4', ops: 'send, recv' }), { numRuns: 100, seed: 16 })) {
      const receivers = s.actors.filter((a) => a.ops.some((op) => op.name === 'recv'));
      expect(receivers.length).toBeLessThanOrEqual(1);
      for (const op of s.prefix) expect(op.name).toBe('clone');
      for (const op of s.prefix) expect(op.args[0]).toMatch(/^tx[A-D]$/);
    }
  });

  it('fill bounded channels up to their capacity, unbounded ones with up to 3 values, rendezvous ones never', () => {
    for (const s of fc.sample(scenarios({ channels: 'channel(), sync_channel(0..4)', ops: 'recv', prefix: 'fill' }), { numRuns: 200, seed: 17 })) {
      const fills = s.prefix.filter((op) => op.name === 'send').length;
      const { flavor, capacity } = s.objects[0].params;
      expect(fills).toBeLessThanOrEqual(flavor === 'unbounded' ? 3 : (capacity as number));
    }
  });

  it('flood: main moves up to hundreds of values through a buffered channel alone, never blocking, and a drain counts only what it left', () => {
    const config = { channels: 'channel(), sync_channel(1..3), sync_channel(0)', ops: 'send, recv', prefix: 'flood', suffix: 'drain' };
    let longest = 0;
    for (const s of fc.sample(scenarios(config), { numRuns: 100, seed: 21 })) {
      const { flavor, capacity } = s.objects[0].params;
      const moved = s.prefix.filter((op) => op.name === 'send');
      if (flavor === 'rendezvous') expect(moved).toEqual([]);
      longest = Math.max(longest, moved.length);
      // main alone runs the prefix: each operation completes (no send on a full buffer, no receive on an empty one).
      for (const { buffered } of prefixBuffer(s)) {
        expect(buffered).toBeGreaterThanOrEqual(0);
        if (flavor === 'bounded') expect(buffered).toBeLessThanOrEqual(capacity as number);
      }
      const sends = allOps(s).filter((op) => op.name === 'send').length;
      const receives = s.suffix.filter((op) => op.name === 'recv').length;
      const prefixReceives = s.prefix.filter((op) => bufferChange(op) < 0).length;
      if (receives > 0) expect(receives).toBe(sends - prefixReceives + 1);
    }
    expect(longest).toBeGreaterThan(100);
    // The explorer recurses once per operation: a long flood's thousands are beyond it (the prefix check above covers them).
    const explorable = fc.sample(scenarios({ ...config, channels: 'channel()', actors: '1' }), { numRuns: 10, seed: 22 }).filter((s) => s.prefix.length < 1_000);
    expect(explorable.length).toBeGreaterThan(5);
    for (const s of explorable) {
      expect(() => exploreScenario(channelModel, s, { maxRuns: 200 })).not.toThrow();
    }
  });

  it('flood: a receive burst past the buffer goes on in pairs, so an unbounded channel is emptied at every position of a long row', () => {
    // The longest row of (send, receive) pairs each of which leaves the channel empty.
    const rows = fc.sample(scenarios({ channels: 'channel()', ops: 'send, recv', prefix: 'flood' }), { numRuns: 200, seed: 24 }).map((s) => {
      let row = 0;
      let longest = 0;
      const moves = prefixBuffer(s).filter((b) => b.change !== 0);
      for (const [i, { change, buffered }] of moves.entries()) {
        if (change > 0) continue;
        row = buffered === 0 && (moves[i - 1]?.change ?? 0) > 0 ? row + 1 : 0;
        longest = Math.max(longest, row);
      }
      return longest;
    });
    expect(Math.max(...rows)).toBeGreaterThan(64);
  });

  it('flood: receives through one iterator (iter or try_iter) where the adapter has them, a long stream no actor makes', () => {
    const config = { channels: 'channel(), sync_channel(1..3)', ops: 'send, recv', prefix: 'flood' };
    const viaIterator = (s: Scenario, kind: string) => {
      const made = s.prefix.filter((op) => op.name === kind);
      return made.length === 1 && s.prefix.filter((op) => op.name === 'next' && op.target === made[0].args[0]).length;
    };
    const sample = fc.sample(scenarios(config), { numRuns: 200, seed: 25 });
    expect(Math.max(...sample.map((s) => viaIterator(s, 'iter') || 0))).toBeGreaterThan(20);
    expect(Math.max(...sample.map((s) => viaIterator(s, 'try_iter') || 0))).toBeGreaterThan(20);
    const noIterators = ALL_CHANNEL_CAPABILITIES.filter((c) => c !== 'iter' && c !== 'try_iter');
    for (const s of fc.sample(scenarios(config, noIterators), { numRuns: 50, seed: 25 })) expect(s.prefix.some((op) => op.name === 'next')).toBe(false);
  });

  it('flood: one in 24 is long, so an unbounded channel holds more than 8,192 values at once', () => {
    const deepest = fc.sample(scenarios({ channels: 'channel()', ops: 'send, recv', prefix: 'flood' }), { numRuns: 320, seed: 23 }).map((s) => Math.max(0, ...prefixBuffer(s).map((b) => b.buffered)));
    const long = deepest.filter((d) => d > 8192).length;
    expect(long).toBeGreaterThan(2);
    expect(long).toBeLessThan(30);
    expect(deepest.filter((d) => d > 4 * 160 && d <= 8192)).toEqual([]);
  });

  it('flood: one in 24 is paced, so more than 2,048 of its receives each empty the channel', () => {
    const emptied = fc.sample(scenarios({ channels: 'channel(), sync_channel(1..3)', ops: 'send, recv', prefix: 'flood' }), { numRuns: 320, seed: 29 }).map(
      (s) => prefixBuffer(s).filter((b) => b.change < 0 && b.buffered === 0).length,
    );
    const paced = emptied.filter((n) => n > 2048).length;
    expect(paced).toBeGreaterThan(2);
    expect(paced).toBeLessThan(30);
  });

  it("flood: where the actors try_send and never send, main's prefix sends with try_send too — except on std's mpsc unbounded channel, which has none", () => {
    const sendsOf = (config: Record<string, string>) =>
      new Set(fc.sample(scenarios({ ...config, prefix: 'flood' }), { numRuns: 60, seed: 25 }).flatMap((s) => s.prefix.filter((op) => op.name.includes('send')).map((op) => op.name)));
    expect(sendsOf({ channels: 'mpmc::channel(), sync_channel(1..3)', ops: 'try_send, recv' })).toEqual(new Set(['try_send']));
    expect(sendsOf({ channels: 'channel()', ops: 'try_send, recv' })).toEqual(new Set(['send']));
    expect(sendsOf({ channels: 'mpmc::channel()', ops: 'send, try_send, recv' })).toEqual(new Set(['send']));
  });

  it('drain: main drops its senders, then receives once per value sent, plus once', () => {
    for (const s of fc.sample(scenarios({ channels: 'mpmc::channel()', ops: 'send, recv', suffix: 'drain' }), { numRuns: 50, seed: 18 })) {
      const sends = allOps(s).filter((op) => op.name === 'send').length;
      const drops = s.suffix.filter((op) => op.name === 'drop');
      const receives = s.suffix.filter((op) => op.name === 'recv');
      expect(s.suffix.slice(0, drops.length)).toEqual(drops);
      if (receives.length > 0) expect(receives.length).toBe(sends + 1);
    }
  });

  it('print in the example notation, and parse back to the same scenario', () => {
    for (const s of fc.sample(scenarios({ ...EVERYTHING, count: '2' }), { numRuns: 50, seed: 19 })) {
      const parsed = parseExample(printScenario(s));
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(parsed.example.scenario).toEqual(s);
    }
  });

  it('shrink to the smallest scenario that still fails: two actors, one operation each, the simplest flavour', () => {
    // A stand-in for a failing property: any scenario in which a value is received.
    const details = fc.check(
      fc.property(scenarios({ ...EVERYTHING, prefix: 'none', suffix: 'none' }), (s) => !allOps(s).some((op) => op.name === 'recv')),
      { seed: 20, numRuns: 200 },
    );
    expect(details.failed).toBe(true);
    const minimal = details.counterexample![0];
    expect(printScenario(minimal)).toBe('title: counterexample\nlet tx, rx = channel()\nA: tx.send(1)\nB: rx.recv()\n');
  });
});

import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import type { Adapter } from '../adapter/types.ts';
import type { ObjectDecl } from '../scenario/types.ts';
import { exampleNeeds } from './example-needs.ts';
import { runSuite, type CheckRunner } from './runSuite.ts';

const loaded = loadSpec({ typecheck: false });
if (!loaded.ok) throw new Error('spec does not load');
const spec = loaded.spec;

describe('exampleNeeds', () => {
  it("lists a channel example's flavour and operations as capabilities; a receiver's clone is mpmc", () => {
    expect(
      exampleNeeds({
        model: 'channel',
        objects: [{ kind: 'channel', name: 'c0', params: { flavor: 'rendezvous', capacity: 0, profile: 'mpmc' }, handles: { tx: 'sender', rx: 'receiver' } }],
        prefix: [{ name: 'clone', target: 'rx', args: ['rx2'] }, { name: 'clone', target: 'tx', args: ['tx2'] }],
        actors: [{ name: 'A', ops: [{ name: 'recv_timeout', target: 'rx2', args: [5] }] }],
        suffix: [{ name: 'drop', target: 'tx2', args: [] }, { name: 'try_send', target: 'tx', args: [1] }],
      }).sort(),
    ).toEqual(['clone', 'disconnect', 'mpmc', 'recv_timeout', 'rendezvous', 'try_send']);
  });

  it("lists a lock example's operations as the lock chapters' capabilities; the condvar chapter's mutex operations as the mutex chapter's", () => {
    const mutex = { kind: 'mutex', name: 'm0', params: { value: 0 }, handles: { m: 'mutex' } };
    const lock = (...ops: [string, string, ...string[]][]) => ops.map(([name, target, ...args]) => ({ name, target, args }));
    expect(exampleNeeds({ model: 'mutex', objects: [mutex], prefix: lock(['lock', 'm', 'g'], ['panic', 'g'], ['try_lock', 'm', 'h'], ['clear_poison', 'm']), actors: [], suffix: [] }).sort()).toEqual(['mutex', 'mutex:clear_poison', 'mutex:poison', 'mutex:try_lock']);
    expect(exampleNeeds({ model: 'rwlock', objects: [], prefix: lock(['try_read', 'l', 'r'], ['get_mut', 'l']), actors: [], suffix: [] }).sort()).toEqual(['rwlock:into_inner', 'rwlock:try']);
    expect(exampleNeeds({ model: 'condvar', objects: [], prefix: lock(['lock', 'm', 'g'], ['wait_timeout', 'cv', 'g2', 'g', '10']), actors: [], suffix: lock(['is_poisoned', 'm']) }).sort()).toEqual(['condvar:wait_timeout', 'mutex', 'mutex:poison']);
  });

  it("lists a once example's operations by the kind of object they act on, and a LazyLock whose init panics", () => {
    const objects: ObjectDecl[] = [
      { kind: 'once', name: 'o0', params: {}, handles: { once: 'once' } },
      { kind: 'oncelock', name: 'c0', params: {}, handles: { cell: 'oncelock' } },
      { kind: 'lazylock', name: 'l0', params: { init: 'panic' }, handles: { lazy: 'lazylock' } },
    ];
    const ops = [
      { name: 'wait', target: 'once', args: [] },
      { name: 'take', target: 'cell', args: [] },
      { name: 'force', target: 'lazy', args: [] },
    ];
    expect(exampleNeeds({ model: 'once', objects, prefix: ops, actors: [], suffix: [] }).sort()).toEqual(['lazylock', 'lazylock_poison', 'once_wait', 'oncelock_take']);
    expect(exampleNeeds({ model: 'barrier', objects: [], prefix: [{ name: 'wait', target: 'b', args: [] }], actors: [], suffix: [] })).toEqual([]);
  });
});

describe('runSuite on an adapter with fewer capabilities than the examples use', () => {
  const ran: string[] = [];
  const runner: CheckRunner = {
    async run(_adapter, rule, check) {
      ran.push(`${rule.id}: ${check.title}`);
      // As the engine's runner says of a property whose flavours the adapter has none of.
      return check.kind === 'property' ? { status: 'n/a', runs: 0, message: 'nothing to generate' } : { status: 'pass', runs: 1 };
    },
  };
  const unboundedOnly = { name: 'unbounded-only', library: { name: 'x', version: '1' }, executor: 'async', capabilities: ['unbounded', 'send', 'recv', 'disconnect'] } as Adapter;

  it('skips the examples it cannot run and the properties with nothing to generate, and is n/a when nothing is left', async () => {
    const report = await runSuite({ spec, adapters: [unboundedOnly], runner, rules: 'CHAN-SEND-3,CHAN-WAKE-S', runs: 5, seed: 1, version: 't' });
    const [send3, wakeS] = report.adapters[0].results;
    // CHAN-SEND-3 runs on its unbounded example only: its property is skipped, not unknown.
    expect(spec.rules.find((r) => r.id === 'CHAN-SEND-3')!.checks.some((c) => c.kind === 'property')).toBe(true);
    expect(send3.status).toBe('pass');
    expect(ran.filter((r) => r.startsWith('CHAN-SEND-3')).length).toBeLessThan(spec.rules.find((r) => r.id === 'CHAN-SEND-3')!.checks.length);
    expect(wakeS.status).toBe('n/a');
    expect(wakeS.message).toMatch(/^unbounded-only lacks (bounded|rendezvous).*, which every example of the rule uses; property ".*": nothing to generate/);
  });
});

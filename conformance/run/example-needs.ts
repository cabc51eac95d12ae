// What an example needs of an adapter beyond its rule's `needs:`: a rule's examples show
// it on every flavour (CHAN-SEND-3 on a rendezvous channel too) and use whatever
// operations set the stage (a try_recv to look, a drop to disconnect, a try_lock to see a
// lock held, a panic to poison). An adapter without those capabilities skips the example,
// as it would the rule: an unbounded-only library is not an error on a bounded channel,
// nor a mutex without try_lock on MUTEX-CLEAR-1's example that uses one. The lock and
// once operations' capabilities are the scenario generators' (lockCapabilityOf,
// onceCapabilitiesOf).
import { lockCapabilityOf, type LockFamily } from '../scenario/lock-scenarios.ts';
import { onceCapabilitiesOf } from '../scenario/once-scenarios.ts';
import type { Scenario } from '../scenario/types.ts';

/** Channel operations named as their capability. */
const SAME_NAME = new Set(['send', 'try_send', 'recv', 'try_recv', 'recv_timeout', 'iter', 'try_iter', 'select']);

/** The capabilities a scenario uses (none for a barrier: its rules' needs say it all). */
export function exampleNeeds(scenario: Scenario): string[] {
  const ops = [...scenario.prefix, ...scenario.actors.flatMap((a) => a.ops), ...scenario.suffix];
  if (scenario.model === 'mutex' || scenario.model === 'rwlock' || scenario.model === 'condvar') {
    const family = scenario.model as LockFamily;
    return [...new Set(ops.flatMap((op) => lockCapabilityOf(family, op.name) ?? []))];
  }
  if (scenario.model === 'once') {
    const kindOf = new Map(scenario.objects.flatMap((o) => Object.keys(o.handles).map((h) => [h, o.kind] as const)));
    const needs = ops.flatMap((op) => onceCapabilitiesOf(kindOf.get(op.target) ?? '', op.name));
    if (scenario.objects.some((o) => o.kind === 'lazylock' && o.params.init === 'panic')) needs.push('lazylock_poison');
    return [...new Set(needs)];
  }
  if (scenario.model !== 'channel') return [];
  const needs = new Set<string>();
  const roles = new Map<string, string>();
  for (const object of scenario.objects) {
    if (object.kind !== 'channel') continue;
    const { flavor, profile } = object.params;
    if (typeof flavor === 'string') needs.add(flavor);
    if (profile === 'mpmc') needs.add('mpmc');
    for (const [handle, role] of Object.entries(object.handles)) roles.set(handle, role);
  }
  // Clones first: a clone's name takes its original's role, wherever the clone is used.
  for (const op of ops) if (op.name === 'clone' && typeof op.args[0] === 'string') roles.set(op.args[0], roles.get(op.target) ?? 'sender');
  for (const op of ops) {
    if (SAME_NAME.has(op.name)) needs.add(op.name);
    else if (op.name === 'drop') needs.add('disconnect');
    else if (op.name === 'clone') needs.add(roles.get(op.target) === 'receiver' ? 'mpmc' : 'clone');
  }
  return [...needs];
}

// What a channel example needs of an adapter beyond its rule's `needs:`: a rule's
// examples show it on every flavour (CHAN-SEND-3 on a rendezvous channel too) and use
// whatever operations set the stage (a try_recv to look, a drop to disconnect). An
// adapter without those capabilities skips the example, as it would the rule: an
// unbounded-only library is not an error on a bounded channel.
import type { Scenario } from '../scenario/types.ts';

/** Channel operations named as their capability. */
const SAME_NAME = new Set(['send', 'try_send', 'recv', 'try_recv', 'recv_timeout', 'iter', 'try_iter', 'select']);

/** The capabilities a channel scenario uses (empty for other models: their rules' needs say it all). */
export function exampleNeeds(scenario: Scenario): string[] {
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
  const ops = [...scenario.prefix, ...scenario.actors.flatMap((a) => a.ops), ...scenario.suffix];
  // Clones first: a clone's name takes its original's role, wherever the clone is used.
  for (const op of ops) if (op.name === 'clone' && typeof op.args[0] === 'string') roles.set(op.args[0], roles.get(op.target) ?? 'sender');
  for (const op of ops) {
    if (SAME_NAME.has(op.name)) needs.add(op.name);
    else if (op.name === 'drop') needs.add('disconnect');
    else if (op.name === 'clone') needs.add(roles.get(op.target) === 'receiver' ? 'mpmc' : 'clone');
  }
  return [...needs];
}

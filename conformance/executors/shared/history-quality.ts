// How much a set of runs actually tested (DESIGN.md, "history quality"): a suite whose
// histories never overlap has tested nothing concurrent, and must say so.
import type { History } from '../../history/types.ts';

/** True when operations of two different actors overlapped in time (a pending operation never ends). */
export function hasOverlap(history: History): boolean {
  const latestEnd = new Map<string, number>();
  for (const op of [...history.ops].sort((a, b) => a.call - b.call)) {
    for (const [actor, end] of latestEnd) if (actor !== op.actor && end > op.call) return true;
    latestEnd.set(op.actor, Math.max(latestEnd.get(op.actor) ?? -Infinity, op.ret ?? Infinity));
  }
  return false;
}

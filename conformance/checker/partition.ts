// P-compositionality (Herlihy & Wing's locality; Horn & Kroening): operations on disjoint
// objects commute, so a history is explainable iff each group of operations connected by
// shared objects is. Splitting turns one exponential search into several small ones.

import type { Model } from '../../spec/model/types.ts';
import type { HistoryOp } from '../history/types.ts';
import type { LinearizedStep } from './types.ts';

/**
 * Groups operations into connected components of the "touches a common object" relation.
 * An operation that touches no object forms its own part. Parts are ordered by their first
 * operation's call, and each part's operations keep the history's order.
 */
export function splitByObjects<S, P>(model: Model<S, P>, ops: readonly HistoryOp[], params: P): HistoryOp[][] {
  if (!model.objects || ops.length === 0) return [[...ops]];
  const objects = model.objects;
  // The common case first, cheaply: every operation touches the same single object.
  const first = objects(ops[0], params);
  if (first.length === 1) {
    let same = true;
    for (let i = 1; i < ops.length && same; i++) {
      const touched = objects(ops[i], params);
      same = touched.length === 1 && touched[0] === first[0];
    }
    if (same) return [[...ops]];
  }
  const parent = ops.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const ownerOf = new Map<string, number>();
  for (let i = 0; i < ops.length; i++) {
    const touched = objects(ops[i], params);
    for (let k = 0; k < touched.length; k++) {
      const owner = ownerOf.get(touched[k]);
      if (owner === undefined) ownerOf.set(touched[k], i);
      else if (owner !== i) parent[find(i)] = find(owner);
    }
  }
  const parts = new Map<number, HistoryOp[]>();
  for (let i = 0; i < ops.length; i++) {
    const root = find(i);
    let part = parts.get(root);
    if (!part) parts.set(root, (part = []));
    part.push(ops[i]);
  }
  if (parts.size === 1) return [...parts.values()];
  const firstCall = (part: HistoryOp[]): number => part.reduce((m, o) => Math.min(m, o.call), Infinity);
  return [...parts.values()].sort((a, b) => firstCall(a) - firstCall(b));
}

/**
 * Merges the linearizations of independent parts into one that respects real time across
 * parts. Greedy: repeatedly emit the next step of the part holding the completed operation
 * with the smallest ret among those with phases left. That step's operation was called before
 * that ret (its part's order respects real time), hence before every remaining ret, so it
 * may go next; the locality theorem guarantees the greedy never gets stuck.
 */
export function mergeLinearizations(
  parts: readonly (readonly LinearizedStep[])[],
  ops: readonly HistoryOp[],
): readonly LinearizedStep[] {
  if (parts.length === 1) return parts[0];
  const byId = new Map(ops.map((o) => [o.id, o] as const));
  const partOf = new Map<number, number>();
  const left = new Map<number, number>();
  parts.forEach((steps, p) => {
    for (const s of steps) {
      partOf.set(s.opId, p);
      left.set(s.opId, (left.get(s.opId) ?? 0) + 1);
    }
  });
  // Completed operations by ret: the head (skipping finished ones) names the part to advance.
  const byRet = [...left.keys()].filter((id) => byId.get(id)!.ret !== undefined);
  byRet.sort((a, b) => byId.get(a)!.ret! - byId.get(b)!.ret!);
  const next = parts.map(() => 0);
  const merged: LinearizedStep[] = [];
  let head = 0;
  const emit = (p: number): void => {
    const step = parts[p][next[p]++];
    merged.push(step);
    left.set(step.opId, left.get(step.opId)! - 1);
  };
  for (;;) {
    while (head < byRet.length && left.get(byRet[head]) === 0) head++;
    if (head === byRet.length) break;
    emit(partOf.get(byRet[head])!);
  }
  // Only steps of pending operations remain: they have no deadline.
  parts.forEach((steps, p) => {
    while (next[p] < steps.length) emit(p);
  });
  return merged;
}

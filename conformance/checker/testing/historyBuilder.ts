// Writing histories by hand in tests: one line per operation, stamps as [call, ret].

import type { Outcome, Value } from '../../../spec/model/types.ts';
import { outcome } from '../../../spec/model/types.ts';
import type { History, HistoryOp } from '../../history/types.ts';
import type { LinearizedStep } from '../types.ts';

/**
 * `op(3, 'B', 'rx', 'recv', [], [4, 9], outcome('Ok', 1))` — a completed operation;
 * omit the result and give `[call]` for a pending one.
 */
export function op(
  id: number,
  actor: string,
  target: string,
  name: string,
  args: readonly Value[],
  stamps: readonly [number, number?],
  result?: Outcome,
): HistoryOp {
  const [call, ret] = stamps;
  return ret === undefined ? { id, actor, name, target, args, call } : { id, actor, name, target, args, call, ret, result };
}

export function history<P>(model: string, ops: readonly HistoryOp[], params: P): History<P> {
  return { model, params, ops };
}

export const Ok = (value?: Value): Outcome => outcome('Ok', value);

/** True iff no step is placed before a step of an operation that returned before it was called. */
export function respectsRealTime(steps: readonly LinearizedStep[], ops: readonly HistoryOp[]): boolean {
  const byId = new Map(ops.map((o) => [o.id, o] as const));
  let minLaterRet = Infinity;
  for (let i = steps.length - 1; i >= 0; i--) {
    const o = byId.get(steps[i].opId)!;
    if (!(o.call < minLaterRet)) return false;
    minLaterRet = Math.min(minLaterRet, o.ret ?? Infinity);
  }
  return true;
}

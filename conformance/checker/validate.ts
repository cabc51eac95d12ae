// Malformed histories are programming errors (of a recorder or a caller), not verdicts:
// they are rejected here, before any search, with a message that names the operation.

import type { HistoryOp } from '../history/types.ts';
import { describeOp } from './types.ts';

export function validateHistoryOps(ops: readonly HistoryOp[]): void {
  const seen = new IdSet(ops.length);
  // The message is built only when an operation is rejected: this runs on every check.
  const where = (op: HistoryOp): string => `history op #${op.id} (${op.actor}: ${describeOp(op)})`;
  for (const op of ops) {
    if (seen.has(op.id)) throw new Error(`checkHistory: duplicate operation id ${op.id} in ${where(op)}`);
    seen.add(op.id);
    if (!Number.isFinite(op.call)) throw new Error(`checkHistory: ${where(op)} has a non-finite call stamp ${op.call}`);
    if (op.ret === undefined) {
      if (op.result !== undefined) throw new Error(`checkHistory: ${where(op)} is pending (no ret) but has a result`);
      continue;
    }
    if (!Number.isFinite(op.ret)) throw new Error(`checkHistory: ${where(op)} has a non-finite ret stamp ${op.ret}`);
    if (op.call >= op.ret) {
      throw new Error(`checkHistory: ${where(op)} has call ${op.call} >= ret ${op.ret}; stamps must satisfy call < ret`);
    }
    if (op.result === undefined) throw new Error(`checkHistory: ${where(op)} returned (ret ${op.ret}) but has no result`);
  }
}

/** Seen operation ids: a bitmap for the usual small non-negative integer ids, a Set otherwise. */
class IdSet {
  private readonly bits: Uint8Array;
  private readonly others = new Set<number>();
  constructor(size: number) {
    this.bits = new Uint8Array(4 * size + 64);
  }
  has(id: number): boolean {
    return Number.isInteger(id) && id >= 0 && id < this.bits.length ? this.bits[id] === 1 : this.others.has(id);
  }
  add(id: number): void {
    if (Number.isInteger(id) && id >= 0 && id < this.bits.length) this.bits[id] = 1;
    else this.others.add(id);
  }
}

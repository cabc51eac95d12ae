// Malformed histories are programming errors (of a recorder or a caller), not verdicts:
// they are rejected here, before any search, with a message that names the operation.

import type { HistoryOp } from '../history/types.ts';
import { describeOp } from './types.ts';

export function validateHistoryOps(ops: readonly HistoryOp[]): void {
  // Seen ids: a bitmap for the usual small non-negative integer ids, a Set for the others.
  const bits = new Uint8Array(4 * ops.length + 64);
  const others = new Set<number>();
  // The message is built only when an operation is rejected: this runs on every check.
  const where = (op: HistoryOp): string => `history op #${op.id} (${op.actor}: ${describeOp(op)})`;
  for (const op of ops) {
    const id = op.id;
    if (id >= 0 && id < bits.length && Number.isInteger(id)) {
      if (bits[id] === 1) throw new Error(`checkHistory: duplicate operation id ${id} in ${where(op)}`);
      bits[id] = 1;
    } else {
      if (others.has(id)) throw new Error(`checkHistory: duplicate operation id ${id} in ${where(op)}`);
      others.add(id);
    }
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

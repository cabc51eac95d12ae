// Malformed histories are programming errors (of a recorder or a caller), not verdicts:
// they are rejected here, before any search, with a message that names the operation.

import type { HistoryOp } from '../history/types.ts';
import { describeOp } from './types.ts';

export function validateHistoryOps(ops: readonly HistoryOp[]): void {
  const seen = new Set<number>();
  for (const op of ops) {
    const where = `history op #${op.id} (${op.actor}: ${describeOp(op)})`;
    if (seen.has(op.id)) throw new Error(`checkHistory: duplicate operation id ${op.id} in ${where}`);
    seen.add(op.id);
    if (!Number.isFinite(op.call)) throw new Error(`checkHistory: ${where} has a non-finite call stamp ${op.call}`);
    if (op.ret === undefined) {
      if (op.result !== undefined) throw new Error(`checkHistory: ${where} is pending (no ret) but has a result`);
      continue;
    }
    if (!Number.isFinite(op.ret)) throw new Error(`checkHistory: ${where} has a non-finite ret stamp ${op.ret}`);
    if (op.call >= op.ret) {
      throw new Error(`checkHistory: ${where} has call ${op.call} >= ret ${op.ret}; stamps must satisfy call < ret`);
    }
    if (op.result === undefined) throw new Error(`checkHistory: ${where} returned (ret ${op.ret}) but has no result`);
  }
}

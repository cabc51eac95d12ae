// Which outcomes each channel operation can return at all. An adapter returning
// anything else is broken (its mapping onto the library is wrong), which is reported
// as an adapter error rather than as a deviation from the spec. Whether the outcome is
// the *right* one is the checker's business, not this file's. One kind is accepted from
// every operation: `Failed` — the library refused a call (threw, rejected) where Rust's
// returns; no model produces it, so the checker reports it as the deviation it is.
import type { Outcome, Value } from '../../../spec/model/types.ts';
import { AdapterFault, formatUnknown } from './adapter-failure.ts';

export const OUTCOME_KINDS: { readonly [op: string]: readonly string[] } = {
  send: ['Ok', 'Disconnected'],
  try_send: ['Ok', 'Full', 'Disconnected'],
  recv: ['Ok', 'Disconnected'],
  try_recv: ['Ok', 'Empty', 'Disconnected'],
  recv_timeout: ['Ok', 'Timeout', 'Disconnected'],
  next: ['Some', 'None'],
  // What the adapter's select returns for the chosen receiver, before the executor names it.
  select: ['Ok', 'Disconnected'],
};

/** The outcome of a call the library refused where Rust's returns (docs/adapters.md). */
export const FAILED = 'Failed';

/** Checks that `value`, returned by adapter method `method` for operation `op`, is an Outcome `op` can return. */
export function expectOutcome(op: string, method: string, value: unknown): Outcome {
  return checkOutcome(op, method, value, OUTCOME_KINDS[op]);
}

/** As `expectOutcome`, with the kinds `op` can return given explicitly (op names repeat across primitives: a barrier's `wait` is not a condvar's). */
export function checkOutcome(op: string, method: string, value: unknown, kinds: readonly string[] | undefined): Outcome {
  if (!isOutcome(value)) throw new AdapterFault(method, `returned ${formatUnknown(value)}, which is not an outcome ({ kind, value? })`);
  if (kinds !== undefined && value.kind !== FAILED && !kinds.includes(value.kind)) {
    throw new AdapterFault(method, `returned ${value.kind}, which ${op} cannot return (${kinds.join(', ')})`);
  }
  return value;
}

function isOutcome(value: unknown): value is Outcome {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, value: carried } = value as { kind?: unknown; value?: unknown };
  return typeof kind === 'string' && (carried === undefined || isValue(carried));
}

function isValue(v: unknown): v is Value {
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return true;
  if (Array.isArray(v)) return v.every(isValue);
  if (typeof v === 'object') return Object.values(v as object).every(isValue);
  return false;
}

// `syncspec/adapter`: the types an adapter module is written against
// (conformance/adapter/types.ts), and small helpers to build results.
import type { Outcome, Value } from '../../spec/model/types.ts';

export * from './types.ts';

/** `ok()` is `Ok`, `ok(3)` is `Ok(3)`. */
export function ok(value?: Value): Outcome {
  return value === undefined ? { kind: 'Ok' } : { kind: 'Ok', value };
}

/** Any outcome by name: `outcome('Full', 3)`, `outcome('WouldBlock')`. */
export function outcome(kind: string, value?: Value): Outcome {
  return value === undefined ? { kind } : { kind, value };
}

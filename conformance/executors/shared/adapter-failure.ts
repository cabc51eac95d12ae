// A broken adapter is reported, never crashes a run: an adapter method that throws or
// rejects, returns something that is not an Outcome, returns an outcome the operation
// cannot produce, or is missing although the scenario needs it. The failure names the
// adapter and the operation, so a library author knows where to look.
import type { OpCall } from '../../../spec/model/types.ts';
import { describeOp } from '../../report/timeline.ts';

export interface AdapterFailure {
  readonly adapter: string;
  /** The operation being performed (absent when creating the channels failed). */
  readonly op?: Pick<OpCall, 'id' | 'actor' | 'name' | 'target' | 'args'>;
  /** The adapter method at fault: `sender.trySend`, `channel.select`, `channel.create`. */
  readonly method: string;
  readonly problem: string;
  /** One line naming all of the above. */
  readonly message: string;
}

/** Thrown by the code that calls the adapter; executors turn it into an AdapterFailure. */
export class AdapterFault extends Error {
  constructor(
    readonly method: string,
    readonly problem: string,
  ) {
    super(`${method}: ${problem}`);
    this.name = 'AdapterFault';
  }
}

export function adapterFailure(adapter: string, fault: AdapterFault, op?: AdapterFailure['op']): AdapterFailure {
  const where = op === undefined ? '' : ` in op ${op.id} (${op.actor}: ${describeOp(op)})`;
  return { adapter, ...(op === undefined ? {} : { op }), method: fault.method, problem: fault.problem, message: `adapter ${adapter}${where}: ${fault.method} ${fault.problem}` };
}

/** An exception or rejection from adapter code, as an AdapterFault naming the method. */
export function faultFromThrown(method: string, thrown: unknown, how: 'threw' | 'rejected' = 'threw'): AdapterFault {
  const text = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : formatUnknown(thrown);
  return new AdapterFault(method, `${how} ${text}`);
}

export function formatUnknown(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

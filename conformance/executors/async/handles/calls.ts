// Calling adapter code safely: every way an adapter can break — a throw, a rejection, a
// wrong shape, a missing method — becomes an AdapterFault naming the method. Shared by
// the dispatch of every primitive (this folder).
import type { OpCall, Outcome, Value } from '../../../../spec/model/types.ts';
import type { Adapter } from '../../../adapter/types.ts';
import { AdapterFault, faultFromThrown, formatUnknown } from '../../shared/adapter-failure.ts';
import { checkOutcome } from '../../shared/outcome-kinds.ts';
import type { RunningClosures } from './once.ts';

/** What invoking an operation gave: a result at once, or a promise the executor watches. */
export type Invocation = { readonly result: Outcome } | { readonly pending: Promise<Outcome> };

/** A handle of the run: its role (`sender`, `mutex`, `mutex-guard`, ...) and the adapter object behind it. */
export interface Entry {
  readonly role: string;
  readonly object: unknown;
}

/** The signals an operation gets: its virtual timer, and its spurious-wakeup trigger (condvar waits). */
export interface Signals {
  readonly timeout: AbortSignal;
  readonly spurious: AbortSignal;
}

/** The run's handles, as the dispatch of one primitive sees them. */
export interface HandleTable {
  readonly adapter: Adapter;
  /** The entry of handle `name`, which must have one of `roles`; a plain Error (the scenario is wrong) otherwise. */
  entry(op: OpCall, name: string, roles: readonly string[]): Entry;
  /** Installs a handle the operation creates; a plain Error if the name is taken. */
  bind(op: OpCall, name: string, entry: Entry): void;
  remove(name: string): void;
  /** The async executor's: closures take time, finishing when its schedule chooses (once.ts). */
  readonly closures?: RunningClosures;
}

/** How one primitive's operations map onto the adapter. */
export interface Dispatch {
  /** The roles of the handles it acts on (the role of an operation's target decides). */
  readonly roles: readonly string[];
  invoke(op: OpCall, target: Entry, table: HandleTable, signals: Signals): Invocation;
  /** Whether the operation is a wait that may be woken spuriously (condvar waits). */
  wakesSpuriously?(op: OpCall, target: Entry): boolean;
}

/** Calls adapter code; anything it throws becomes a fault of `name`. */
export function call<T>(name: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof AdapterFault) throw e;
    throw faultFromThrown(name, e);
  }
}

/** An optional method of the adapter API, or a fault saying the scenario needs it. */
export function method<O extends object>(object: O, key: keyof O & string, name: string): (...args: unknown[]) => unknown {
  const f = (object as Record<string, unknown>)[key];
  if (typeof f !== 'function') throw new AdapterFault(name, 'is missing, and the scenario needs it (or drop the capability that promises it)');
  return f as (...args: unknown[]) => unknown;
}

/**
 * `object[key](...args)` as adapter method `name`: missing, a fault; what it throws is
 * left to the caller (`answer` reads it, `callMethod` turns it into a fault).
 */
export function invokeMethod<O extends object>(object: O, key: keyof O & string, name: string, ...args: unknown[]): unknown {
  const f = method(object, key, name);
  return f.apply(object, args);
}

/** `object[key](...args)` as adapter method `name`: missing or throwing, a fault. */
export function callMethod<O extends object>(object: O, key: keyof O & string, name: string, ...args: unknown[]): unknown {
  return call(name, () => invokeMethod(object, key, name, ...args));
}

/**
 * Runs an adapter method whose answer comes now or later, and turns it into the
 * operation's outcome with `convert` (which throws an AdapterFault on a wrong shape).
 * `caught` may read a thrown value as an outcome (an initializer's panic propagated
 * through the library); anything else thrown or rejected is a fault of `name`.
 */
export function answer(name: string, body: () => unknown, convert: (raw: unknown) => Outcome, caught?: (thrown: unknown) => Outcome | undefined): Invocation {
  let raw: unknown;
  try {
    raw = body();
  } catch (e) {
    if (e instanceof AdapterFault) throw e;
    const read = caught?.(e);
    if (read !== undefined) return { result: read };
    throw faultFromThrown(name, e);
  }
  if (!isThenable(raw)) return { result: convert(raw) };
  return {
    pending: Promise.resolve(raw).then(convert, (e: unknown) => {
      if (e instanceof AdapterFault) throw e;
      const read = caught?.(e);
      if (read !== undefined) return read;
      throw faultFromThrown(name, e, 'rejected');
    }),
  };
}

/** An adapter method whose answer is an Outcome of one of `kinds`. */
export function outcomeOf(op: string, name: string, kinds: readonly string[] | undefined, body: () => unknown): Invocation {
  return answer(name, body, (raw) => checkOutcome(op, name, raw, kinds));
}

/** An adapter method that answers nothing useful (`void`): the operation's outcome is `Ok`, once it settles. */
export function effect(name: string, body: () => unknown): Invocation {
  return answer(name, body, () => ({ kind: 'Ok' }));
}

/** An adapter method that answers a plain value (`guard.get()`): the outcome is `Ok(value)`. */
export function valueOf(name: string, body: () => unknown): Invocation {
  return answer(name, body, (raw) => {
    if (!isValue(raw)) throw new AdapterFault(name, `returned ${formatUnknown(raw)}, which is not a plain value (number, string, boolean, null, array, object)`);
    return { kind: 'Ok', value: raw };
  });
}

/** An adapter method that answers a boolean (`isPoisoned()`): the outcome is `Ok(true)` or `Ok(false)`. */
export function booleanOf(name: string, body: () => unknown): Invocation {
  return answer(name, body, (raw) => {
    if (typeof raw !== 'boolean') throw new AdapterFault(name, `returned ${formatUnknown(raw)}, not a boolean`);
    return { kind: 'Ok', value: raw };
  });
}

/** The result at once, without calling the adapter (a guard that holds nothing, a handle the executor alone manages). */
export function now(result: Outcome): Invocation {
  return { result };
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return isObject(value) && typeof value.then === 'function';
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

export function isValue(v: unknown): v is Value {
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return true;
  if (Array.isArray(v)) return v.every(isValue);
  if (typeof v === 'object') return Object.values(v as object).every(isValue);
  return false;
}

/** The name of the handle an operation creates (`g` in `g = m.lock()`, its first argument). */
export function createdName(op: OpCall): string {
  const name = op.args[0];
  if (typeof name !== 'string') throw new Error(`op ${op.id} (${op.actor}: ${op.name}) names no handle to create`);
  return name;
}

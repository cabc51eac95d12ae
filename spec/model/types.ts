// The vocabulary shared by every chapter's model, the history checker and the executors.
// A model is the sequential semantics of a primitive as a state machine; blocking is
// expressed by *enabling*: an operation whose step returns no transition cannot take
// effect in that state (it waits), and one whose step returns several may take either.

import { formatValue } from './value-text.ts';

/** A value carried by an operation: structured-clone friendly plain data. */
export type Value = number | string | boolean | null | readonly Value[] | { readonly [key: string]: Value };

/**
 * The observable result of an operation, named as in Rust:
 * `Ok`, `Ok(3)`, `Full(3)`, `Disconnected(3)`, `Disconnected`, `Empty`, `Timeout`,
 * `WouldBlock`, `Poisoned`, ... A result is a value, never an exception.
 */
export interface Outcome {
  readonly kind: string;
  readonly value?: Value;
}

/**
 * One invocation of an abstract operation, as the model sees it.
 * `target` names the handle or object acted on (`tx`, `rx`, `tx2`, `m`); handles are
 * created by the scenario's declarations or by operations such as `clone` (whose first
 * argument names the new handle).
 */
export interface OpCall {
  /** Unique within one history. */
  readonly id: number;
  /** `main` for the sequential prefix and suffix, `A`, `B`, ... for the parallel actors. */
  readonly actor: string;
  readonly name: string;
  readonly target: string;
  readonly args: readonly Value[];
}

/**
 * One way an operation's phase may take effect in a state.
 * `result` is present exactly on the last phase of an operation: the result it returns.
 * `rule` names the spec rule this transition embodies, for diagnostics.
 */
export interface Transition<S> {
  readonly state: S;
  readonly result?: Outcome;
  readonly rule?: string;
  /**
   * True for a transition that only a timer can fire (`recv_timeout` giving up). A
   * pending operation whose only enabled transitions are timed is still legitimately
   * blocked while its timer has not expired.
   */
  readonly timed?: boolean;
  /**
   * True for a transition nothing forces and nothing needs to happen for (a Condvar
   * waiter's spurious wakeup): it may be taken at any moment, or never. A spurious
   * transition is also `timed`, so that a pending operation whose only enabled
   * transitions are spurious is legitimately blocked; unlike a timer, a scenario's
   * `main` does not wait for it to fire (`spec/model/explore.ts`).
   */
  readonly spurious?: boolean;
}

/**
 * A model: the sequential semantics of a primitive.
 *
 * Most operations have one phase: they take effect atomically at one point between
 * their invocation and their response. Operations that must be *seen waiting* by
 * others (a receiver blocked on a rendezvous channel, a Condvar waiter, a Barrier
 * arrival) have two: a request that registers them in the state, and a follow-up
 * that completes them later (Scherer & Scott's dual data structures; Lincheck's
 * request/follow-up). A pending operation that ends a run is legitimate only if the
 * model cannot complete it in the final state.
 */
export interface Model<S, P = unknown> {
  /** The model's name, as scenarios and histories refer to it (`channel`, `mutex`). */
  readonly name: string;
  /** The initial state for a scenario's object declarations. */
  init(params: P): S;
  /**
   * How many phases an operation has (1 or 2). The checker asks with the state in
   * which the operation's first phase is about to be linearized (so handles created
   * earlier in the run, such as clones, exist); the answer must depend only on what
   * never changes for that handle, such as the flavor of its channel.
   */
  phases(op: OpCall, state: S): number;
  /**
   * The transitions of `op`'s phase `phase` (0-based) from `state`.
   * An empty array means the phase is not enabled: the operation waits.
   */
  step(state: S, op: OpCall, phase: number): readonly Transition<S>[];
  /** A canonical string for a state: equal states, equal keys (used to cache the search). */
  key(state: S): string;
  /**
   * The objects an operation touches (channel names, lock names). Operations on
   * disjoint objects commute, so a history may be checked one object at a time.
   * Optional: without it a history is checked as one piece.
   */
  objects?(op: OpCall, params: P): readonly string[];
  /** Names of the notable states a state is in, for the history-quality report (`empty`, `full`, `disconnected`). */
  features?(state: S): readonly string[];
}

export function outcome(kind: string, value?: Value): Outcome {
  return value === undefined ? { kind } : { kind, value };
}

/** `Ok`, `Ok(3)`, `Full("a")`, `Ok([1, 2])`, `Ok("L"×50000)`: the notation used by the chapters' examples. */
export function formatOutcome(o: Outcome): string {
  return o.value === undefined ? o.kind : `${o.kind}(${formatValue(o.value)})`;
}

export { formatValue };

export function sameOutcome(a: Outcome, b: Outcome): boolean {
  return a.kind === b.kind && sameValue(a.value, b.value);
}

/** Equal as values: the same JSON, whatever order an object's keys come in. */
export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * A value's JSON text with every object's keys sorted: one text per value. JSON objects are
 * unordered (RFC 8259), and a library may hand back a copy whose keys come in another order
 * (Rust's serde_json sorts them): that is the same value.
 */
export function canonicalJson(v: Value): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const object = v as { readonly [key: string]: Value };
    return `{${Object.keys(object).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

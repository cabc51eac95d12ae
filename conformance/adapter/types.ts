// The public adapter API (`syncspec/adapter`): how an implementation under test is
// described to syncspec and how abstract operations map onto it. An adapter is a
// module whose default export is an `Adapter`.

import type { Outcome, Value } from '../../spec/model/types.ts';

export type { Outcome, Value };

export type ExecutorKind = 'async' | 'threads' | 'process';

/** A channel's declaration, as the spec's constructors give it. */
export interface ChannelParams {
  readonly flavor: 'unbounded' | 'bounded' | 'rendezvous';
  /** n for bounded, 0 for rendezvous, null for unbounded. */
  readonly capacity: number | null;
  /** `mpsc` (one receiver) or `mpmc` (receivers can be cloned). */
  readonly profile: 'mpsc' | 'mpmc';
}

/**
 * A sender handle on the async executor. Results are values (`Ok`, `Full(v)`,
 * `Disconnected(v)`): use the helpers of `syncspec/adapter` to build them. A method
 * may return a promise; the executor decides when the actor observes its settlement.
 */
export interface AsyncSender {
  send(value: Value): Outcome | Promise<Outcome>;
  trySend?(value: Value): Outcome;
  clone?(): AsyncSender;
  drop?(): void;
}

export interface AsyncReceiver {
  recv(): Outcome | Promise<Outcome>;
  tryRecv?(): Outcome;
  /**
   * A receive that gives up when `signal` aborts. Time is virtual on the async
   * executor: the signal fires when the schedule chooses the timeout event, so an
   * adapter must cancel through the library's own cancellation (never with
   * `Promise.race`, which would lose a value that arrives as the timeout fires).
   */
  recvTimeout?(signal: AbortSignal, timeoutMs: number): Outcome | Promise<Outcome>;
  clone?(): AsyncReceiver;
  drop?(): void;
  /** Blocking iteration: each `next()` resolves `Some(v)` or `None`. */
  iter?(): { next(): Outcome | Promise<Outcome> };
  /** Non-blocking iteration: each `next()` returns `Some(v)` or `None`. */
  tryIter?(): { next(): Outcome };
}

export interface AsyncChannelFactory {
  create(params: ChannelParams): { sender: AsyncSender; receiver: AsyncReceiver };
  /**
   * Waits until one of `receivers` can complete, performs exactly one receive and
   * returns its index with `Ok(value)` or `Disconnected`.
   */
  select?(receivers: readonly AsyncReceiver[]): { index: number; outcome: Outcome } | Promise<{ index: number; outcome: Outcome }>;
}

/** A known deviation: the rule is expected to fail for this adapter, and why. */
export interface Expectation {
  readonly status: 'fail';
  readonly reason: string;
  readonly link?: string;
}

export interface Adapter {
  /** Short unique name, used on the command line and in results. */
  readonly name: string;
  /** The library the adapter drives, and its version. */
  readonly library: { readonly name: string; readonly version: string; readonly url?: string };
  readonly executor: ExecutorKind;
  /** Capability names from the spec's chapters (`syncspec rules` lists which rule needs which). */
  readonly capabilities: readonly string[];
  /** What the adapter adds on top of the library (sender counting, value hand-back...), so nothing is hidden. */
  readonly notes?: string;
  /** rule ID → expected failure. */
  readonly expectations?: { readonly [rule: string]: Expectation };
  /** For `executor: 'async'`. */
  readonly channel?: AsyncChannelFactory;
}

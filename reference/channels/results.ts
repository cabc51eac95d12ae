// Results as values, named as in Rust (spec/model/types.ts: Outcome). With a value type
// T that is a spec `Value`, each of these is an `Outcome`.

export type Ok = { readonly kind: 'Ok' };
export type OkValue<T> = { readonly kind: 'Ok'; readonly value: T };
export type Full<T> = { readonly kind: 'Full'; readonly value: T };
export type DisconnectedValue<T> = { readonly kind: 'Disconnected'; readonly value: T };
export type Disconnected = { readonly kind: 'Disconnected' };
export type Empty = { readonly kind: 'Empty' };
export type Timeout = { readonly kind: 'Timeout' };

/** `send`: Ok, or Disconnected carrying the value back (no receiver left). */
export type SendResult<T> = Ok | DisconnectedValue<T>;
/** `trySend`: Ok, Full(v) (no room / no receiver blocked), or Disconnected(v). */
export type TrySendResult<T> = Ok | Full<T> | DisconnectedValue<T>;
/** `recv`: Ok(v), or Disconnected once empty with no sender left. */
export type RecvResult<T> = OkValue<T> | Disconnected;
/** `tryRecv`: Ok(v), Empty (senders alive), or Disconnected. */
export type TryRecvResult<T> = RecvResult<T> | Empty;
/** `recvTimeout`: Ok(v), Timeout (consumed nothing), or Disconnected. */
export type RecvTimeoutResult<T> = RecvResult<T> | Timeout;

/** `select`: which receiver (its index in the list) completed, and how. */
export interface Selected<T> {
  readonly index: number;
  readonly outcome: RecvResult<T>;
}

export const OK: Ok = Object.freeze({ kind: 'Ok' });
export const DISCONNECTED: Disconnected = Object.freeze({ kind: 'Disconnected' });
export const EMPTY: Empty = Object.freeze({ kind: 'Empty' });
export const TIMEOUT: Timeout = Object.freeze({ kind: 'Timeout' });

export function okValue<T>(value: T): OkValue<T> {
  return { kind: 'Ok', value };
}

export function full<T>(value: T): Full<T> {
  return { kind: 'Full', value };
}

export function disconnectedValue<T>(value: T): DisconnectedValue<T> {
  return { kind: 'Disconnected', value };
}

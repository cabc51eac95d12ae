// Results as values, named as in Rust and in the spec chapters (spec/mutex.md,
// spec/rwlock.md, spec/condvar.md, spec/barrier.md, spec/once.md).

/** `lock`, `read`, `write`: the guard, plainly or inside a PoisonError (the caller holds the lock either way). */
export type LockResult<G> = { readonly kind: 'Ok'; readonly guard: G } | { readonly kind: 'Poisoned'; readonly guard: G };
/** `tryLock`, `tryRead`, `tryWrite`: also WouldBlock (held incompatibly; wins over Poisoned). */
export type TryLockResult<G> = LockResult<G> | { readonly kind: 'WouldBlock' };
/** `intoInner`, `getMut`: the value, plainly or inside a PoisonError. */
export type InnerResult<T> = { readonly kind: 'Ok'; readonly value: T } | { readonly kind: 'Poisoned'; readonly value: T };
/** Condvar `waitTimeout` / `waitTimeoutWhile`: the guard back, and WaitTimeoutResult::timed_out(). */
export type WaitTimeoutResult<G> =
  | { readonly kind: 'Ok'; readonly guard: G; readonly timedOut: boolean }
  | { readonly kind: 'Poisoned'; readonly guard: G; readonly timedOut: boolean };
/** Barrier `wait`: BarrierWaitResult::is_leader(), or Broken (a party's thread died: not Rust, see barrier.ts). */
export type BarrierWaitResult =
  | { readonly kind: 'Leader'; readonly isLeader: true }
  | { readonly kind: 'Follower'; readonly isLeader: false }
  | { readonly kind: 'Broken'; readonly isLeader: false };
/** `Once.callOnce`: Ran (this call's closure ran and completed), Ok (completed by another), Poisoned (Rust panics). */
export type CallOnceResult = { readonly kind: 'Ran' } | { readonly kind: 'Ok' } | { readonly kind: 'Poisoned' };
/** `Once.callOnceForce`: Ran(p), p = what OnceState::is_poisoned() said; Ok if already complete. */
export type CallOnceForceResult = { readonly kind: 'Ran'; readonly value: boolean } | { readonly kind: 'Ok' };
/** `Once.wait`: Ok, or Poisoned (Rust panics). */
export type OnceWaitResult = { readonly kind: 'Ok' } | { readonly kind: 'Poisoned' };
/** Option<T>. */
export type Option<T> = { readonly kind: 'Some'; readonly value: T } | { readonly kind: 'None' };
/** `OnceLock.set`: Ok, or Err with the very value handed back. */
export type SetResult<T> = { readonly kind: 'Ok' } | { readonly kind: 'Err'; readonly value: T };

export const NONE: { readonly kind: 'None' } = Object.freeze({ kind: 'None' });
export const some = <T>(value: T): Option<T> => ({ kind: 'Some', value });
export const WOULD_BLOCK: { readonly kind: 'WouldBlock' } = Object.freeze({ kind: 'WouldBlock' });

// What the sync primitives throw. Outcomes (Poisoned, WouldBlock, Leader, ...) are
// values, as for channels; only misuse and Rust's panics are thrown.

/** Misuse: a guard used after drop, on another thread, a handle used after drop, a mutex after intoInner. */
export class SyncUsageError extends Error {
  override readonly name = 'SyncUsageError';
}

/**
 * What Rust reports with a panic that is not a poisoning result: a lock by the thread
 * that already holds it (Rust: "panics or deadlocks"; a blocking call here would
 * deadlock the thread for ever, so it panics), re-entrant initialization of a
 * Once/OnceLock/LazyLock from its own closure.
 */
export class SyncPanic extends Error {
  override readonly name = 'SyncPanic';
}

/** A LazyLock whose init closure panicked (Rust: "LazyLock instance has previously been poisoned"). */
export class PoisonedError extends Error {
  override readonly name = 'PoisonedError';
}

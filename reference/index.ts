// The reference implementation: Rust std::sync::mpsc semantics (and the crossbeam /
// std::sync::mpmc profile) on SharedArrayBuffer + Atomics, across worker threads.
//
//   const [tx, rx] = syncChannel<number>(16);
//   const worker = spawn(new URL('./consumer.js', import.meta.url));   // watched: see below
//   worker.postMessage(rx.transfer());          // in the worker: Receiver.fromDescriptor(msg)
//   tx.send(1);                                 // { kind: 'Ok' } — blocks while full (workers)
//   await tx.sendAsync(2);                      // main thread: promise variants
//   tx.drop();                                  // or `using tx = ...`
//
// Workers that hold handles must be started with spawn() or passed to trackWorker():
// when such a worker exits (terminated, crashed, or finished) its handles count as
// dropped, so peers see Disconnected instead of hanging (runtime/watch.ts). Import this
// module in the parent before starting workers, so that the whole process shares one
// registry (runtime/registry.ts).

export {
  Sender,
  Receiver,
  channel,
  syncChannel,
  unbounded,
  bounded,
  fromDescriptor,
  type HandleDescriptor,
  type CreateOptions,
  type Flavor,
  type Profile,
} from './channels/handles.ts';
export type { ChannelOptions } from './channels/core.ts';
export { select, selectTimeout, trySelect, selectAsync, selectTimeoutAsync } from './channels/select.ts';
export { ChannelUsageError } from './channels/errors.ts';
export type {
  SendResult,
  TrySendResult,
  RecvResult,
  TryRecvResult,
  RecvTimeoutResult,
  Selected,
  Ok,
  OkValue,
  Full,
  Disconnected,
  DisconnectedValue,
  Empty,
  Timeout,
} from './channels/results.ts';
export { spawn, trackWorker } from './runtime/watch.ts';
export { configure, type ReferenceConfig } from './runtime/config.ts';
export { abandonPendingAsync } from './runtime/reactor.ts';
export type { TimedOptions } from './runtime/wait-op.ts';

// Sync primitives (reference/sync/): Mutex, RwLock, Condvar, Barrier, Once, OnceLock,
// LazyLock — Rust std::sync semantics (spec/mutex.md ... spec/once.md) on the same
// runtime. Handles travel as descriptors (`transfer()` → postMessage →
// `X.fromDescriptor(d)`); guards never leave their thread. Blocking calls for workers,
// `*Async` variants for the main thread.
export { Mutex, MutexGuard } from './sync/mutex.ts';
export { RwLock, RwLockReadGuard, RwLockWriteGuard, type RwLockOptions } from './sync/rwlock.ts';
export { Condvar, type CondvarOptions, type SpuriousOptions } from './sync/condvar.ts';
export { Barrier, type BarrierOptions } from './sync/barrier.ts';
export { Once, OnceLock, LazyLock, type OnceState } from './sync/once.ts';
export type { SyncDescriptor, SyncOptions, ValueOptions, SyncKind } from './sync/core.ts';
export { SyncUsageError, SyncPanic, PoisonedError } from './sync/errors.ts';
export type {
  LockResult,
  TryLockResult,
  InnerResult,
  WaitTimeoutResult,
  BarrierWaitResult,
  CallOnceResult,
  CallOnceForceResult,
  OnceWaitResult,
  Option,
  SetResult,
} from './sync/results.ts';

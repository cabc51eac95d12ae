// The promise-based Mutex, RwLock, Condvar, Barrier, Once, OnceLock and LazyLock (and the
// promise channel) as one async adapter — or one of their buggy variants, by replacing
// a class. Used by the engine's tests; `syncspec run --adapter` accepts it too.
import type { Adapter, Initializer, Value } from '../adapter/types.ts';
import { promiseChannel } from './promise-channel-adapter.ts';
import { PromiseCondvar, PromiseMutex, PromiseRwLock } from './promise-locks.ts';
import { PromiseBarrier, PromiseLazyLock, PromiseOnce, PromiseOnceLock } from './promise-once.ts';

export const SYNC_CAPABILITIES = {
  mutex: ['mutex', 'mutex:try_lock', 'mutex:poison', 'mutex:clear_poison', 'mutex:into_inner'],
  rwlock: ['rwlock', 'rwlock:try', 'rwlock:poison', 'rwlock:clear_poison', 'rwlock:into_inner'],
  condvar: ['condvar', 'condvar:wait_while', 'condvar:wait_timeout', 'condvar:wait_timeout_while', 'condvar:spurious'],
  barrier: ['barrier', 'barrier_zero'],
  once: ['once', 'once_force', 'once_wait', 'once_poison', 'oncelock', 'oncelock_panic', 'oncelock_wait', 'oncelock_take', 'lazylock', 'lazylock_get', 'lazylock_poison'],
} as const;

export const ALL_SYNC_CAPABILITIES: readonly string[] = Object.values(SYNC_CAPABILITIES).flat();

/** The classes an adapter instantiates; a buggy variant replaces one. */
export interface SyncClasses {
  readonly Mutex: new (value: Value) => PromiseMutex;
  readonly RwLock: new (value: Value) => PromiseRwLock;
  readonly Condvar: new () => PromiseCondvar;
  readonly Barrier: new (n: number) => PromiseBarrier;
  readonly Once: new () => PromiseOnce;
  readonly OnceLock: new () => PromiseOnceLock;
  readonly LazyLock: new (init: Initializer<Value>) => PromiseLazyLock;
}

export const CORRECT_CLASSES: SyncClasses = {
  Mutex: PromiseMutex,
  RwLock: PromiseRwLock,
  Condvar: PromiseCondvar,
  Barrier: PromiseBarrier,
  Once: PromiseOnce,
  OnceLock: PromiseOnceLock,
  LazyLock: PromiseLazyLock,
};

export function promiseSyncAdapter(name: string, classes: Partial<SyncClasses> = {}, options: { capabilities?: readonly string[]; notes?: string } = {}): Adapter {
  const c: SyncClasses = { ...CORRECT_CLASSES, ...classes };
  return {
    name,
    library: { name: 'syncspec testing promise std::sync', version: '0.0.0' },
    executor: 'async',
    capabilities: options.capabilities ?? [...promiseChannel.capabilities, ...ALL_SYNC_CAPABILITIES],
    ...(options.notes === undefined ? {} : { notes: options.notes }),
    channel: promiseChannel.channel!,
    mutex: { create: (value) => new c.Mutex(value) },
    rwlock: { create: (value) => new c.RwLock(value) },
    condvar: { create: () => new c.Condvar() },
    barrier: { create: (n) => new c.Barrier(n) },
    once: { create: () => new c.Once() },
    onceLock: { create: () => new c.OnceLock() },
    lazyLock: { create: (init) => new c.LazyLock(init) },
  };
}

/** The correct one, every primitive, spurious condvar wakeups on request. */
export const promiseSync: Adapter = promiseSyncAdapter('promise-sync');

export default promiseSync;

// The bundled adapter `reference-async`: the reference's promise API — `sendAsync`,
// `recvAsync`, `selectAsync`, `lockAsync`, `waitAsync`, `getOrInitAsync`, ... — on the
// async executor. Every actor is a task of one thread (the main thread), and a blocked
// operation waits in the reference's reactor (one `Atomics.waitAsync` on the thread's
// park word), not in `Atomics.wait`: another code path of the same algorithms than the
// `reference` adapter's workers take, shipped to users as the API for the main thread.
//
// The mapping is direct, as for `reference` (adapters/reference): the results already
// are the spec's outcomes and the guards are guards of the adapter API. What differs:
//
// - Timed operations take the executor's signal as their time limit
//   (`recvTimeoutAsync(Infinity, { signal })`, `waitTimeoutAsync(g, Infinity, { signal })`):
//   time is virtual on the async executor, and the reference's reactor ends a timed wait
//   when its signal aborts.
// - Initializers may take time (the executor's closures return promises): the promise
//   API awaits them (`callOnceAsync`, `getOrInitAsync`, a LazyLock's `forceAsync`).
// - A lock taken again by the actor that holds it waits (the promise API never panics
//   on re-entry: several tasks of one thread take turns with a lock): `blocks`, which
//   MUTEX-REENTRY-1 allows.
// - Condvars inject the reference's own spurious wakeups (25 %, a fixed seed: runs
//   replay); the executor's spurious signal is not honoured (no `condvar:spurious`).
import type { Adapter, AsyncBarrier, AsyncCondvar, AsyncLazyLock, AsyncMutex, AsyncMutexGuard, AsyncOnce, AsyncOnceLock, AsyncReadGuard, AsyncReceiver, AsyncRwLock, AsyncSender, AsyncWriteGuard, ChannelParams, Initializer, Locked, OnceState, Outcome, Value, WaitCondition } from '../../conformance/adapter/types.ts';
import { isInitializerPanic } from '../../conformance/adapter/types.ts';
import { abandonPendingAsync, selectAsync } from '../../reference/index.ts';
import { Barrier } from '../../reference/sync/barrier.ts';
import { Condvar } from '../../reference/sync/condvar.ts';
import { Mutex } from '../../reference/sync/mutex.ts';
import { LazyLock, Once, OnceLock } from '../../reference/sync/once.ts';
import { RwLock } from '../../reference/sync/rwlock.ts';
import { iterationStep, ReceiverCalls, referenceChannel, SenderCalls } from '../reference/index.ts';
import { CondvarCalls, forceFailure, inner, locked, MutexCalls, referenceGuard, RwLockCalls, SPURIOUS, SYNC_CAPABILITIES, timedLocked } from '../reference/sync.ts';

// The calls that never wait are the `reference` adapter's (…Calls); what follows are the waiting ones.

// ---- channels -----------------------------------------------------------------------------

class SenderHandle extends SenderCalls implements AsyncSender {
  send(value: Value): Promise<Outcome> {
    return this.tx.sendAsync(value);
  }
}

class ReceiverHandle extends ReceiverCalls implements AsyncReceiver {
  recv(): Promise<Outcome> {
    return this.rx.recvAsync();
  }
  recvTimeout(signal: AbortSignal): Promise<Outcome> {
    return this.rx.recvTimeoutAsync(Infinity, { signal });
  }
  iter(): { next(): Promise<Outcome> } {
    return { next: async () => iterationStep(await this.rx.recvAsync()) };
  }
}

function create(params: ChannelParams): { sender: SenderHandle; receiver: ReceiverHandle } {
  const [tx, rx] = referenceChannel(params);
  return { sender: new SenderHandle(tx), receiver: new ReceiverHandle(rx) };
}

// ---- Mutex, RwLock, Condvar -------------------------------------------------------------------

class MutexHandle extends MutexCalls implements AsyncMutex {
  async lock(): Promise<Locked<AsyncMutexGuard>> {
    return locked(await this.mutex.lockAsync());
  }
  async getMut(): Promise<Outcome> {
    return inner(await this.mutex.getMutAsync());
  }
  async intoInner(): Promise<Outcome> {
    return inner(await this.mutex.intoInnerAsync());
  }
}

class RwLockHandle extends RwLockCalls implements AsyncRwLock {
  async read(): Promise<Locked<AsyncReadGuard>> {
    return locked(await this.lock.readAsync());
  }
  async write(): Promise<Locked<AsyncWriteGuard>> {
    return locked(await this.lock.writeAsync());
  }
  async getMut(): Promise<Outcome> {
    return inner(await this.lock.getMutAsync());
  }
  async intoInner(): Promise<Outcome> {
    return inner(await this.lock.intoInnerAsync());
  }
}

class CondvarHandle extends CondvarCalls implements AsyncCondvar {
  async wait(guard: AsyncMutexGuard): Promise<Locked<AsyncMutexGuard>> {
    return locked(await this.condvar.waitAsync(referenceGuard(guard)));
  }
  async waitTimeout(guard: AsyncMutexGuard, signal: AbortSignal): Promise<Locked<AsyncMutexGuard>> {
    return timedLocked(await this.condvar.waitTimeoutAsync(referenceGuard(guard), Infinity, { signal }));
  }
  async waitWhile(guard: AsyncMutexGuard, condition: WaitCondition): Promise<Locked<AsyncMutexGuard>> {
    return locked(await this.condvar.waitWhileAsync(referenceGuard(guard), condition));
  }
  async waitTimeoutWhile(guard: AsyncMutexGuard, signal: AbortSignal, _timeoutMs: number, condition: WaitCondition): Promise<Locked<AsyncMutexGuard>> {
    return timedLocked(await this.condvar.waitTimeoutWhileAsync(referenceGuard(guard), Infinity, condition, { signal }));
  }
}

// ---- Barrier, Once, OnceLock, LazyLock ----------------------------------------------------------

class BarrierHandle implements AsyncBarrier {
  constructor(readonly barrier: Barrier) {}
  async wait(): Promise<Outcome> {
    return { kind: (await this.barrier.waitAsync()).kind };
  }
}

/** An initializing call: its outcome, or `Panicked` when the executor's closure panicked through it. */
async function initializing(call: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await call();
  } catch (e) {
    if (isInitializerPanic(e)) return { kind: 'Panicked' };
    throw e;
  }
}

class OnceHandle implements AsyncOnce {
  constructor(readonly once: Once) {}
  callOnce(f: Initializer<void>): Promise<Outcome> {
    // `Ran` (this call's closure completed) is `Ok` here: the executor knows its closure completed.
    return initializing(async () => ((await this.once.callOnceAsync(f)).kind === 'Poisoned' ? { kind: 'Poisoned' } : { kind: 'Ok' }));
  }
  callOnceForce(f: (state: OnceState) => void | Promise<void>): Promise<Outcome> {
    return initializing(async () => {
      await this.once.callOnceForceAsync((state) => f({ isPoisoned: state.isPoisoned() }));
      return { kind: 'Ok' };
    });
  }
  isCompleted(): boolean {
    return this.once.isCompleted();
  }
  async wait(): Promise<Outcome> {
    return { kind: (await this.once.waitAsync()).kind };
  }
  async waitForce(): Promise<Outcome> {
    return { kind: (await this.once.waitForceAsync()).kind };
  }
}

class OnceLockHandle implements AsyncOnceLock {
  constructor(readonly cell: OnceLock<Value>) {}
  get(): Outcome {
    return this.cell.get();
  }
  getOrInit(init: Initializer<Value>): Promise<Outcome> {
    return initializing(async () => ({ kind: 'Ok', value: await this.cell.getOrInitAsync(init) }));
  }
  set(value: Value): Promise<Outcome> {
    return this.cell.setAsync(value);
  }
  async wait(): Promise<Outcome> {
    return { kind: 'Ok', value: await this.cell.waitAsync() };
  }
  take(): Promise<Outcome> {
    return this.cell.takeAsync();
  }
}

class LazyLockHandle implements AsyncLazyLock {
  constructor(readonly lazy: LazyLock<Value>) {}
  async force(): Promise<Outcome> {
    try {
      return { kind: 'Ok', value: await this.lazy.forceAsync() };
    } catch (e) {
      return forceFailure(e);
    }
  }
  get(): Outcome {
    return this.lazy.get();
  }
}

const adapter: Adapter = {
  name: 'reference-async',
  library: { name: 'syncspec/reference (promise API)', version: '0.1.0' },
  executor: 'async',
  capabilities: [
    'unbounded', 'bounded', 'rendezvous', 'send', 'try_send', 'recv', 'try_recv', 'recv_timeout', 'clone', 'disconnect', 'iter', 'try_iter', 'mpmc', 'select',
    ...SYNC_CAPABILITIES.filter((c) => c !== 'condvar:spurious'),
  ],
  notes:
    "syncspec's reference implementation through its promise API (sendAsync, recvAsync, lockAsync, waitAsync, ...): every actor is a task of the main thread, waiting in the reference's reactor (Atomics.waitAsync). " +
    'Timed operations end when the executor\'s signal aborts (`{ signal }`, virtual time); initializers that take time are awaited; a re-lock by the holder waits (blocks); ' +
    'condvars inject the reference\'s own spurious wakeups (25 %, fixed seed); the executor\'s spurious signal is not honoured.',
  channel: {
    create,
    async select(receivers) {
      const s = await selectAsync(receivers.map((r) => (r as ReceiverHandle).rx));
      return { index: s.index, outcome: s.outcome };
    },
  },
  mutex: { create: (value) => new MutexHandle(new Mutex<Value>(value)) },
  rwlock: { create: (value) => new RwLockHandle(new RwLock<Value>(value)) },
  condvar: { create: () => new CondvarHandle(new Condvar({ spurious: SPURIOUS })) },
  barrier: { create: (n) => new BarrierHandle(new Barrier(n, { onDeath: 'ignore' })) },
  once: { create: () => new OnceHandle(new Once()) },
  onceLock: { create: () => new OnceLockHandle(new OnceLock<Value>()) },
  lazyLock: { create: (init) => new LazyLockHandle(new LazyLock<Value>(init)) },
  // Operations still blocked when a run ends would hold pooled wait records (shared
  // memory, 4,096 per process) for ever: the reactor lets them go.
  endRun() {
    abandonPendingAsync();
  },
};

export default adapter;

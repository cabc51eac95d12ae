// The bundled adapter `reference`: syncspec's own implementation (reference/), run on
// worker threads. Its shared-memory steps go through schedule points, so it runs under
// both threads executors: stress (real parallelism) and controlled (schedules chosen,
// shrunk and replayed by the engine).
//
// The mapping is direct: the reference's results already are the spec's outcomes, and
// handles travel between workers with their own transfer()/fromDescriptor: a channel
// handle moves; a Mutex, RwLock, Condvar, Barrier, Once, OnceLock or LazyLock is shared,
// as through an Arc (sync.ts maps those onto the adapter API).
import type { Worker } from 'node:worker_threads';
import type { Adapter, AsyncReceiver, AsyncSender, ChannelParams, Outcome, Value } from '../../conformance/adapter/types.ts';
import { bounded, channel, fromDescriptor, select, syncChannel, trackWorker, unbounded, type HandleDescriptor, type Receiver, type Sender } from '../../reference/index.ts';
import { currentThread } from '../../reference/runtime/thread.ts';
import { installScheduleHooks } from '../../reference/schedule/hooks.ts';
import { adoptSync, barrier, condvar, isSyncRole, lazyLock, mutex, once, onceLock, rwlock, SYNC_CAPABILITIES, transferSync } from './sync.ts';

/**
 * A Sender's calls that never wait: the same on both adapters of the reference (this one,
 * blocking in workers, and `reference-async`, the promise API), which add `send`.
 */
export abstract class SenderCalls {
  constructor(readonly tx: Sender<Value>) {}
  trySend(value: Value): Outcome {
    return this.tx.trySend(value);
  }
  /** A handle of the same adapter's kind. */
  clone(): this {
    return new (this.constructor as new (tx: Sender<Value>) => this)(this.tx.clone());
  }
  drop(): void {
    this.tx.drop();
  }
}

/** A Receiver's calls that never wait (see SenderCalls); the adapters add `recv`, `recvTimeout` and `iter`. */
export abstract class ReceiverCalls {
  constructor(readonly rx: Receiver<Value>) {}
  tryRecv(): Outcome {
    return this.rx.tryRecv();
  }
  /** A handle of the same adapter's kind. */
  clone(): this {
    return new (this.constructor as new (rx: Receiver<Value>) => this)(this.rx.clone());
  }
  drop(): void {
    this.rx.drop();
  }
  tryIter(): { next(): Outcome } {
    return { next: () => iterationStep(this.rx.tryRecv()) };
  }
}

class SenderHandle extends SenderCalls implements AsyncSender {
  send(value: Value): Outcome {
    return this.tx.send(value);
  }
}

class ReceiverHandle extends ReceiverCalls implements AsyncReceiver {
  recv(): Outcome {
    return this.rx.recv();
  }
  recvTimeout(_signal: AbortSignal, timeoutMs: number): Outcome {
    // Blocking, with the reference's own deadline (in a controlled run the coordinator decides when it fires).
    return this.rx.recvTimeout(timeoutMs);
  }
  iter(): { next(): Outcome } {
    return { next: () => iterationStep(this.rx.recv()) };
  }
}

/**
 * One step of Rust's iterators over a receiver, from the receive it made: `Some(v)` or
 * `None`. They are not fused: after `None` from `try_iter`, a later value is still yielded.
 */
export function iterationStep(r: Outcome): Outcome {
  return r.kind === 'Ok' ? { kind: 'Some', value: r.value ?? null } : { kind: 'None' };
}

/** The reference's channel for a scenario's declaration: std's or the mpmc profile's constructor. */
export function referenceChannel(params: ChannelParams): [Sender<Value>, Receiver<Value>] {
  const mpmc = params.profile === 'mpmc';
  const capacity = params.capacity ?? 0;
  if (params.flavor === 'unbounded') return mpmc ? unbounded<Value>() : channel<Value>();
  return mpmc ? bounded<Value>(capacity) : syncChannel<Value>(capacity);
}

function create(params: ChannelParams): { sender: SenderHandle; receiver: ReceiverHandle } {
  const [tx, rx] = referenceChannel(params);
  return { sender: new SenderHandle(tx), receiver: new ReceiverHandle(rx) };
}

const adapter: Adapter = {
  name: 'reference',
  library: { name: 'syncspec/reference', version: '0.1.0' },
  executor: 'threads',
  capabilities: ['unbounded', 'bounded', 'rendezvous', 'send', 'try_send', 'recv', 'try_recv', 'recv_timeout', 'clone', 'disconnect', 'iter', 'try_iter', 'mpmc', 'select', ...SYNC_CAPABILITIES],
  notes:
    'syncspec\'s reference implementation on SharedArrayBuffer + Atomics; every operation blocks for real in a worker thread. ' +
    'Sync primitives (sync.ts): a blocking re-lock by the holder is the reference\'s panic (Panicked); an initializer that returns a promise hangs (the thread parks for ever); ' +
    'a LazyLock\'s init closure reaches other threads as what it does (its value, a panic or a hang: the closure is called once to find out); ' +
    'condvars inject spurious wakeups (25 %, fixed seed under controlled runs); barriers ignore dead threads, as Rust\'s.',
  channel: {
    create,
    select(receivers) {
      const s = select(receivers.map((r) => (r as ReceiverHandle).rx));
      return { index: s.index, outcome: s.outcome };
    },
  },
  // Mutex, RwLock, Condvar, Barrier, Once, OnceLock, LazyLock: reference/sync (sync.ts).
  mutex,
  rwlock,
  condvar,
  barrier,
  once,
  onceLock,
  lazyLock,
  threads: {
    module: import.meta.url,
    transfer(handle, role, mode) {
      // The sync primitives are shared, as through an Arc; channel handles move.
      if (isSyncRole(role)) return transferSync(handle, role, mode);
      if (mode === 'share') throw new Error(`a ${role} handle is moved between threads, never shared`);
      if (handle instanceof SenderHandle) return handle.tx.transfer();
      if (handle instanceof ReceiverHandle) return handle.rx.transfer();
      throw new Error(`cannot transfer a ${role} handle`);
    },
    adopt(descriptor, role) {
      if (isSyncRole(role)) return adoptSync(descriptor, role);
      const h = fromDescriptor<Value>(descriptor as HandleDescriptor);
      return role === 'sender' ? new SenderHandle(h as Sender<Value>) : new ReceiverHandle(h as Receiver<Value>);
    },
    // A thread joins the reference's registry at its first use of the reference, through schedule points: join before
    // the schedule starts (a handle moved here is adopted within it), so a fresh worker runs a schedule as a reused one does.
    scheduleHooks(hooks) {
      if (hooks !== null) currentThread();
      installScheduleHooks(hooks);
    },
    watchWorker(worker: Worker) {
      trackWorker(worker);
    },
  },
};

export default adapter;

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
import { installScheduleHooks } from '../../reference/schedule/hooks.ts';
import { adoptSync, barrier, condvar, isSyncRole, lazyLock, mutex, once, onceLock, rwlock, SYNC_CAPABILITIES, transferSync } from './sync.ts';

/** A Sender as the adapter API has it. */
class SenderHandle implements AsyncSender {
  constructor(readonly tx: Sender<Value>) {}
  send(value: Value): Outcome {
    return this.tx.send(value);
  }
  trySend(value: Value): Outcome {
    return this.tx.trySend(value);
  }
  clone(): SenderHandle {
    return new SenderHandle(this.tx.clone());
  }
  drop(): void {
    this.tx.drop();
  }
}

class ReceiverHandle implements AsyncReceiver {
  constructor(readonly rx: Receiver<Value>) {}
  recv(): Outcome {
    return this.rx.recv();
  }
  tryRecv(): Outcome {
    return this.rx.tryRecv();
  }
  recvTimeout(_signal: AbortSignal, timeoutMs: number): Outcome {
    // Blocking, with the reference's own deadline (in a controlled run the coordinator decides when it fires).
    return this.rx.recvTimeout(timeoutMs);
  }
  clone(): ReceiverHandle {
    return new ReceiverHandle(this.rx.clone());
  }
  drop(): void {
    this.rx.drop();
  }
  iter(): { next(): Outcome } {
    return iterator(() => this.rx.recv());
  }
  tryIter(): { next(): Outcome } {
    return iterator(() => this.rx.tryRecv());
  }
}

/**
 * Rust's iterators over a receiver: each `next()` is one receive, `Some(v)` or `None`. They
 * are not fused: after `None` from `try_iter`, a later value is still yielded.
 */
function iterator(receive: () => Outcome): { next(): Outcome } {
  return {
    next(): Outcome {
      const r = receive();
      return r.kind === 'Ok' ? { kind: 'Some', value: r.value ?? null } : { kind: 'None' };
    },
  };
}

function create(params: ChannelParams): { sender: SenderHandle; receiver: ReceiverHandle } {
  const mpmc = params.profile === 'mpmc';
  const [tx, rx] =
    params.flavor === 'unbounded'
      ? mpmc
        ? unbounded<Value>()
        : channel<Value>()
      : mpmc
        ? bounded<Value>(params.capacity ?? 0)
        : syncChannel<Value>(params.capacity ?? 0);
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
    scheduleHooks: installScheduleHooks,
    watchWorker(worker: Worker) {
      trackWorker(worker);
    },
  },
};

export default adapter;

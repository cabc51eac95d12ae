// The bundled adapter `effect`: Effect v4's `Queue` as a channel, `Semaphore` with one
// permit as a Mutex<T> (the value kept beside it), `Deferred` as a OnceLock<T>.
//
// Every effect runs on `new Scheduler.MixedScheduler('sync')`, the library's own
// scheduler that dispatches fibers on microtasks (the default dispatches through
// setImmediate): between two scheduled events the async executor settles microtasks
// and three setImmediate turns, and a fiber resumed through a chain of setImmediate
// dispatches could still be pending then, making a run depend on more than its schedule.
import { Cause, Deferred, Effect, Exit, Queue, Scheduler, Semaphore } from 'effect';
import type { Adapter, AsyncMutex, AsyncOnceLock, ChannelParams, Initializer, Locked, Outcome, Value } from '../../conformance/adapter/types.ts';
import { isInitializerPanic } from '../../conformance/adapter/types.ts';
import { countedPair, DISCONNECTED, disconnected, EMPTY, full, OK, ok, TIMEOUT, type ChannelCore } from '../common/channel-handles.ts';
import { locked, WOULD_BLOCK, type Cell, type CellGuard } from '../common/lock-guards.ts';
import { expectations } from './expectations.ts';

const scheduler = new Scheduler.MixedScheduler('sync');

/** Runs an effect to its Exit on the microtask scheduler; `signal` interrupts its fiber (Effect's own interruption). */
function run<A, E>(effect: Effect.Effect<A, E>, signal?: AbortSignal): Promise<Exit.Exit<A, E>> {
  return Effect.runPromiseExit(effect, signal === undefined ? { scheduler } : { scheduler, signal });
}

type Q = Queue.Queue<Value, Cause.Done>;

/** A take's Exit: a value, the queue's end (`Done`: every sender gone) or, for a timed receive, interruption. */
function fromTake(exit: Exit.Exit<Value, Cause.Done>): Outcome {
  if (Exit.isSuccess(exit)) return ok(exit.value);
  if (Cause.hasInterrupts(exit.cause)) return TIMEOUT;
  return DISCONNECTED;
}

class QueueCore implements ChannelCore {
  constructor(readonly queue: Q) {}

  async send(value: Value): Promise<Outcome> {
    // offer: true once the queue took the value (a bounded queue suspends while full; a
    // zero-capacity one until a taker takes it), false when the queue is done.
    const exit = await run(Queue.offer(this.queue, value));
    return Exit.isSuccess(exit) && exit.value ? OK : disconnected(value);
  }

  trySend(value: Value): Outcome {
    // offerUnsafe: the non-waiting offer on the same queue (false when full or done).
    if (Queue.offerUnsafe(this.queue, value)) return OK;
    return this.queue.state._tag === 'Open' ? full(value) : disconnected(value);
  }

  async recv(): Promise<Outcome> {
    return fromTake(await run(Queue.take(this.queue)));
  }

  tryRecv(): Outcome {
    // takeUnsafe: an Exit for a value or the queue's end, undefined when empty. (poll
    // answers none for both an empty and an ended queue.)
    const exit = Queue.takeUnsafe(this.queue);
    return exit === undefined ? EMPTY : fromTake(exit);
  }

  async recvTimeout(signal: AbortSignal): Promise<Outcome> {
    // The timeout interrupts the taking fiber; a take that completed is kept (v4 delivers
    // a dequeued value in the same fiber step as the take).
    const exit = await run(Queue.take(this.queue), signal);
    if (Exit.isSuccess(exit) || !Cause.hasInterrupts(exit.cause)) return fromTake(exit);
    // Interrupted before its fiber ran again: a value (or the queue's end) that came while it
    // waited is still there, and Rust's receive looks once more before it says Timeout.
    const late = Queue.takeUnsafe(this.queue);
    return late === undefined ? TIMEOUT : fromTake(late);
  }

  sendersGone(): void {
    // end: no more offers; buffered values can still be taken, then takes fail with Done.
    Queue.endUnsafe(this.queue);
  }

  receiversGone(): void {
    // shutdown: buffered values are discarded, pending offers resume with false.
    Queue.shutdownUnsafe(this.queue);
  }
}

class SemaphoreMutex implements AsyncMutex {
  private readonly semaphore = Semaphore.makeUnsafe(1);
  private readonly cell: Cell;

  constructor(value: Value) {
    this.cell = { value };
  }

  private release = (): void => {
    Effect.runSync(this.semaphore.release(1));
  };

  async lock(): Promise<Locked<CellGuard>> {
    const exit = await run(this.semaphore.take(1));
    if (!Exit.isSuccess(exit)) throw new Error(`Semaphore.take(1) failed: ${String(exit.cause)}`);
    return locked(this.cell, this.release);
  }

  tryLock(): Locked<CellGuard> {
    return Effect.runSync(this.semaphore.takeIfAvailable(1)) ? locked(this.cell, this.release) : WOULD_BLOCK;
  }
}

/** An initializer as an Effect: its value, a panic as a defect, a promise awaited. */
function initEffect(init: Initializer<Value>): Effect.Effect<Value> {
  return Effect.suspend(() => {
    const v = init();
    return v instanceof Promise ? Effect.promise(() => v) : Effect.succeed(v);
  });
}

class DeferredOnceLock implements AsyncOnceLock {
  private readonly deferred = Deferred.makeUnsafe<Value>();

  get(): Outcome {
    if (!Deferred.isDoneUnsafe(this.deferred)) return { kind: 'None' };
    // Only ever completed with a value (Deferred.succeed): await answers at once.
    return { kind: 'Some', value: Effect.runSync(Deferred.await(this.deferred)) };
  }

  async getOrInit(init: Initializer<Value>): Promise<Outcome> {
    // A Deferred has no once-initialization: the caller runs its initializer (unless the
    // Deferred is done already) and completes it with Deferred.succeed; whoever completes
    // it first wins and every caller returns Deferred.await's value. A panicking
    // initializer fails the caller's fiber and leaves the Deferred open.
    // (Deferred.complete(d, init) would store the panic in d as a defect for ever, which
    // no OnceLock operation can report: wait would fail, where Rust's keeps waiting.)
    const effect = Effect.suspend(() =>
      Deferred.isDoneUnsafe(this.deferred) ? Deferred.await(this.deferred) : Effect.flatMap(initEffect(init), (v) => Effect.flatMap(Deferred.succeed(this.deferred, v), () => Deferred.await(this.deferred))),
    );
    const exit = await run(effect);
    if (Exit.isSuccess(exit)) return ok(exit.value);
    const panic = exit.cause.reasons.some((r) => r._tag === 'Die' && isInitializerPanic(r.defect));
    if (panic) return { kind: 'Panicked' };
    throw new Error(`get_or_init failed: ${String(exit.cause)}`);
  }

  set(value: Value): Outcome {
    return Effect.runSync(Deferred.succeed(this.deferred, value)) ? OK : { kind: 'Err', value };
  }

  async wait(): Promise<Outcome> {
    return ok(await Effect.runPromise(Deferred.await(this.deferred), { scheduler }));
  }
}

const CAPABILITIES = [
  'unbounded',
  'bounded',
  'rendezvous',
  'send',
  'try_send',
  'recv',
  'try_recv',
  'recv_timeout',
  'clone',
  'disconnect',
  'iter',
  'try_iter',
  'mpmc',
  'mutex',
  'mutex:try_lock',
  'oncelock',
  'oncelock_wait',
  'oncelock_panic',
];

const adapter: Adapter = {
  name: 'effect',
  library: { name: 'effect', version: '4.1.0', url: 'https://github.com/Effect-TS/effect-smol' },
  executor: 'async',
  capabilities: CAPABILITIES,
  notes:
    'Every effect runs with Effect.runPromiseExit on new Scheduler.MixedScheduler("sync") (fibers dispatched on microtasks, the library\'s own option; the default dispatches through setImmediate). ' +
    'Channels: channel() is Queue.unbounded(), sync_channel(n) Queue.bounded(n) (the "suspend" strategy: a full queue suspends the offer), sync_channel(0) Queue.bounded(0) (an offer completes only when a taker takes it). ' +
    'send is Queue.offer (true: Ok, false: Disconnected(v)); try_send is Queue.offerUnsafe, the non-waiting offer on the same queue (false: Full(v) while the queue is open, else Disconnected(v)) — a Queue.dropping queue would make every send non-waiting, so it is not used; ' +
    'recv is Queue.take (a failure with Cause.Done: Disconnected); try_recv is Queue.takeUnsafe (undefined: Empty; Queue.poll cannot tell an empty queue from an ended one); recv_timeout is Queue.take run with the timeout\'s AbortSignal, which interrupts the taking fiber (an interrupted take: Timeout). ' +
    'The adapter counts handles (clone/drop): the last sender dropped calls Queue.end (buffered values still drain, then Done), the last receiver dropped Queue.shutdown (buffered values discarded, pending offers resume with false). Receivers clone (mpmc: several takers on one queue). No select: racing takes would lose the value a losing take already dequeued. ' +
    'Mutex::new(v) is Semaphore.makeUnsafe(1) plus a cell for v kept by the adapter: lock is take(1), the guard\'s drop release(1), try_lock takeIfAvailable(1). No poisoning (the library has none). ' +
    'OnceLock is a Deferred: get is isDoneUnsafe + await; set is Deferred.succeed (false: Err(v)); wait is Deferred.await; get_or_init runs the initializer in the caller\'s fiber unless d is done, then Deferred.succeed and Deferred.await (the first to complete d wins; every caller gets d\'s value): a Deferred has no once-initialization, so callers arriving during an initialization run their own instead of waiting. A panicking initializer fails only its caller (Panicked) and leaves d open. Deferred.complete(d, init) is not used: it would keep a panic in d as a defect for ever, which no OnceLock operation can report. No take (a Deferred cannot be emptied).',
  expectations,
  channel: {
    create(params: ChannelParams) {
      const queue = Effect.runSync(params.flavor === 'unbounded' ? Queue.unbounded<Value, Cause.Done>() : Queue.bounded<Value, Cause.Done>(params.capacity ?? 0));
      return countedPair(new QueueCore(queue), params);
    },
  },
  mutex: { create: (value) => new SemaphoreMutex(value) },
  onceLock: { create: () => new DeferredOnceLock() },
};

export default adapter;

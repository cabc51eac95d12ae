// The bundled adapter `effect-v3`: Effect v3's `Queue` (installed side by side as
// `effect-v3`, npm:effect@3.22.4) as a channel.
//
// Every effect runs in its own fiber (Effect.runFork) on a scheduler made with the
// library's Scheduler.makeBatched that runs tasks on microtasks and never yields:
// v3's default scheduler falls back to a real setTimeout(0) after 2048 tasks, which
// would make a run depend on more than its schedule.
import { Effect, Exit, Fiber, FiberId, Option, Queue, Scheduler } from 'effect-v3';
import type { Adapter, ChannelParams, Outcome, Value } from '../../conformance/adapter/types.ts';
import { countedPair, DISCONNECTED, disconnected, EMPTY, full, OK, ok, recvPastDeadline, TIMEOUT, type ChannelCore } from '../common/channel-handles.ts';
import { expectations } from './expectations.ts';

const scheduler = Scheduler.makeBatched((runBatch) => queueMicrotask(runBatch), () => false);

function fork<A, E>(effect: Effect.Effect<A, E>): Fiber.RuntimeFiber<A, E> {
  return Effect.runFork(effect, { scheduler });
}

function exitOf<A, E>(fiber: Fiber.RuntimeFiber<A, E>): Promise<Exit.Exit<A, E>> {
  return new Promise((resolve) => fiber.addObserver(resolve));
}

class QueueCore implements ChannelCore {
  constructor(readonly queue: Queue.Queue<Value>) {}

  async send(value: Value): Promise<Outcome> {
    // offer: true once the queue took the value (a bounded queue's backpressure suspends
    // it while full); a shut-down queue interrupts it.
    const exit = await exitOf(fork(Queue.offer(this.queue, value)));
    return Exit.isSuccess(exit) && exit.value ? OK : disconnected(value);
  }

  trySend(value: Value): Outcome {
    // unsafeOffer: the non-waiting offer on the same queue (false when full or shut down).
    if (this.queue.unsafeOffer(value)) return OK;
    return Effect.runSync(Queue.isShutdown(this.queue)) ? disconnected(value) : full(value);
  }

  async recv(): Promise<Outcome> {
    // take: a value, or interrupted by shutdown.
    const exit = await exitOf(fork(Queue.take(this.queue)));
    return Exit.isSuccess(exit) ? ok(exit.value) : DISCONNECTED;
  }

  tryRecv(): Outcome {
    // poll: Some(v) or None; on a shut-down queue it is interrupted.
    const exit = Effect.runSyncExit(Queue.poll(this.queue));
    if (Exit.isFailure(exit)) return DISCONNECTED;
    return Option.isSome(exit.value) ? ok(exit.value.value) : EMPTY;
  }

  async recvTimeout(signal: AbortSignal): Promise<Outcome> {
    // Interrupting a fiber forked to take would interrupt it before it looked.
    if (signal.aborted) return recvPastDeadline(() => this.tryRecv());
    // The timeout interrupts the taking fiber (Fiber.interrupt, Effect's own interruption).
    const fiber = fork(Queue.take(this.queue));
    const onAbort = () => fiber.unsafeInterruptAsFork(FiberId.none);
    signal.addEventListener('abort', onAbort, { once: true });
    const exit = await exitOf(fiber);
    signal.removeEventListener('abort', onAbort);
    if (Exit.isSuccess(exit)) return ok(exit.value);
    // Interrupted: by the timeout, or by a shutdown (every sender gone) while it waited.
    return Effect.runSync(Queue.isShutdown(this.queue)) ? DISCONNECTED : TIMEOUT;
  }

  sendersGone(): void {
    // v3's Queue has no end-of-stream: shutdown is its one close (buffered values are discarded).
    Effect.runSync(Queue.shutdown(this.queue));
  }

  receiversGone(): void {
    Effect.runSync(Queue.shutdown(this.queue));
  }
}

const adapter: Adapter = {
  name: 'effect-v3',
  library: { name: 'effect', version: '3.22.4', url: 'https://github.com/Effect-TS/effect' },
  executor: 'async',
  capabilities: ['unbounded', 'bounded', 'rendezvous', 'send', 'try_send', 'recv', 'try_recv', 'recv_timeout', 'clone', 'disconnect', 'iter', 'try_iter', 'mpmc'],
  notes:
    'Effect v3 (installed as effect-v3, npm:effect@3.22.4). Each operation runs in its own fiber (Effect.runFork) on a scheduler built with Scheduler.makeBatched that runs on microtasks and never yields (the default one falls back to a real setTimeout(0) after 2048 tasks). ' +
    'channel() is Queue.unbounded(), sync_channel(n) Queue.bounded(n) (backpressure: a full queue suspends the offer), sync_channel(0) Queue.bounded(0). send is Queue.offer (interrupted: Disconnected(v)); try_send is queue.unsafeOffer, the non-waiting offer on the same queue (false: Disconnected(v) if shut down, else Full(v)); ' +
    'recv is Queue.take (interrupted by shutdown: Disconnected); try_recv is Queue.poll (None: Empty; interrupted: Disconnected); recv_timeout is Queue.take in a fiber that the timeout interrupts (fiber.unsafeInterruptAsFork; interrupted while the queue is open: Timeout). ' +
    'v3\'s Queue has no end-of-stream, only shutdown (buffered values discarded, every waiting offer and take interrupted): the adapter counts handles (clone/drop) and calls Queue.shutdown when the last sender or the last receiver is dropped. Receivers clone (mpmc). No select (racing takes would lose the value a losing take already dequeued).',
  expectations,
  channel: {
    create(params: ChannelParams) {
      const queue = Effect.runSync(params.flavor === 'unbounded' ? Queue.unbounded<Value>() : Queue.bounded<Value>(params.capacity ?? 0));
      return countedPair(new QueueCore(queue), params);
    },
  },
};

export default adapter;

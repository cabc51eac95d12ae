// A small, correct, promise-based channel: unbounded, bounded and rendezvous flavours,
// mpsc and mpmc profiles, select over several receivers, recv_timeout cancelled through
// an AbortSignal, sender and receiver counting, values handed back on failure. It exists
// to test the conformance engine itself: the engine must pass it on every rule, and must
// catch each of the one-bug variants in buggy-channels.ts, which override one of the
// `protected` steps below.
import type { ChannelParams, Outcome, Value } from '../adapter/types.ts';

/** What a receive found without waiting. */
export type Taken = { readonly kind: 'value'; readonly value: Value } | { readonly kind: 'disconnected' } | { readonly kind: 'empty' };

interface BlockedSend {
  readonly value: Value;
  settle(outcome: Outcome): void;
}

/**
 * A receive waiting on one channel (recv, recv_timeout, an iterator's next) or several
 * (select). It is queued on each of its channels and finishes once: with a value, a
 * disconnection, or by giving up.
 */
export class Waiter {
  private waiting = true;

  constructor(
    private readonly channels: readonly PromiseChannel[],
    private readonly onDone: (index: number, got: Taken) => void,
  ) {
    for (const channel of channels) channel.enqueue(this);
  }

  deliver(from: PromiseChannel, value: Value): void {
    this.finish(from, { kind: 'value', value });
  }

  disconnected(from: PromiseChannel): void {
    this.finish(from, { kind: 'disconnected' });
  }

  /**
   * Stops waiting (a timeout). Returns false if it had already finished. `unregister`
   * takes it off its channels' queues; only a buggy channel leaves it there.
   */
  giveUp(unregister = true): boolean {
    if (!this.waiting) return false;
    this.waiting = false;
    if (unregister) for (const channel of this.channels) channel.dequeue(this);
    return true;
  }

  private finish(from: PromiseChannel, got: Taken): void {
    // Anything handed to a waiter that stopped waiting is lost: a correct channel never does it.
    if (!this.waiting) return;
    this.waiting = false;
    for (const channel of this.channels) channel.dequeue(this);
    this.onDone(this.channels.indexOf(from), got);
  }
}

export class PromiseChannel {
  senders = 1;
  receivers = 1;
  protected readonly buffer: Value[] = [];
  protected readonly blockedSenders: BlockedSend[] = [];
  protected readonly waiters: Waiter[] = [];

  constructor(readonly params: ChannelParams) {}

  /** How many values the buffer may hold: no bound, n, or none for a rendezvous. */
  protected capacity(): number {
    return this.params.capacity ?? Infinity;
  }

  send(value: Value): Outcome | Promise<Outcome> {
    const placed = this.offer(value);
    if (placed === 'ok') return { kind: 'Ok' };
    if (placed === 'disconnected') return { kind: 'Disconnected', value };
    return new Promise((resolve) => this.blockedSenders.push({ value, settle: resolve }));
  }

  trySend(value: Value): Outcome {
    const placed = this.offer(value);
    if (placed === 'ok') return { kind: 'Ok' };
    return { kind: placed === 'full' ? 'Full' : 'Disconnected', value };
  }

  /** Places a value without waiting: into a waiting receive first (on a rendezvous channel that is the only place), else the buffer. */
  protected offer(value: Value): 'ok' | 'full' | 'disconnected' {
    if (this.receivers === 0) return 'disconnected';
    const waiter = this.waiters.shift();
    if (waiter !== undefined) {
      waiter.deliver(this, value);
      return 'ok';
    }
    if (this.buffer.length < this.capacity()) {
      this.store(value);
      return 'ok';
    }
    return 'full';
  }

  /** Where an offer puts its value once it goes into the buffer (a receiver lives, none waits, there is room). */
  protected store(value: Value): void {
    this.buffer.push(value);
  }

  /** A receive that does not wait: the oldest buffered value, else a blocked rendezvous sender's, else disconnection or nothing. */
  take(): Taken {
    if (this.buffer.length > 0) {
      const value = this.buffer.shift()!;
      this.admitBlockedSender();
      return { kind: 'value', value };
    }
    const sender = this.blockedSenders.shift();
    if (sender !== undefined) {
      sender.settle({ kind: 'Ok' });
      return { kind: 'value', value: sender.value };
    }
    return this.senders === 0 ? { kind: 'disconnected' } : { kind: 'empty' };
  }

  /** A slot was freed: the first sender waiting on the full buffer stores its value and returns. */
  protected admitBlockedSender(): void {
    const sender = this.blockedSenders.shift();
    if (sender === undefined) return;
    this.buffer.push(sender.value);
    sender.settle({ kind: 'Ok' });
  }

  recv(): Outcome | Promise<Outcome> {
    const got = this.take();
    if (got.kind !== 'empty') return recvOutcome(got);
    return new Promise((resolve) => new Waiter([this], (_, later) => resolve(recvOutcome(later))));
  }

  tryRecv(): Outcome {
    const got = this.take();
    return got.kind === 'empty' ? { kind: 'Empty' } : recvOutcome(got);
  }

  recvTimeout(signal: AbortSignal): Outcome | Promise<Outcome> {
    const got = this.take();
    if (got.kind !== 'empty') return recvOutcome(got);
    if (signal.aborted) return { kind: 'Timeout' };
    return this.waitTimed(signal);
  }

  /** Waits as a timed receive does: for a value or the disconnection, or Timeout once `signal` aborts. */
  protected waitTimed(signal: AbortSignal): Promise<Outcome> {
    return new Promise((resolve) => {
      const onAbort = () => {
        if (this.giveUp(waiter)) resolve({ kind: 'Timeout' });
      };
      const waiter = this.timedWaiter((_, later) => {
        signal.removeEventListener('abort', onAbort);
        resolve(recvOutcome(later));
      });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The waiter of a timed receive, queued on this channel. */
  protected timedWaiter(onDone: (index: number, got: Taken) => void): Waiter {
    return new Waiter([this], onDone);
  }

  /** A timed-out receive stops waiting, and is no longer a receiver a rendezvous try_send can meet. */
  protected giveUp(waiter: Waiter): boolean {
    return waiter.giveUp();
  }

  dropSender(): void {
    this.senders--;
    if (this.senders === 0) this.wakeReceiversOnDisconnect();
  }

  /** The last sender is gone: every waiting receive ends with Disconnected (nothing is buffered while receives wait). */
  protected wakeReceiversOnDisconnect(): void {
    for (const waiter of [...this.waiters]) waiter.disconnected(this);
  }

  dropReceiver(): void {
    this.receivers--;
    if (this.receivers > 0) return;
    // Nobody can receive any more: buffered values are destroyed, blocked senders get theirs back.
    this.buffer.length = 0;
    for (const sender of this.blockedSenders.splice(0)) sender.settle({ kind: 'Disconnected', value: sender.value });
  }

  enqueue(waiter: Waiter): void {
    this.waiters.push(waiter);
  }

  dequeue(waiter: Waiter): void {
    const i = this.waiters.indexOf(waiter);
    if (i >= 0) this.waiters.splice(i, 1);
  }
}

/**
 * Select over several channels: the first ready one (a value, or disconnected) in
 * argument order completes, otherwise one waiter waits on all of them. Which ready
 * receiver wins is unspecified; taking the first keeps runs reproducible.
 */
export function select(channels: readonly PromiseChannel[]): { index: number; outcome: Outcome } | Promise<{ index: number; outcome: Outcome }> {
  for (let index = 0; index < channels.length; index++) {
    const got = channels[index].take();
    if (got.kind !== 'empty') return { index, outcome: recvOutcome(got) };
  }
  return new Promise((resolve) => new Waiter(channels, (index, got) => resolve({ index, outcome: recvOutcome(got) })));
}

export function recvOutcome(got: Taken): Outcome {
  if (got.kind === 'value') return { kind: 'Ok', value: got.value };
  return { kind: got.kind === 'disconnected' ? 'Disconnected' : 'Empty' };
}

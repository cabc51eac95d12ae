// Channel mutants for the async executor: the testing promise channel with one bug each.
import type { Outcome, Value } from '../../adapter/types.ts';
import { recvOutcome, Waiter, type Taken } from '../../testing/promise-channel.ts';
import type { Mutant } from '../types.ts';
import { asItem, MutantBase, mutantChannelAdapter, type MutantChannelClass, type SelectFunction } from './channel-adapter.ts';

const TIMEOUT: Outcome = { kind: 'Timeout' };

// --- flavours and capacity -------------------------------------------------------

/** sync_channel(0) keeps one value: a send returns before anyone received it. */
class RendezvousBuffersOne extends MutantBase {
  protected override capacity(): number {
    return this.params.flavor === 'rendezvous' ? 1 : super.capacity();
  }
}

/** sync_channel(n) holds n + 1 values. */
class CapacityPlusOne extends MutantBase {
  protected override capacity(): number {
    return this.params.flavor === 'bounded' ? super.capacity() + 1 : super.capacity();
  }
}

/**
 * send sees room, awaits, then places its value: correct while one task calls at a time;
 * two senders in the same tick both see the one free slot (caught by bursts).
 */
class SendChecksThenAwaits extends MutantBase {
  override send(value: Value): Outcome | Promise<Outcome> {
    if (this.receivers === 0 || this.waiting.length > 0 || this.buffer.length >= this.capacity()) return super.send(value);
    return Promise.resolve().then((): Outcome => (this.offerAnyway(value) ? { kind: 'Ok' } : { kind: 'Disconnected', value }));
  }

  private offerAnyway(value: Value): boolean {
    if (this.receivers === 0) return false;
    if (this.offer(value) === 'full') this.buffer.push(value);
    return true;
  }
}

/**
 * An async receive (it always returns a promise) that takes a value from a bounded buffer
 * and frees its slot a macrotask later, its bookkeeping done after the caller has the value:
 * a try_send issued the moment that receive returns finds the channel still full (an eager
 * continuation shows it; so does a try_recv that says Empty before that receive returned,
 * then a try_send, in one stretch).
 */
class SlotFreedLate extends MutantBase {
  private freeing = 0;

  protected override capacity(): number {
    return super.capacity() - this.freeing;
  }

  override recv(): Promise<Outcome> {
    if (this.params.flavor !== 'bounded' || this.buffer.length === 0) return Promise.resolve(super.recv());
    const value = this.buffer.shift()!;
    this.freeing++;
    setImmediate(() => {
      this.freeing--;
      this.admitBlockedSender();
    });
    return Promise.resolve(recvOutcome({ kind: 'value', value }));
  }
}

/** sync_channel(n) holds n − 1 values (sync_channel(1) behaves as a rendezvous). */
class CapacityMinusOne extends MutantBase {
  protected override capacity(): number {
    return this.params.flavor === 'bounded' ? super.capacity() - 1 : super.capacity();
  }
}

/** channel() is secretly bounded: it holds two values, then sends wait. */
class UnboundedIsBounded extends MutantBase {
  protected override capacity(): number {
    return this.params.flavor === 'unbounded' ? 2 : super.capacity();
  }
}

/**
 * A receive wakes a blocked sender only if the buffer was full before it took its value,
 * and the woken sender stores its value a microtask later (as a woken thread retries): two
 * receives in one stretch wake one sender, and the other waits beside a free slot (red
 * team 17).
 */
class WakesSendersOnlyFromFull extends MutantBase {
  override take(): Taken {
    if (this.buffer.length === 0) return super.take();
    const wasFull = this.buffer.length >= this.capacity();
    const value = this.buffer.shift()!;
    if (wasFull) {
      queueMicrotask(() => {
        if (this.buffer.length < this.capacity()) this.admitBlockedSender();
      });
    }
    return { kind: 'value', value };
  }
}

// --- sending ----------------------------------------------------------------------

/** A send after the receiver is gone returns Ok and the value is silently dropped. */
class SendToNobodyOk extends MutantBase {
  protected override offer(value: Value): 'ok' | 'full' | 'disconnected' {
    return this.receivers === 0 ? 'ok' : super.offer(value);
  }
}

/** try_send on a full channel says Full even when the receiver is gone. */
class FullBeforeDisconnected extends MutantBase {
  protected override offer(value: Value): 'ok' | 'full' | 'disconnected' {
    if (this.waiting.length === 0 && this.queued.length >= this.capacity()) return 'full';
    return super.offer(value);
  }
}

/** Taking a value out of a full buffer does not let a waiting sender in (a lost wakeup). */
class ReceiveDoesNotWakeSender extends MutantBase {
  protected override admitBlockedSender(): void {}
}

/** A rendezvous try_send always says Full, even with a receiver waiting. */
class RendezvousTrySendNeverMeets extends MutantBase {
  override trySend(value: Value): Outcome {
    if (this.params.flavor === 'rendezvous' && this.receivers > 0) return { kind: 'Full', value };
    return super.trySend(value);
  }
}

/** A rendezvous try_recv does not take the value of a blocked sender: Empty. */
class TryRecvIgnoresBlockedSender extends MutantBase {
  override tryRecv(): Outcome {
    if (this.params.flavor === 'rendezvous' && this.queued.length === 0 && this.blockedSenders.length > 0) return { kind: 'Empty' };
    return super.tryRecv();
  }
}

// --- receiving ---------------------------------------------------------------------

/** recv on an empty channel reports Disconnected although a sender lives. */
class RecvEmptyIsDisconnected extends MutantBase {
  override recv(): Outcome | Promise<Outcome> {
    const got = this.take();
    if (got.kind === 'empty') return { kind: 'Disconnected' };
    return got.kind === 'value' ? { kind: 'Ok', value: got.value } : { kind: 'Disconnected' };
  }
}

/** try_recv on an empty channel with live senders waits for a value instead of returning Empty. */
class TryRecvWaits extends MutantBase {
  override tryRecv(): Outcome {
    if (this.queued.length === 0 && this.blockedSenders.length === 0 && this.senders > 0) return this.recv() as Outcome;
    return super.tryRecv();
  }
}

/** A value handed straight to a waiting receiver is also buffered: it arrives twice. */
class DeliverAndBuffer extends MutantBase {
  protected override offer(value: Value): 'ok' | 'full' | 'disconnected' {
    const waited = this.waiting.length > 0 && this.receivers > 0;
    const placed = super.offer(value);
    if (waited && placed === 'ok') this.buffer.push(value);
    return placed;
  }
}

/** A send onto a non-empty buffer overwrites the newest buffered value: it is lost. */
class OverwritesNewest extends MutantBase {
  protected override store(value: Value): void {
    if (this.queued.length > 0 && this.params.flavor === 'unbounded') this.buffer[this.buffer.length - 1] = value;
    else super.store(value);
  }
}

/** take() tests the value it shifts out for truthiness: a 0 is taken out of the buffer and treated as nothing there. */
class FalsyValueDropped extends MutantBase {
  override take(): Taken {
    if (this.buffer.length > 0 && !this.buffer[0]) {
      this.buffer.shift();
      return this.senders === 0 ? { kind: 'disconnected' } : { kind: 'empty' };
    }
    return super.take();
  }
}

/**
 * The buffer marks a free slot with `null`, and take() reads a null at the head as
 * nothing there: a sent null stays in the buffer, unreceived, and so does all after it.
 */
class NullIsAFreeSlot extends MutantBase {
  override take(): Taken {
    if (this.buffer.length > 0 && this.buffer[0] === null) return this.senders === 0 ? { kind: 'disconnected' } : { kind: 'empty' };
    return super.take();
  }
}

/** The buffer is a set: a value equal to one already buffered is merged with it (the send still says Ok). */
class BufferIsASet extends MutantBase {
  protected override store(value: Value): void {
    if (!this.queued.some((v) => v === value)) super.store(value);
  }
}

/** Values are copied through a Latin-1 encoder (as a byte transport may): characters beyond U+00FF come out garbled. */
class StringsAsLatin1 extends MutantBase {
  protected override offer(value: Value): 'ok' | 'full' | 'disconnected' {
    return super.offer(typeof value === 'string' ? Buffer.from(value, 'latin1').toString('latin1') : value);
  }
}

/**
 * Values are copied with each string's length in 16 bits (a Uint16 header, as a byte
 * transport may keep it): a string of 65,536 characters or more comes back cut to its
 * length modulo 65,536. Only a value beyond 64 KiB shows it.
 */
class StringLengthIn16Bits extends MutantBase {
  protected override offer(value: Value): 'ok' | 'full' | 'disconnected' {
    return super.offer(cutStrings(value));
  }
}

function cutStrings(v: Value): Value {
  if (typeof v === 'string') return v.slice(0, v.length % 65_536);
  if (Array.isArray(v)) return v.map(cutStrings);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cutStrings(x)]));
  return v;
}

/**
 * The queue compacts its storage after 64 receives, with an off-by-one that drops the
 * value after them: a bug only volume shows (the 65th value received is lost).
 */
class CompactionLosesValue extends MutantBase {
  private received = 0;

  override take(): Taken {
    const got = super.take();
    if (got.kind === 'value' && ++this.received === 64 && this.buffer.length > 0) this.buffer.shift();
    return got;
  }
}

/**
 * The queue keeps its values in blocks of 2,048 and loses the one that would open a
 * second block (the send still says Ok): only a backlog of more than 2,048 values shows it.
 */
class SecondBlockLosesFirst extends MutantBase {
  protected override store(value: Value): void {
    if (this.queued.length !== 2048) super.store(value);
  }
}

/** channel() is a bounded one of 4,096 slots in disguise: only a backlog of more than 4,096 values shows it (a send then waits). */
class UnboundedHolds4096 extends MutantBase {
  protected override capacity(): number {
    return this.params.flavor === 'unbounded' ? 4096 : super.capacity();
  }
}

/** The same with 8,192 slots: only the long flood of 8,400 values shows it. */
class UnboundedHolds8192 extends MutantBase {
  protected override capacity(): number {
    return this.params.flavor === 'unbounded' ? 8192 : super.capacity();
  }
}

/** The sender count is kept in eight bits: with more than 255 clones alive, a few drops disconnect the channel. */
class SenderCountInEightBits extends MutantBase {
  override dropSender(): void {
    this.senders &= 0xff;
    super.dropSender();
  }
}

/** A string over 1 KiB takes two slots of a bounded buffer: it is refused (or waits) with only one free. */
class LongStringTakesTwoSlots extends MutantBase {
  protected override offer(value: Value): 'ok' | 'full' | 'disconnected' {
    const long = typeof value === 'string' && value.length > 1024;
    if (long && this.params.flavor === 'bounded' && this.receivers > 0 && this.waiters.length === 0 && this.buffer.length + 1 >= this.capacity()) return 'full';
    return super.offer(value);
  }
}

/** The buffer is a stack: the newest value is received first. */
class LifoBuffer extends MutantBase {
  override take(): Taken {
    if (this.queued.length > 1) {
      const value = this.buffer.pop()!;
      this.admitBlockedSender();
      return { kind: 'value', value };
    }
    return super.take();
  }
}

/**
 * One queue per sender handle, FIFO within each; a receive serves the newest handle's
 * queue first. Each sender's order survives; the order between handles does not.
 */
class PerHandleQueues extends MutantBase {
  private readonly from: number[] = [];

  protected override offer(value: Value): 'ok' | 'full' | 'disconnected' {
    const before = this.queued.length;
    const placed = super.offer(value);
    if (this.queued.length > before) this.from.push(this.call.handle);
    return placed;
  }

  override take(): Taken {
    if (this.queued.length > 1) {
      const newest = Math.max(...this.from);
      const i = this.from.indexOf(newest);
      if (i > 0) {
        const [value] = this.buffer.splice(i, 1);
        this.from.splice(i, 1);
        this.admitBlockedSender();
        return { kind: 'value', value };
      }
    }
    if (this.queued.length > 0) this.from.shift();
    return super.take();
  }

  protected override admitBlockedSender(): void {
    const before = this.queued.length;
    super.admitBlockedSender();
    // A blocked sender's handle is not known here: count it as the oldest.
    if (this.queued.length > before) this.from.push(-1);
  }

  override dropReceiver(): void {
    super.dropReceiver();
    if (this.receivers === 0) this.from.length = 0;
  }
}

// --- timeouts ----------------------------------------------------------------------

/** recv_timeout(0) gives up at once, without looking at the buffer. */
class ZeroTimeoutSkipsBuffer extends MutantBase {
  override recvTimeoutFor(signal: AbortSignal, timeoutMs: number): Outcome | Promise<Outcome> {
    return timeoutMs === 0 ? TIMEOUT : super.recvTimeoutFor(signal, timeoutMs);
  }
}

/** recv_timeout reports Disconnected as soon as the senders are gone, values still buffered. */
class RecvTimeoutDisconnectsEarly extends MutantBase {
  override recvTimeoutFor(signal: AbortSignal, timeoutMs: number): Outcome | Promise<Outcome> {
    return this.senders === 0 ? { kind: 'Disconnected' } : super.recvTimeoutFor(signal, timeoutMs);
  }
}

/** A timed-out receive stays queued: the next send hands it its value, returns Ok, and the value is lost. */
class TimeoutStaysQueued extends MutantBase {
  protected override giveUp(waiter: Waiter): boolean {
    return waiter.giveUp(false);
  }
}

/**
 * One abort listener per timed wait, never removed, that gives up whichever timed receive
 * is waiting when it fires: the timer of a receive that already got its value ends the
 * next one early (a real AbortSignal.timeout fires after its operation has completed).
 */
class StaleTimerEndsNextReceive extends MutantBase {
  private abortCurrent: (() => void) | undefined;

  protected override waitTimed(signal: AbortSignal): Promise<Outcome> {
    const mine = new AbortController();
    this.abortCurrent = () => mine.abort();
    signal.addEventListener('abort', () => this.abortCurrent?.(), { once: true });
    return super.waitTimed(mine.signal);
  }
}

/**
 * recv_timeout races its waiter against the timer (`Promise.race`, unhooking the waiter in
 * `finally`): the timer decides Timeout at once, but the waiter stays queued until the
 * race's callbacks run, and a send in the same synchronous stretch as the timer hands it
 * a value nobody receives (caught by timer bursts).
 */
class TimeoutUnhooksLate extends MutantBase {
  protected override waitTimed(signal: AbortSignal): Promise<Outcome> {
    let decided = false;
    return new Promise((resolve) => {
      const waiter = this.timedWaiter((_, later) => {
        if (!decided) resolve(recvOutcome(later));
      });
      signal.addEventListener('abort', () => {
        decided = true;
        resolve(TIMEOUT);
        void Promise.resolve().then(() => this.giveUp(waiter));
      }, { once: true });
    });
  }
}

/**
 * A timed receive woken by the last sender's drop looks again a macrotask later (a waker
 * that defers), and looks at its timer first: a timer that fired in between says Timeout
 * although the drop came first.
 */
class TimeoutBeatsDisconnection extends MutantBase {
  protected override waitTimed(signal: AbortSignal): Promise<Outcome> {
    return new Promise((resolve) => {
      const onAbort = () => {
        if (this.giveUp(waiter)) resolve(TIMEOUT);
      };
      const waiter = this.timedWaiter((_, later) => {
        if (later.kind !== 'disconnected') {
          signal.removeEventListener('abort', onAbort);
          resolve(recvOutcome(later));
          return;
        }
        setImmediate(() => {
          signal.removeEventListener('abort', onAbort);
          resolve(signal.aborted ? TIMEOUT : recvOutcome(later));
        });
      });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/**
 * A waiting receive is woken with its value, and `false` is the wake-up signal: a `false`
 * handed straight to a waiting receiver reads as "look again", the receiver waits on, and
 * the value is gone (a `false` that goes to the buffer arrives).
 */
class FalseHandOffIsAWakeUp extends MutantBase {
  protected override offer(value: Value): 'ok' | 'full' | 'disconnected' {
    if (value === false && this.receivers > 0 && this.waiting.length > 0) return 'ok';
    return super.offer(value);
  }
}

/** A correct channel that remembers which waiters are recv_timeout's: the base of mutants that treat those differently. */
abstract class KnowsTimedReceivers extends MutantBase {
  protected readonly timed = new WeakSet<Waiter>();

  protected override timedWaiter(onDone: (index: number, got: Taken) => void): Waiter {
    const waiter = super.timedWaiter(onDone);
    this.timed.add(waiter);
    return waiter;
  }
}

/** Disconnection wakes blocked recv but not a waiting recv_timeout: it runs to its timeout. */
class DisconnectMissesTimedReceive extends KnowsTimedReceivers {
  protected override wakeReceiversOnDisconnect(): void {
    for (const waiter of [...this.waiting]) if (!this.timed.has(waiter)) waiter.disconnected(this);
  }
}

/** A rendezvous try_send meets a receiver waiting in recv or select, not one waiting in recv_timeout: Full. */
class TrySendIgnoresTimedReceiver extends KnowsTimedReceivers {
  override trySend(value: Value): Outcome {
    if (this.params.flavor === 'rendezvous' && this.receivers > 0 && this.waiting.every((w) => this.timed.has(w))) return { kind: 'Full', value };
    return super.trySend(value);
  }
}

/** recv_timeout never waits: with nothing to take it says Timeout at once, whatever the duration. */
class TimeoutNeverWaits extends MutantBase {
  override recvTimeoutFor(): Outcome | Promise<Outcome> {
    const got = this.take();
    if (got.kind === 'value') return { kind: 'Ok', value: got.value };
    return got.kind === 'disconnected' ? { kind: 'Disconnected' } : TIMEOUT;
  }
}

/** recv_timeout(0) is a poll that calls everything but a value a timeout: Disconnected too. */
class ZeroTimeoutHidesDisconnection extends MutantBase {
  override recvTimeoutFor(signal: AbortSignal, timeoutMs: number): Outcome | Promise<Outcome> {
    if (timeoutMs !== 0) return super.recvTimeoutFor(signal, timeoutMs);
    const got = this.tryRecv();
    return got.kind === 'Ok' ? got : TIMEOUT;
  }
}

/** recv_timeout looks only at the buffer: on a rendezvous channel it waits although a sender is blocked with a value. */
class TimedReceiveIgnoresBlockedSender extends MutantBase {
  override recvTimeoutFor(signal: AbortSignal, timeoutMs: number): Outcome | Promise<Outcome> {
    if (this.params.flavor !== 'rendezvous' || this.senders === 0) return super.recvTimeoutFor(signal, timeoutMs);
    if (signal.aborted) return TIMEOUT;
    return this.waitTimed(signal);
  }
}

/** recv_timeout takes a buffered value by its own fast path, which forgets to let a blocked sender into the freed slot. */
class TimedReceiveDoesNotWakeSender extends MutantBase {
  override recvTimeoutFor(signal: AbortSignal, timeoutMs: number): Outcome | Promise<Outcome> {
    if (this.buffer.length > 0) return { kind: 'Ok', value: this.buffer.shift()! };
    return super.recvTimeoutFor(signal, timeoutMs);
  }
}

/** try_recv takes a buffered value by its own fast path, which forgets to let a blocked sender into the freed slot. */
class TryRecvDoesNotWakeSender extends MutantBase {
  override tryRecv(): Outcome {
    if (this.buffer.length > 0) return { kind: 'Ok', value: this.buffer.shift()! };
    return super.tryRecv();
  }
}

// --- disconnection -----------------------------------------------------------------

/** Once the last sender is gone, receives say Disconnected although values are still buffered. */
class DisconnectedBeforeDrained extends MutantBase {
  override take(): Taken {
    if (this.senders === 0) return { kind: 'disconnected' };
    return super.take();
  }
}

/** The last sender's drop does not wake receivers already waiting: they wait for ever. */
class LastSenderDropWakesNobody extends MutantBase {
  protected override wakeReceiversOnDisconnect(): void {}
}

/** The last sender's drop wakes only the first waiting receiver. */
class LastSenderDropWakesOne extends MutantBase {
  protected override wakeReceiversOnDisconnect(): void {
    this.waiting[0]?.disconnected(this);
  }
}

/** Dropping any sender clone disconnects the channel: clones are not counted. */
class AnySenderDropDisconnects extends MutantBase {
  override dropSender(): void {
    this.senders = 1;
    super.dropSender();
  }
}

/** The receiver's drop does not wake senders blocked on a full (or rendezvous) channel. */
class ReceiverDropWakesNoSender extends MutantBase {
  override dropReceiver(): void {
    this.receivers--;
    if (this.receivers > 0) return;
    this.buffer.length = 0;
  }
}

/** The receiver's drop is not seen while values are buffered: sends keep filling the buffer. */
class ReceiverDropWaitsForEmptyBuffer extends MutantBase {
  protected override offer(value: Value): 'ok' | 'full' | 'disconnected' {
    if (this.receivers === 0 && this.queued.length > 0) {
      if (this.queued.length < this.capacity()) {
        this.buffer.push(value);
        return 'ok';
      }
      return 'full';
    }
    return super.offer(value);
  }

  override dropReceiver(): void {
    this.receivers--;
    if (this.receivers > 0) return;
    for (const sender of this.blockedSenders.splice(0)) sender.settle({ kind: 'Disconnected', value: sender.value });
  }
}

/** Dropping any receiver clone disconnects the channel for the senders. */
class AnyReceiverDropDisconnects extends MutantBase {
  override dropReceiver(): void {
    this.receivers = 1;
    super.dropReceiver();
  }
}

// --- iteration ---------------------------------------------------------------------

/** iter() ends (None) at the first empty channel instead of waiting for a sender. */
class IterEndsWhenEmpty extends MutantBase {
  override iterNext(): Outcome | Promise<Outcome> {
    return asItem(this.tryRecv());
  }
}

/** A waiting iter() listens for a close event that every sender's drop emits, not only the last one's: it ends early. */
class IterEndsAtAnySenderDrop extends MutantBase {
  private readonly iterating = new Set<Waiter>();

  override iterNext(): Outcome | Promise<Outcome> {
    const got = this.take();
    if (got.kind === 'value') return { kind: 'Some', value: got.value };
    if (got.kind === 'disconnected') return { kind: 'None' };
    return new Promise((resolve) => {
      const waiter = new Waiter([this], (_, later) => {
        this.iterating.delete(waiter);
        resolve(later.kind === 'value' ? { kind: 'Some', value: later.value } : { kind: 'None' });
      });
      this.iterating.add(waiter);
    });
  }

  override dropSender(): void {
    for (const waiter of [...this.iterating]) waiter.disconnected(this);
    super.dropSender();
  }
}

/** try_iter() waits on an empty channel while senders live, as iter() does. */
class TryIterWaits extends MutantBase {
  override tryIterNext(): Outcome | Promise<Outcome> {
    return this.iterNext();
  }
}

// --- mpmc --------------------------------------------------------------------------

/** With two or more receivers, a value handed to a waiting receiver is also buffered for the others. */
class BroadcastToClones extends MutantBase {
  protected override offer(value: Value): 'ok' | 'full' | 'disconnected' {
    const waited = this.waiting.length > 0 && this.receivers > 1;
    const placed = super.offer(value);
    if (waited && placed === 'ok') this.buffer.push(value);
    return placed;
  }
}

/** A rendezvous try_send meets only a receive waiting on the original receiver, not on a clone. */
class TrySendMeetsOnlyOriginal extends MutantBase {
  private readonly owner = new WeakMap<Waiter, number>();

  override enqueue(waiter: Waiter): void {
    this.owner.set(waiter, this.call.handle);
    super.enqueue(waiter);
  }

  override trySend(value: Value): Outcome {
    if (this.params.flavor === 'rendezvous' && this.receivers > 0 && this.waiting.length > 0 && this.waiting.every((w) => this.owner.get(w) !== 0)) {
      return { kind: 'Full', value };
    }
    return super.trySend(value);
  }
}

// --- select ------------------------------------------------------------------------

/** select receives from every ready receiver and returns the first: the others' values are lost. */
const selectTakesAll: SelectFunction = (channels) => {
  let first: { index: number; outcome: Outcome } | undefined;
  for (let index = 0; index < channels.length; index++) {
    const got = channels[index].take();
    if (got.kind === 'empty') continue;
    const outcome: Outcome = got.kind === 'value' ? { kind: 'Ok', value: got.value } : { kind: 'Disconnected' };
    first ??= { index, outcome };
  }
  if (first !== undefined) return first;
  return new Promise((resolve) => new Waiter(channels, (index, got) => resolve({ index, outcome: got.kind === 'value' ? { kind: 'Ok', value: got.value } : { kind: 'Disconnected' } })));
};

/** select skips receivers that are disconnected when it starts: with nothing else ready it waits for ever. */
const selectSkipsDisconnected: SelectFunction = (channels) => {
  for (let index = 0; index < channels.length; index++) {
    const got = channels[index].take();
    if (got.kind === 'value') return { index, outcome: { kind: 'Ok', value: got.value } };
  }
  const live = channels.filter((c) => c.senders > 0);
  return new Promise((resolve) => {
    if (live.length === 0) return;
    new Waiter(live, (i, got) => resolve({ index: channels.indexOf(live[i]), outcome: got.kind === 'value' ? { kind: 'Ok', value: got.value } : { kind: 'Disconnected' } }));
  });
};

/** select takes a value from every ready receiver, keeps the first and sends the others back, at the back of their channels. */
const selectRequeuesOthers: SelectFunction = (channels) => {
  let chosen: { index: number; outcome: Outcome } | undefined;
  for (let index = 0; index < channels.length; index++) {
    const channel = channels[index];
    if (chosen !== undefined && channel.queued.length === 0) continue;
    const got = channel.take();
    if (got.kind === 'empty') continue;
    if (chosen === undefined) chosen = { index, outcome: got.kind === 'value' ? { kind: 'Ok', value: got.value } : { kind: 'Disconnected' } };
    else if (got.kind === 'value') channel.send(got.value);
  }
  if (chosen !== undefined) return chosen;
  return new Promise((resolve) => new Waiter(channels, (index, got) => resolve({ index, outcome: got.kind === 'value' ? { kind: 'Ok', value: got.value } : { kind: 'Disconnected' } })));
};

/** select looks only at buffers: a sender blocked on a rendezvous channel does not make its receiver ready. */
const selectIgnoresBlockedSender: SelectFunction = (channels) => {
  for (let index = 0; index < channels.length; index++) {
    if (channels[index].params.flavor === 'rendezvous' && channels[index].senders > 0) continue;
    const got = channels[index].take();
    if (got.kind !== 'empty') return { index, outcome: got.kind === 'value' ? { kind: 'Ok', value: got.value } : { kind: 'Disconnected' } };
  }
  return new Promise((resolve) => new Waiter(channels, (index, got) => resolve({ index, outcome: got.kind === 'value' ? { kind: 'Ok', value: got.value } : { kind: 'Disconnected' } })));
};

/** select reports a receiver whose senders are gone as Disconnected before looking at its buffer. */
const selectDisconnectedFirst: SelectFunction = (channels) => {
  for (let index = 0; index < channels.length; index++) {
    if (channels[index].senders === 0) return { index, outcome: { kind: 'Disconnected' } };
    const got = channels[index].take();
    if (got.kind !== 'empty') return { index, outcome: got.kind === 'value' ? { kind: 'Ok', value: got.value } : { kind: 'Disconnected' } };
  }
  return new Promise((resolve) => new Waiter(channels, (index, got) => resolve({ index, outcome: got.kind === 'value' ? { kind: 'Ok', value: got.value } : { kind: 'Disconnected' } })));
};

/** A waiting select is not a waiting receiver for a rendezvous try_send. */
const selectWaiters = new WeakSet<Waiter>();
const selectNotAReceiver: SelectFunction = (channels) => {
  for (let index = 0; index < channels.length; index++) {
    const got = channels[index].take();
    if (got.kind !== 'empty') return { index, outcome: got.kind === 'value' ? { kind: 'Ok', value: got.value } : { kind: 'Disconnected' } };
  }
  return new Promise((resolve) => {
    const waiter = new Waiter(channels, (index, got) => resolve({ index, outcome: got.kind === 'value' ? { kind: 'Ok', value: got.value } : { kind: 'Disconnected' } }));
    selectWaiters.add(waiter);
  });
};
class TrySendIgnoresSelect extends MutantBase {
  override trySend(value: Value): Outcome {
    if (this.params.flavor === 'rendezvous' && this.receivers > 0 && this.waiting.length > 0 && this.waiting.every((w) => selectWaiters.has(w))) {
      return { kind: 'Full', value };
    }
    return super.trySend(value);
  }
}

/**
 * A select that, once it won one receiver, leaves its registrations on the others until a
 * microtask later: a sender calling in that stretch hands its value to the finished select,
 * and it is lost (red team 17: a context "selected" twice).
 */
const selectUnregistersLate: SelectFunction = (channels) => {
  for (let index = 0; index < channels.length; index++) {
    const got = channels[index].take();
    if (got.kind !== 'empty') return { index, outcome: got.kind === 'value' ? { kind: 'Ok', value: got.value } : { kind: 'Disconnected' } };
  }
  return new Promise((resolve) => {
    const waiter: Waiter = new Waiter(channels, (index, got) => {
      const others = channels.filter((_, i) => i !== index);
      for (const channel of others) channel.enqueue(waiter);
      queueMicrotask(() => others.forEach((channel) => channel.dequeue(waiter)));
      resolve({ index, outcome: got.kind === 'value' ? { kind: 'Ok', value: got.value } : { kind: 'Disconnected' } });
    });
  });
};

// --- the catalogue -----------------------------------------------------------------

function chan(id: string, bug: Mutant['bug'], description: string, Channel: MutantChannelClass, targets: readonly string[], extra: { select?: SelectFunction; equivalent?: string } = {}): Mutant {
  return {
    id: `chan-${id}`,
    executor: 'async',
    description,
    bug,
    chapters: ['channels'],
    targets,
    ...(extra.equivalent === undefined ? {} : { equivalent: extra.equivalent }),
    adapter: mutantChannelAdapter(`chan-${id}`, Channel, { notes: description, ...(extra.select === undefined ? {} : { select: extra.select }) }),
  };
}

/** Any ready receiver may win a select; taking the last ready one is as good as the first. */
const selectLastReady: SelectFunction = (channels) => {
  for (let index = channels.length - 1; index >= 0; index--) {
    const got = channels[index].take();
    if (got.kind !== 'empty') return { index, outcome: got.kind === 'value' ? { kind: 'Ok', value: got.value } : { kind: 'Disconnected' } };
  }
  return new Promise((resolve) => new Waiter(channels, (index, got) => resolve({ index, outcome: got.kind === 'value' ? { kind: 'Ok', value: got.value } : { kind: 'Disconnected' } })));
};

/** Blocked senders served newest first: unspecified (CHAN-UNSPEC-1). */
class BlockedSendersLifo extends MutantBase {
  protected override admitBlockedSender(): void {
    const sender = this.blockedSenders.pop();
    if (sender === undefined) return;
    this.buffer.push(sender.value);
    sender.settle({ kind: 'Ok' });
  }
}

/** A woken operation returns through a zero-delay timer, its effect already done: a millisecond late, not wrong. */
class ReturnsByZeroTimer extends MutantBase {
  override send(value: Value): Outcome | Promise<Outcome> {
    return byZeroTimer(super.send(value));
  }

  override recv(): Outcome | Promise<Outcome> {
    return byZeroTimer(super.recv());
  }

  override recvTimeout(signal: AbortSignal): Outcome | Promise<Outcome> {
    return byZeroTimer(super.recvTimeout(signal));
  }
}

function byZeroTimer(result: Outcome | Promise<Outcome>): Outcome | Promise<Outcome> {
  return result instanceof Promise ? result.then((outcome) => new Promise<Outcome>((resolve) => setTimeout(() => resolve(outcome), 0))) : result;
}

export const channelMutants: readonly Mutant[] = [
  chan('rendezvous-buffers-one', 'rendezvous-buffers', 'sync_channel(0) buffers one value: a send returns before a receive took it', RendezvousBuffersOne, ['CHAN-FLAVOR-3', 'CHAN-RDV-4']),
  chan('capacity-plus-one', 'capacity', 'sync_channel(n) holds n + 1 values', CapacityPlusOne, ['CHAN-FLAVOR-2', 'CHAN-BND-2']),
  chan('send-checks-then-awaits', 'capacity', 'send sees a free slot, awaits, then stores its value: two senders in one tick overfill the buffer', SendChecksThenAwaits, ['CHAN-FLAVOR-2']),
  chan('slot-freed-late', 'capacity', 'an async receive frees the slot of the value it took a macrotask after it returns: a try_send at that moment finds the channel full', SlotFreedLate, ['CHAN-BND-2']),
  chan('capacity-minus-one', 'capacity', 'sync_channel(n) holds n − 1 values', CapacityMinusOne, ['CHAN-FLAVOR-2', 'CHAN-BND-2']),
  chan('unbounded-is-bounded', 'capacity', 'channel() holds two values, then send waits', UnboundedIsBounded, ['CHAN-FLAVOR-1', 'CHAN-TRYSEND-UNB']),
  chan('send-to-nobody-ok', 'missed-disconnection', 'a send after the receiver is gone returns Ok and drops the value', SendToNobodyOk, ['CHAN-SEND-3', 'CHAN-DISC-3', 'CHAN-SEND-2']),
  chan('full-before-disconnected', 'missed-disconnection', 'try_send on a full channel says Full though the receiver is gone', FullBeforeDisconnected, ['CHAN-BND-3']),
  chan('receive-does-not-wake-sender', 'lost-wakeup', 'taking a value from a full buffer does not let a blocked sender in', ReceiveDoesNotWakeSender, ['CHAN-BND-4']),
  chan('rendezvous-try-send-never-meets', 'wrong-result', 'a rendezvous try_send says Full even with a receiver waiting', RendezvousTrySendNeverMeets, ['CHAN-RDV-2', 'CHAN-MPMC-4']),
  chan('try-recv-ignores-blocked-sender', 'wrong-result', 'a rendezvous try_recv says Empty with a sender blocked on it', TryRecvIgnoresBlockedSender, ['CHAN-RDV-3']),
  chan('recv-empty-is-disconnected', 'early-disconnection', 'recv on an empty channel says Disconnected though a sender lives', RecvEmptyIsDisconnected, ['CHAN-RECV-1']),
  chan('try-recv-waits', 'blocks', 'try_recv on an empty channel waits for a value', TryRecvWaits, ['CHAN-TRYRECV-1']),
  chan('deliver-and-buffer', 'duplicated-value', 'a value handed to a waiting receiver is also buffered: it arrives twice', DeliverAndBuffer, ['CHAN-RECV-2']),
  chan('overwrites-newest', 'lost-value', 'a send onto a non-empty unbounded buffer overwrites the newest value', OverwritesNewest, ['CHAN-RECV-2']),
  chan('falsy-value-dropped', 'lost-value', 'a 0 taken out of the buffer is treated as nothing there (a truthiness test)', FalsyValueDropped, ['CHAN-RECV-2']),
  chan('null-is-a-free-slot', 'lost-value', 'a buffered null reads as a free slot: it and every value after it stay in the buffer', NullIsAFreeSlot, ['CHAN-RECV-2']),
  chan('buffer-is-a-set', 'lost-value', 'the buffer is a set: a value equal to one still buffered is merged with it', BufferIsASet, ['CHAN-RECV-2']),
  chan('strings-as-latin1', 'wrong-result', 'values pass through a Latin-1 encoder: characters beyond U+00FF are garbled', StringsAsLatin1, ['CHAN-RECV-2']),
  chan('string-length-in-16-bits', 'wrong-result', 'values are copied with string lengths in 16 bits: a string of 65,536 characters or more comes back cut', StringLengthIn16Bits, ['CHAN-FIFO-1', 'CHAN-TRYSEND-UNB']),
  chan('compaction-loses-65th', 'lost-value', 'after 64 values received, the next buffered one is lost (a compaction off by one)', CompactionLosesValue, ['CHAN-FIFO-1']),
  chan('unbounded-holds-4096', 'capacity', 'channel() holds 4,096 values, then send waits', UnboundedHolds4096, ['CHAN-FIFO-1', 'CHAN-TRYSEND-UNB']),
  chan('unbounded-holds-8192', 'capacity', 'channel() holds 8,192 values, then send waits', UnboundedHolds8192, ['CHAN-FIFO-1', 'CHAN-TRYSEND-UNB']),
  chan('sender-count-in-eight-bits', 'early-disconnection', 'the sender count is kept in eight bits: past 255 clones, a few drops disconnect the channel', SenderCountInEightBits, ['CHAN-DISC-1']),
  chan('long-string-takes-two-slots', 'capacity', 'a string over 1 KiB takes two slots of a bounded buffer', LongStringTakesTwoSlots, ['CHAN-FIFO-1', 'CHAN-FIFO-2']),
  chan('second-block-loses-first', 'lost-value', 'the 2,049th value buffered at once is lost: a queue in blocks of 2,048 that fails to open the second', SecondBlockLosesFirst, ['CHAN-FIFO-1']),
  chan('wakes-senders-only-from-full', 'lost-wakeup', 'a receive wakes a blocked sender only if the buffer was full before it, and the sender stores its value a microtask later: two receives in one stretch leave a sender waiting beside a free slot', WakesSendersOnlyFromFull, ['CHAN-BND-4']),
  chan('lifo-buffer', 'order', 'the buffer is a stack: newest value first', LifoBuffer, ['CHAN-FIFO-1']),
  chan('per-handle-queues', 'order', 'one FIFO queue per sender handle, the newest handle served first', PerHandleQueues, ['CHAN-FIFO-2']),
  chan('zero-timeout-skips-buffer', 'wrong-result', 'recv_timeout(0) times out without looking at the buffer', ZeroTimeoutSkipsBuffer, ['CHAN-TIMEOUT-1']),
  chan('recv-timeout-disconnects-early', 'early-disconnection', 'recv_timeout says Disconnected once the senders are gone, values still buffered', RecvTimeoutDisconnectsEarly, ['CHAN-TIMEOUT-2']),
  chan('timeout-stays-queued', 'lost-value', 'a timed-out receive stays queued and swallows the next value sent', TimeoutStaysQueued, ['CHAN-TIMEOUT-3', 'CHAN-TIMEOUT-5']),
  chan('try-send-ignores-timed-receiver', 'wrong-result', 'a rendezvous try_send says Full with a receiver waiting in recv_timeout', TrySendIgnoresTimedReceiver, ['CHAN-RDV-2']),
  chan('false-hand-off-is-a-wake-up', 'lost-value', 'a false handed to a waiting receiver is read as a wake-up signal and lost', FalseHandOffIsAWakeUp, ['CHAN-RECV-2']),
  chan('timeout-unhooks-late', 'lost-value', 'a timed-out receive unhooks its waiter a microtask after its timer fired: a send in that stretch is lost', TimeoutUnhooksLate, ['CHAN-TIMEOUT-3']),
  chan('timeout-beats-disconnection', 'wrong-result', "a timed receive woken by the last sender's drop looks again a macrotask later and says Timeout if its timer fired meanwhile", TimeoutBeatsDisconnection, ['CHAN-TIMEOUT-4']),
  chan('stale-timer-ends-next-receive', 'wrong-result', "a recv_timeout's timer, firing after its receive got a value, ends the next timed receive early", StaleTimerEndsNextReceive, ['CHAN-TIMEOUT-3']),
  chan('timeout-never-waits', 'wrong-result', 'recv_timeout says Timeout at once on an empty channel, before its timeout has passed', TimeoutNeverWaits, ['CHAN-TIMEOUT-3']),
  chan('zero-timeout-hides-disconnection', 'wrong-result', 'recv_timeout(0) says Timeout on a drained channel whose senders are gone', ZeroTimeoutHidesDisconnection, ['CHAN-TIMEOUT-2']),
  chan('timed-receive-ignores-blocked-sender', 'wrong-result', 'recv_timeout on a rendezvous channel ignores a sender already blocked with a value', TimedReceiveIgnoresBlockedSender, ['CHAN-TIMEOUT-1']),
  chan('timed-receive-does-not-wake-sender', 'lost-wakeup', 'a value taken by recv_timeout from a full buffer does not let a blocked sender in', TimedReceiveDoesNotWakeSender, ['CHAN-BND-4']),
  chan('try-recv-does-not-wake-sender', 'lost-wakeup', 'a value taken by try_recv from a full buffer does not let a blocked sender in', TryRecvDoesNotWakeSender, ['CHAN-BND-4', 'CHAN-FLAVOR-2']),
  chan('disconnect-misses-timed-receive', 'missed-disconnection', 'disconnection does not end a waiting recv_timeout', DisconnectMissesTimedReceive, ['CHAN-TIMEOUT-4']),
  chan('disconnected-before-drained', 'early-disconnection', 'receives say Disconnected once the senders are gone, values still buffered', DisconnectedBeforeDrained, ['CHAN-DISC-2']),
  chan('last-sender-drop-wakes-nobody', 'lost-wakeup', "the last sender's drop does not wake blocked receivers", LastSenderDropWakesNobody, ['CHAN-WAKE-R']),
  chan('last-sender-drop-wakes-one', 'lost-wakeup', "the last sender's drop wakes only the first blocked receiver", LastSenderDropWakesOne, ['CHAN-MPMC-3']),
  chan('any-sender-drop-disconnects', 'early-disconnection', 'dropping any sender clone disconnects the channel', AnySenderDropDisconnects, ['CHAN-DISC-1']),
  chan('receiver-drop-wakes-no-sender', 'lost-wakeup', "the receiver's drop does not wake blocked senders", ReceiverDropWakesNoSender, ['CHAN-WAKE-S']),
  chan('receiver-drop-waits-for-empty-buffer', 'missed-disconnection', "the receiver's drop is not seen while values are buffered", ReceiverDropWaitsForEmptyBuffer, ['CHAN-DROP-1']),
  chan('any-receiver-drop-disconnects', 'early-disconnection', 'dropping any receiver clone disconnects the channel', AnyReceiverDropDisconnects, ['CHAN-MPMC-2']),
  chan('iter-ends-when-empty', 'does-not-block', 'iter() ends at the first empty channel instead of waiting', IterEndsWhenEmpty, ['CHAN-ITER-1']),
  chan('iter-ends-at-any-sender-drop', 'early-disconnection', 'a waiting iter() ends when any sender clone is dropped, not only the last', IterEndsAtAnySenderDrop, ['CHAN-ITER-1']),
  chan('try-iter-waits', 'blocks', 'try_iter() waits on an empty channel', TryIterWaits, ['CHAN-ITER-2']),
  chan('broadcast-to-clones', 'duplicated-value', 'with receiver clones, a value handed to a waiting receiver is buffered again for the others', BroadcastToClones, ['CHAN-MPMC-1']),
  chan('try-send-meets-only-original', 'wrong-result', 'a rendezvous try_send meets only a receive on the original receiver', TrySendMeetsOnlyOriginal, ['CHAN-MPMC-4']),
  chan('select-takes-all', 'lost-value', 'select receives from every ready receiver and loses all values but one', MutantBase, ['CHAN-SEL-1'], { select: selectTakesAll }),
  chan('select-unregisters-late', 'lost-value', 'a select that won one receiver leaves its registrations on the others until a microtask later: a send in that stretch hands it a value that is lost', MutantBase, ['CHAN-SEL-1'], { select: selectUnregistersLate }),
  chan('select-skips-disconnected', 'missed-disconnection', 'select ignores receivers already disconnected', MutantBase, ['CHAN-SEL-2'], { select: selectSkipsDisconnected }),
  chan('select-requeues-others', 'order', 'select takes from every ready receiver and sends the values it does not return back, behind the others', MutantBase, ['CHAN-SEL-1'], { select: selectRequeuesOthers }),
  chan('select-ignores-blocked-sender', 'lost-wakeup', 'select waits although a sender is blocked offering a value on one of its rendezvous receivers', MutantBase, ['CHAN-SEL-1'], { select: selectIgnoresBlockedSender }),
  chan('select-disconnected-before-drained', 'early-disconnection', 'select says Disconnected for a receiver whose senders are gone though values are still buffered', MutantBase, ['CHAN-SEL-2'], { select: selectDisconnectedFirst }),
  chan('select-not-a-receiver', 'wrong-result', 'a waiting select does not count as a receiver for a rendezvous try_send', TrySendIgnoresSelect, ['CHAN-SEL-3'], { select: selectNotAReceiver }),
  // Equivalent: behaviour the spec leaves open.
  chan('select-last-ready', 'spec-allowed', 'select takes the last ready receiver, not the first', MutantBase, [], {
    select: selectLastReady,
    equivalent: 'which ready receiver select chooses is unspecified (CHAN-SEL-1)',
  }),
  chan('returns-by-zero-timer', 'spec-allowed', 'a woken send or receive returns through setTimeout(…, 0), its effect already done', ReturnsByZeroTimer, [], {
    equivalent: 'how soon a woken operation returns is not specified, only that it does (CHAN-WAKE-R, CHAN-WAKE-S; red team 13)',
  }),
  chan('blocked-senders-lifo', 'spec-allowed', 'a freed slot goes to the newest blocked sender', BlockedSendersLifo, [], {
    equivalent: 'which blocked sender is served first is unspecified (CHAN-UNSPEC-1)',
  }),
];

// Subtly wrong channels, one bug each, to show that the conformance engine catches
// them. Each overrides one step of the correct PromiseChannel; the rest is shared.
import type { Adapter } from '../adapter/types.ts';
import { PromiseChannel, type Taken, type Waiter } from './promise-channel.ts';
import { promiseChannelAdapter } from './promise-channel-adapter.ts';

/** sync_channel(0) keeps one value, so a send returns before anyone received it. */
export class RendezvousBuffersOne extends PromiseChannel {
  protected override capacity(): number {
    return this.params.flavor === 'rendezvous' ? 1 : super.capacity();
  }
}

/** Once the last sender is gone, receives report Disconnected even though values are still buffered. */
export class DisconnectedBeforeDrained extends PromiseChannel {
  override take(): Taken {
    if (this.senders === 0) return { kind: 'disconnected' };
    return super.take();
  }
}

/** The last sender's drop does not wake receivers already waiting: they wait forever. */
export class LostWakeupOnLastSenderDrop extends PromiseChannel {
  protected override wakeReceiversOnDisconnect(): void {}
}

/** sync_channel(n) holds n + 1 values. */
export class CapacityOffByOne extends PromiseChannel {
  protected override capacity(): number {
    return this.params.flavor === 'bounded' ? super.capacity() + 1 : super.capacity();
  }
}

/**
 * A timed-out recv_timeout reports Timeout but stays queued as a waiting receiver; the
 * next send hands its value to it, returns Ok, and the value is never received.
 */
export class TimeoutLosesRacingValue extends PromiseChannel {
  protected override giveUp(waiter: Waiter): boolean {
    return waiter.giveUp(false);
  }
}

export interface BuggyAdapter {
  readonly adapter: Adapter;
  readonly bug: string;
}

export const buggyAdapters: readonly BuggyAdapter[] = [
  { adapter: promiseChannelAdapter('rendezvous-buffers-one', RendezvousBuffersOne), bug: 'a rendezvous channel buffers one value' },
  { adapter: promiseChannelAdapter('disconnected-before-drained', DisconnectedBeforeDrained), bug: 'receives report Disconnected before draining' },
  { adapter: promiseChannelAdapter('lost-wakeup-on-last-drop', LostWakeupOnLastSenderDrop), bug: "a blocked receiver is not woken by the last sender's drop" },
  { adapter: promiseChannelAdapter('capacity-off-by-one', CapacityOffByOne), bug: 'a bounded channel holds one value too many' },
  { adapter: promiseChannelAdapter('timeout-loses-value', TimeoutLosesRacingValue), bug: 'recv_timeout loses a value sent as it times out' },
];

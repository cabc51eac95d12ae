// The promise channel (or one of its buggy variants) as an async adapter: handles that
// count themselves on clone and drop, and refuse to be used once dropped.
import type { Adapter, AsyncReceiver, AsyncSender, ChannelParams, Outcome, Value } from '../adapter/types.ts';
import { PromiseChannel, select } from './promise-channel.ts';

export const ALL_CHANNEL_CAPABILITIES = [
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
  'select',
] as const;

export type ChannelClass = new (params: ChannelParams) => PromiseChannel;

class SenderHandle implements AsyncSender {
  private dropped = false;

  constructor(private readonly channel: PromiseChannel) {}

  send(value: Value): Outcome | Promise<Outcome> {
    return this.live().send(value);
  }

  trySend(value: Value): Outcome {
    return this.live().trySend(value);
  }

  clone(): AsyncSender {
    this.live().senders++;
    return new SenderHandle(this.channel);
  }

  drop(): void {
    this.live().dropSender();
    this.dropped = true;
  }

  private live(): PromiseChannel {
    if (this.dropped) throw new Error('sender used after drop');
    return this.channel;
  }
}

class ReceiverHandle implements AsyncReceiver {
  private dropped = false;

  constructor(readonly channel: PromiseChannel) {}

  recv(): Outcome | Promise<Outcome> {
    return this.live().recv();
  }

  tryRecv(): Outcome {
    return this.live().tryRecv();
  }

  recvTimeout(signal: AbortSignal): Outcome | Promise<Outcome> {
    return this.live().recvTimeout(signal);
  }

  clone(): AsyncReceiver {
    if (this.channel.params.profile !== 'mpmc') throw new Error('an mpsc receiver cannot be cloned');
    this.live().receivers++;
    return new ReceiverHandle(this.channel);
  }

  drop(): void {
    this.live().dropReceiver();
    this.dropped = true;
  }

  iter(): { next(): Outcome | Promise<Outcome> } {
    const channel = this.live();
    return {
      next: () => {
        const got = channel.recv();
        return got instanceof Promise ? got.then(asItem) : asItem(got);
      },
    };
  }

  tryIter(): { next(): Outcome } {
    const channel = this.live();
    return { next: () => asItem(channel.tryRecv()) };
  }

  live(): PromiseChannel {
    if (this.dropped) throw new Error('receiver used after drop');
    return this.channel;
  }
}

/** An iterator yields `Some(v)` for a value and ends (`None`) on anything else. */
function asItem(outcome: Outcome): Outcome {
  return outcome.kind === 'Ok' ? { kind: 'Some', value: outcome.value ?? null } : { kind: 'None' };
}

export function promiseChannelAdapter(name: string, Channel: ChannelClass = PromiseChannel, notes?: string): Adapter {
  return {
    name,
    library: { name: 'syncspec testing promise channel', version: '0.0.0' },
    executor: 'async',
    capabilities: ALL_CHANNEL_CAPABILITIES,
    ...(notes === undefined ? {} : { notes }),
    channel: {
      create(params: ChannelParams) {
        const channel = new Channel(params);
        return { sender: new SenderHandle(channel), receiver: new ReceiverHandle(channel) };
      },
      select(receivers: readonly AsyncReceiver[]) {
        return select(receivers.map((r) => (r as ReceiverHandle).live()));
      },
    },
  };
}

/** The correct one. */
export const promiseChannel: Adapter = promiseChannelAdapter('promise-channel');

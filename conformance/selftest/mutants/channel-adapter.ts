// The handle layer of the channel mutants: the testing promise channel
// (conformance/testing/promise-channel.ts) behind handles that tell the channel which
// handle is calling (`via`) and the timeout asked for, so a mutant can get wrong what
// only a handle-aware channel can: per-handle queues, a timeout of zero, which receiver
// clone waits. The correct `MutantBase` behaves exactly as the promise channel.
import type { Adapter, AsyncReceiver, AsyncSender, ChannelParams, Outcome, Value } from '../../adapter/types.ts';
import { PromiseChannel, select as correctSelect, Waiter } from '../../testing/promise-channel.ts';
import { ALL_CHANNEL_CAPABILITIES } from '../../testing/promise-channel-adapter.ts';

/** Who is calling, and with what timeout: set by the handle just before each call. */
export interface CallContext {
  /** The calling handle's number (0 for the handles `create` returned, then 1, 2... per clone). */
  readonly handle: number;
  readonly timeoutMs?: number;
}

export class MutantBase extends PromiseChannel {
  call: CallContext = { handle: 0 };
  private nextHandle = 1;

  newHandle(): number {
    return this.nextHandle++;
  }

  /** One step of `iter()`: a blocking receive, as `Some(v)` or `None`. */
  iterNext(): Outcome | Promise<Outcome> {
    const got = this.recv();
    return got instanceof Promise ? got.then(asItem) : asItem(got);
  }

  /** One step of `try_iter()`: a non-blocking receive, as `Some(v)` or `None`. */
  tryIterNext(): Outcome | Promise<Outcome> {
    return asItem(this.tryRecv());
  }

  /** recv_timeout with the duration asked for (the promise channel only needs the signal). */
  recvTimeoutFor(signal: AbortSignal, _timeoutMs: number): Outcome | Promise<Outcome> {
    return this.recvTimeout(signal);
  }

  // Re-exported for mutants: the protected state of the promise channel.
  get queued(): readonly Value[] {
    return this.buffer;
  }

  get waiting(): readonly Waiter[] {
    return this.waiters;
  }
}

export function asItem(outcome: Outcome): Outcome {
  return outcome.kind === 'Ok' ? { kind: 'Some', value: outcome.value ?? null } : { kind: 'None' };
}

export type MutantChannelClass = new (params: ChannelParams) => MutantBase;
export type SelectFunction = (channels: readonly MutantBase[]) => { index: number; outcome: Outcome } | Promise<{ index: number; outcome: Outcome }>;

class SenderHandle implements AsyncSender {
  private dropped = false;

  constructor(
    private readonly channel: MutantBase,
    private readonly id: number,
  ) {}

  send(value: Value): Outcome | Promise<Outcome> {
    return this.live().send(value);
  }

  trySend(value: Value): Outcome {
    return this.live().trySend(value);
  }

  clone(): AsyncSender {
    const c = this.live();
    c.senders++;
    return new SenderHandle(c, c.newHandle());
  }

  drop(): void {
    this.live().dropSender();
    this.dropped = true;
  }

  private live(): MutantBase {
    if (this.dropped) throw new Error('sender used after drop');
    this.channel.call = { handle: this.id };
    return this.channel;
  }
}

class ReceiverHandle implements AsyncReceiver {
  private dropped = false;

  constructor(
    readonly channel: MutantBase,
    private readonly id: number,
  ) {}

  recv(): Outcome | Promise<Outcome> {
    return this.live().recv();
  }

  tryRecv(): Outcome {
    return this.live().tryRecv();
  }

  recvTimeout(signal: AbortSignal, timeoutMs: number): Outcome | Promise<Outcome> {
    const c = this.live();
    c.call = { handle: this.id, timeoutMs };
    return c.recvTimeoutFor(signal, timeoutMs);
  }

  clone(): AsyncReceiver {
    const c = this.live();
    if (c.params.profile !== 'mpmc') throw new Error('an mpsc receiver cannot be cloned');
    c.receivers++;
    return new ReceiverHandle(c, c.newHandle());
  }

  drop(): void {
    this.live().dropReceiver();
    this.dropped = true;
  }

  iter(): { next(): Outcome | Promise<Outcome> } {
    this.live();
    return { next: () => this.live().iterNext() };
  }

  tryIter(): { next(): Outcome } {
    this.live();
    // A mutant's try_iter may wait: the executor accepts a promise from any method.
    return { next: () => this.live().tryIterNext() as Outcome };
  }

  live(): MutantBase {
    if (this.dropped) throw new Error('receiver used after drop');
    this.channel.call = { handle: this.id };
    return this.channel;
  }
}

/** A channel mutant as an async adapter with every channel capability. */
export function mutantChannelAdapter(name: string, Channel: MutantChannelClass, options: { select?: SelectFunction; notes?: string } = {}): Adapter {
  const select = options.select ?? correctSelect;
  return {
    name,
    library: { name: 'syncspec selftest channel mutant', version: '0.0.0' },
    executor: 'async',
    capabilities: ALL_CHANNEL_CAPABILITIES,
    ...(options.notes === undefined ? {} : { notes: options.notes }),
    channel: {
      create(params: ChannelParams) {
        const channel = new Channel(params);
        return { sender: new SenderHandle(channel, 0), receiver: new ReceiverHandle(channel, 0) };
      },
      select(receivers: readonly AsyncReceiver[]) {
        return select(receivers.map((r) => (r as ReceiverHandle).live()));
      },
    },
  };
}

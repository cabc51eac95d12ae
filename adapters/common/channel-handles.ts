// What the bundled channel adapters share: Rust's handle discipline on top of a
// library's one channel object. JavaScript channels have no per-handle ownership, so
// the adapter counts handles itself: `clone()` adds a sender (or a receiver), `drop()`
// removes one, and the last one gone calls the library's own end-of-stream (its
// `close()`, its `end()`...) — each adapter says which in its `notes`. A handle used
// after its drop throws (a bug of the caller, never a result).
//
// Iterators are the spec's: each `next()` is one receive, `Some(v)` or `None`.
import type { AsyncReceiver, AsyncSender, ChannelParams, Outcome, Value } from '../../conformance/adapter/types.ts';

/** The library side of one channel, as an adapter maps it. */
export interface ChannelCore {
  send(value: Value): Outcome | Promise<Outcome>;
  trySend?(value: Value): Outcome;
  recv(): Outcome | Promise<Outcome>;
  tryRecv?(): Outcome;
  recvTimeout?(signal: AbortSignal, timeoutMs: number): Outcome | Promise<Outcome>;
  /** The last sender handle was dropped. */
  sendersGone(): void;
  /** The last receiver handle was dropped. */
  receiversGone(): void;
}

/** Handle counts of one channel, shared by its handles. */
export class HandleCounts {
  senders = 1;
  receivers = 1;
}

/**
 * Handle methods the library lacks are left out (not made to throw), so the engine
 * reports them as missing, the way it reports any method an adapter does not have.
 */
function hide(handle: object, names: readonly string[]): void {
  for (const name of names) Object.defineProperty(handle, name, { value: undefined });
}

export class CountedSender implements AsyncSender {
  private dropped = false;

  constructor(
    readonly core: ChannelCore,
    readonly counts: HandleCounts,
  ) {
    if (core.trySend === undefined) hide(this, ['trySend']);
  }

  send(value: Value): Outcome | Promise<Outcome> {
    return this.live().send(value);
  }

  trySend(value: Value): Outcome {
    const core = this.live();
    if (core.trySend === undefined) throw new Error('this adapter has no try_send');
    return core.trySend(value);
  }

  clone(): AsyncSender {
    this.live();
    this.counts.senders++;
    return new CountedSender(this.core, this.counts);
  }

  drop(): void {
    this.live();
    this.dropped = true;
    if (--this.counts.senders === 0) this.core.sendersGone();
  }

  private live(): ChannelCore {
    if (this.dropped) throw new Error('sender used after drop');
    return this.core;
  }
}

export class CountedReceiver implements AsyncReceiver {
  private dropped = false;

  constructor(
    readonly core: ChannelCore,
    readonly counts: HandleCounts,
    readonly params: ChannelParams,
  ) {
    hide(this, [...(core.tryRecv === undefined ? ['tryRecv', 'tryIter'] : []), ...(core.recvTimeout === undefined ? ['recvTimeout'] : [])]);
  }

  recv(): Outcome | Promise<Outcome> {
    return this.live().recv();
  }

  tryRecv(): Outcome {
    const core = this.live();
    if (core.tryRecv === undefined) throw new Error('this adapter has no try_recv');
    return core.tryRecv();
  }

  recvTimeout(signal: AbortSignal, timeoutMs: number): Outcome | Promise<Outcome> {
    const core = this.live();
    if (core.recvTimeout === undefined) throw new Error('this adapter has no recv_timeout');
    return core.recvTimeout(signal, timeoutMs);
  }

  clone(): AsyncReceiver {
    if (this.params.profile !== 'mpmc') throw new Error('an mpsc receiver cannot be cloned');
    this.live();
    this.counts.receivers++;
    return new CountedReceiver(this.core, this.counts, this.params);
  }

  drop(): void {
    this.live();
    this.dropped = true;
    if (--this.counts.receivers === 0) this.core.receiversGone();
  }

  iter(): { next(): Outcome | Promise<Outcome> } {
    const core = this.live();
    return {
      next: () => {
        const got = core.recv();
        return got instanceof Promise ? got.then(asItem) : asItem(got);
      },
    };
  }

  tryIter(): { next(): Outcome } {
    const core = this.live();
    if (core.tryRecv === undefined) throw new Error('this adapter has no try_recv');
    const tryRecv = core.tryRecv.bind(core);
    return { next: () => asItem(tryRecv()) };
  }

  live(): ChannelCore {
    if (this.dropped) throw new Error('receiver used after drop');
    return this.core;
  }
}

/** An iterator yields `Some(v)` for a value and ends (`None`) on anything else. */
export function asItem(outcome: Outcome): Outcome {
  return outcome.kind === 'Ok' ? { kind: 'Some', value: outcome.value ?? null } : { kind: 'None' };
}

/** A sender and a receiver on one core. */
export function countedPair(core: ChannelCore, params: ChannelParams): { sender: CountedSender; receiver: CountedReceiver } {
  const counts = new HandleCounts();
  return { sender: new CountedSender(core, counts), receiver: new CountedReceiver(core, counts, params) };
}

export const OK: Outcome = { kind: 'Ok' };
export const EMPTY: Outcome = { kind: 'Empty' };
export const DISCONNECTED: Outcome = { kind: 'Disconnected' };
export const TIMEOUT: Outcome = { kind: 'Timeout' };

/**
 * A `recv_timeout` whose deadline passed before the call (its signal has aborted already, as
 * a zero timeout's does): one look, as Rust's does, then `Timeout`. A library's own
 * cancellation may give up on an aborted signal before it looks, or pick the cancellation
 * at random among ready cases; a deadline already passed is no reason to leave a value.
 */
export function recvPastDeadline(tryRecv: () => Outcome): Outcome {
  const got = tryRecv();
  return got.kind === 'Empty' ? TIMEOUT : got;
}
export const ok = (value: Value): Outcome => ({ kind: 'Ok', value });
export const full = (value: Value): Outcome => ({ kind: 'Full', value });
export const disconnected = (value: Value): Outcome => ({ kind: 'Disconnected', value });

/** The core's receivers, for a library `select` over several of them. */
export function coresOf<C extends ChannelCore>(receivers: readonly AsyncReceiver[]): C[] {
  return receivers.map((r) => {
    if (!(r instanceof CountedReceiver)) throw new Error('select over a receiver of another adapter');
    return r.live() as C;
  });
}

/**
 * A channel flavour the adapter does not declare. The engine's examples can ask for one
 * regardless (see adapters/README.md): the adapter refuses rather than map it onto
 * another flavour, so the result names the cause.
 */
export function refuseFlavor(adapter: string, params: ChannelParams, declared: readonly string[]): void {
  if (!declared.includes(params.flavor)) throw new Error(`${adapter} does not declare ${params.flavor} channels: this scenario needs a capability the adapter lacks`);
}

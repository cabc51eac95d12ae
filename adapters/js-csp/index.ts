// The bundled adapter `js-csp`: Clojure core.async channels for JavaScript
// (chan / putAsync / takeAsync / offer / poll / close, alts in a go block).
import csp from 'js-csp';
import type { Adapter, AsyncReceiver, ChannelParams, Outcome, Value } from '../../conformance/adapter/types.ts';
import { coresOf, countedPair, disconnected, DISCONNECTED, EMPTY, full, OK, ok, TIMEOUT, type ChannelCore } from '../common/channel-handles.ts';
import { expectations } from './expectations.ts';

interface CspChan {
  close(): void;
  isClosed(): boolean;
}
interface Csp {
  chan(buf?: unknown): CspChan;
  buffers: { fixed(n: number): unknown };
  putAsync(ch: CspChan, value: unknown, cb: (ok: boolean) => void): void;
  takeAsync(ch: CspChan, cb: (value: unknown) => void): void;
  offer(ch: CspChan, value: unknown): boolean;
  poll(ch: CspChan): unknown;
  alts(ops: CspChan[], options?: unknown): unknown;
  go(gen: () => Generator<unknown, void, { value: unknown; channel: CspChan }>): unknown;
  CLOSED: null;
  NO_VALUE: unknown;
}
const c = csp as unknown as Csp;

class CspCore implements ChannelCore {
  readonly ch: CspChan;
  private receiversLeft = true;

  constructor(params: ChannelParams) {
    this.ch = params.flavor === 'rendezvous' ? c.chan() : c.chan(c.buffers.fixed(params.capacity ?? 2 ** 32 - 1));
  }

  send(value: Value): Outcome | Promise<Outcome> {
    if (!this.receiversLeft) return disconnected(value);
    return new Promise((resolve) => c.putAsync(this.ch, box(value), (sent) => resolve(sent ? OK : disconnected(value))));
  }

  trySend(value: Value): Outcome {
    if (!this.receiversLeft || this.ch.isClosed()) return disconnected(value);
    return c.offer(this.ch, box(value)) ? OK : full(value);
  }

  recv(): Promise<Outcome> {
    return new Promise((resolve) => c.takeAsync(this.ch, (value) => resolve(received(value))));
  }

  tryRecv(): Outcome {
    const value = c.poll(this.ch);
    // poll on a closed, drained channel gives NO_VALUE too: isClosed() tells it apart.
    if (value === c.NO_VALUE) return this.ch.isClosed() ? DISCONNECTED : EMPTY;
    return received(value);
  }

  recvTimeout(signal: AbortSignal): Promise<Outcome> {
    // alts over the channel and a cancel channel the signal closes: core.async's own way to give up.
    const cancel = c.chan();
    if (signal.aborted) cancel.close();
    else signal.addEventListener('abort', () => cancel.close(), { once: true });
    return new Promise((resolve) => {
      const ch = this.ch;
      c.go(function* (): Generator<unknown, void, { value: unknown; channel: CspChan }> {
        // In order: alts picks at random among ready cases, and a deadline already passed (a zero timeout's) is no reason to leave a value.
        const r = yield c.alts([ch, cancel], { priority: true });
        resolve(r.channel === cancel ? TIMEOUT : received(r.value));
      });
    });
  }

  sendersGone(): void {
    this.ch.close();
  }

  receiversGone(): void {
    this.receiversLeft = false;
  }
}

/** null is js-csp's CLOSED, which a channel cannot carry (putting it throws): every value travels boxed, as a program that sends arbitrary values through js-csp must. */
interface Boxed {
  readonly value: Value;
}

function box(value: Value): Boxed {
  return { value };
}

function received(taken: unknown): Outcome {
  return taken === c.CLOSED ? DISCONNECTED : ok((taken as Boxed).value);
}

function select(receivers: readonly AsyncReceiver[]): Promise<{ index: number; outcome: Outcome }> {
  const chans = coresOf<CspCore>(receivers).map((core) => core.ch);
  return new Promise((resolve) => {
    c.go(function* (): Generator<unknown, void, { value: unknown; channel: CspChan }> {
      const r = yield c.alts(chans, { priority: true });
      resolve({ index: chans.indexOf(r.channel), outcome: received(r.value) });
    });
  });
}

const adapter: Adapter = {
  name: 'js-csp',
  library: { name: 'js-csp', version: '1.0.1', url: 'https://github.com/js-csp/js-csp' },
  executor: 'async',
  capabilities: ['unbounded', 'bounded', 'rendezvous', 'send', 'try_send', 'recv', 'try_recv', 'recv_timeout', 'clone', 'disconnect', 'iter', 'try_iter', 'mpmc', 'select'],
  notes:
    'sync_channel(0) is chan(), sync_channel(n) chan(buffers.fixed(n)), channel() chan(buffers.fixed(2^32 - 1)) (Infinity is an invalid array length). send is putAsync (false: Disconnected(v)), try_send offer (false: Full(v), or Disconnected(v) on a closed channel), recv takeAsync (CLOSED, i.e. null: Disconnected), try_recv poll (NO_VALUE: Empty, or Disconnected when isClosed()). ' +
    'recv_timeout is alts([ch, cancel]) in a go block, cancel a channel the AbortSignal closes; select is alts(chans, { priority: true }) in a go block. ' +
    'The adapter counts handles: the last sender dropped calls close(). core.async has no receiver side close: once the last receiver is dropped the adapter answers sends Disconnected(v) itself; a put already waiting stays waiting. ' +
    'null is js-csp\'s CLOSED: a channel cannot carry it (putting it throws), so the adapter boxes every value.',
  expectations,
  channel: {
    create(params: ChannelParams) {
      return countedPair(new CspCore(params), params);
    },
    select,
  },
};

export default adapter;

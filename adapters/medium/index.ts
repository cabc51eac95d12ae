// The bundled adapter `medium`: CSP channels on promises (chan / put / take / close,
// buffers.fixed), with `any` as select.
import medium from 'medium';
import type { Adapter, AsyncReceiver, ChannelParams, Outcome, Value } from '../../conformance/adapter/types.ts';
import { coresOf, countedPair, disconnected, DISCONNECTED, OK, ok, TIMEOUT, type ChannelCore } from '../common/channel-handles.ts';
import { expectations } from './expectations.ts';

interface MediumChan {
  isClosed: boolean;
  takes: { promise: Promise<unknown> }[];
}
interface Medium {
  chan(buffer?: unknown): MediumChan;
  put(ch: MediumChan, value: unknown): Promise<boolean>;
  take(ch: MediumChan): Promise<unknown>;
  close(ch: MediumChan): MediumChan;
  any(...ports: MediumChan[]): Promise<[unknown, MediumChan]>;
  cancel(ch: MediumChan, promise: Promise<unknown>): void;
  buffers: { fixed(n: number): unknown };
  CLOSED: symbol;
}
const m = medium as unknown as Medium;

class MediumCore implements ChannelCore {
  readonly ch: MediumChan;
  private receiversLeft = true;

  constructor(params: ChannelParams) {
    this.ch = params.flavor === 'rendezvous' ? m.chan() : m.chan(m.buffers.fixed(params.capacity ?? Infinity));
  }

  async send(value: Value): Promise<Outcome> {
    if (!this.receiversLeft) return disconnected(value);
    return (await m.put(this.ch, value)) ? OK : disconnected(value);
  }

  async recv(): Promise<Outcome> {
    return received(await m.take(this.ch));
  }

  recvTimeout(signal: AbortSignal): Outcome | Promise<Outcome> {
    const taking = m.take(this.ch);
    return new Promise((resolve) => {
      const onAbort = () => {
        // medium's cancel(ch, promise) takes a pending take off the channel. A take no longer
        // pending already has its value on the way: it is awaited, not cancelled (cancel would
        // then remove another take: findIndexByProp's -1 passes its isDefined check). close()
        // resolves every pending take with CLOSED but leaves it in the list: closed, it is on the way too.
        if (this.ch.isClosed || !this.ch.takes.some((t) => t.promise === taking)) return;
        m.cancel(this.ch, taking);
        resolve(TIMEOUT);
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      void taking.then((got) => {
        signal.removeEventListener('abort', onAbort);
        resolve(received(got));
      });
    });
  }

  sendersGone(): void {
    m.close(this.ch);
  }

  receiversGone(): void {
    this.receiversLeft = false;
    if (!this.ch.isClosed) m.close(this.ch);
  }
}

function received(got: unknown): Outcome {
  return got === m.CLOSED ? DISCONNECTED : ok(got as Value);
}

async function select(receivers: readonly AsyncReceiver[]): Promise<{ index: number; outcome: Outcome }> {
  const cores = coresOf<MediumCore>(receivers);
  const [got, ch] = await m.any(...cores.map((c) => c.ch));
  return { index: cores.findIndex((c) => c.ch === ch), outcome: received(got) };
}

const adapter: Adapter = {
  name: 'medium',
  library: { name: 'medium', version: '1.2.0', url: 'https://github.com/bbarr/medium' },
  executor: 'async',
  capabilities: ['unbounded', 'bounded', 'rendezvous', 'send', 'recv', 'recv_timeout', 'clone', 'disconnect', 'iter', 'mpmc', 'select'],
  notes:
    'sync_channel(0) is chan() (its base buffer: a put waits for a take), sync_channel(n) chan(buffers.fixed(n)), channel() chan(buffers.fixed(Infinity)). send is put() (false on a closed channel: Disconnected(v)), recv is take() (CLOSED: Disconnected), select is any(...chans). ' +
    'The library has one close() for both ends; the adapter counts handles: the last sender dropped calls close(); the last receiver dropped calls close() too, and the adapter answers later sends Disconnected(v) itself (a put already waiting stays where the library leaves it). recv_timeout is take() cancelled on timeout with the library\'s cancel(ch, promise), called only while that take is still pending, and the channel open (close() resolves pending takes but leaves them listed; cancel of a take no longer pending removes the channel\'s last pending take instead: findIndexByProp returns -1, which its isDefined check lets through). Not declared: try_* (none in medium).',
  expectations,
  channel: {
    create(params: ChannelParams) {
      return countedPair(new MediumCore(params), params);
    },
    select,
  },
};

export default adapter;

// The bundled adapter `thi.ng-csp`: @thi.ng/csp's `Channel` (read / write / poll /
// offer / close, `select`), async/await CSP.
import { Channel, select as cspSelect } from '@thi.ng/csp';
import type { Adapter, AsyncReceiver, ChannelParams, Outcome, Value } from '../../conformance/adapter/types.ts';
import { coresOf, countedPair, disconnected, DISCONNECTED, EMPTY, full, OK, ok, refuseFlavor, type ChannelCore } from '../common/channel-handles.ts';
import { expectations } from './expectations.ts';

class ThingCore implements ChannelCore {
  readonly chan: Channel<Value>;
  private receiversLeft = true;

  constructor(params: ChannelParams) {
    refuseFlavor('thi.ng-csp', params, ['unbounded', 'bounded']);
    // A FIFO buffer is an array of its capacity (sparse until used): "unbounded" is 2^32 - 1 slots.
    this.chan = new Channel<Value>(params.capacity ?? 2 ** 32 - 1);
  }

  async send(value: Value): Promise<Outcome> {
    if (!this.receiversLeft) return disconnected(value);
    return (await this.chan.write(value)) ? OK : disconnected(value);
  }

  trySend(value: Value): Outcome {
    if (!this.receiversLeft || !this.chan.writable()) return disconnected(value);
    return this.chan.offer(value) ? OK : full(value);
  }

  async recv(): Promise<Outcome> {
    const got = await this.chan.read();
    return got === undefined ? DISCONNECTED : ok(got);
  }

  tryRecv(): Outcome {
    const got = this.chan.poll();
    if (got !== undefined) return ok(got);
    return this.chan.readable() ? EMPTY : DISCONNECTED;
  }

  sendersGone(): void {
    this.chan.close();
  }

  receiversGone(): void {
    this.receiversLeft = false;
  }
}

async function select(receivers: readonly AsyncReceiver[]): Promise<{ index: number; outcome: Outcome }> {
  const chans = coresOf<ThingCore>(receivers).map((core) => core.chan);
  const [got, chan] = await cspSelect(chans[0], ...chans.slice(1));
  return { index: chans.indexOf(chan), outcome: got === undefined ? DISCONNECTED : ok(got) };
}

const adapter: Adapter = {
  name: 'thi.ng-csp',
  library: { name: '@thi.ng/csp', version: '3.2.44', url: 'https://github.com/thi-ng/umbrella/tree/develop/packages/csp' },
  executor: 'async',
  capabilities: ['unbounded', 'bounded', 'send', 'try_send', 'recv', 'try_recv', 'clone', 'disconnect', 'iter', 'try_iter', 'mpmc', 'select'],
  notes:
    'sync_channel(n) is new Channel(n) (a FIFO buffer of n), channel() new Channel(2^32 - 1); no rendezvous (a FIFO buffer needs a capacity of at least 1). send is write() (false: Disconnected(v)), try_send offer() (false: Full(v), or Disconnected(v) when not writable), recv read() (undefined: Disconnected), try_recv poll() (undefined: Empty while readable(), else Disconnected), select is select(...chans). ' +
    'The adapter counts handles: the last sender dropped calls close() (values buffered are still read). The library has no receiver side close: once the last receiver is dropped the adapter answers sends Disconnected(v) itself; a write already waiting stays waiting.',
  expectations,
  channel: {
    create(params: ChannelParams) {
      return countedPair(new ThingCore(params), params);
    },
    select,
  },
};

export default adapter;

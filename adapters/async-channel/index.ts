// The bundled adapter `async-channel`: the `Channel` of async-channel (push / get /
// close), whose buffer capacity gives all three flavours.
import { Channel, ChannelClearedError, ChannelClosedError } from 'async-channel';
import type { Adapter, ChannelParams, Outcome, Value } from '../../conformance/adapter/types.ts';
import { countedPair, disconnected, DISCONNECTED, OK, ok, type ChannelCore } from '../common/channel-handles.ts';

class AsyncChannelCore implements ChannelCore {
  readonly chan: Channel<Value>;

  constructor(params: ChannelParams) {
    this.chan = new Channel<Value>(params.capacity ?? Infinity);
  }

  async send(value: Value): Promise<Outcome> {
    try {
      await this.chan.push(value);
      return OK;
    } catch (e) {
      if (e instanceof ChannelClosedError || e instanceof ChannelClearedError) return disconnected(value);
      throw e;
    }
  }

  async recv(): Promise<Outcome> {
    try {
      return ok(await this.chan.get());
    } catch (e) {
      if (e instanceof ChannelClosedError) return DISCONNECTED;
      throw e;
    }
  }

  sendersGone(): void {
    if (!this.chan.closed) this.chan.close();
  }

  receiversGone(): void {
    // close(true): buffered values and blocked senders are cleared; blocked senders reject.
    if (!this.chan.closed) this.chan.close(true);
  }
}

const adapter: Adapter = {
  name: 'async-channel',
  library: { name: 'async-channel', version: '0.2.0', url: 'https://github.com/tscpp/async-channel' },
  executor: 'async',
  capabilities: ['unbounded', 'bounded', 'rendezvous', 'send', 'recv', 'clone', 'disconnect', 'iter', 'mpmc'],
  notes:
    'channel() is new Channel(Infinity), sync_channel(n) new Channel(n), sync_channel(0) new Channel(0). send is push(), recv is get(). ' +
    'The library has one close() for both ends; the adapter counts handles (clone/drop): the last sender dropped calls close(), the last receiver dropped calls close(true) (clears the buffer, rejects blocked senders) unless the senders already closed it. ' +
    'A push or get rejected with ChannelClosedError (or ChannelClearedError) is read as Disconnected. No try_send, try_recv, recv_timeout or select in the library.',
  channel: {
    create(params: ChannelParams) {
      return countedPair(new AsyncChannelCore(params), params);
    },
  },
};

export default adapter;

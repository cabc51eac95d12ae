// The bundled adapter `queueable`: queueable's `Channel`, a push/pull balancer whose
// push(value) settles once a next() took the value.
import { Channel } from 'queueable';
import type { Adapter, ChannelParams, Outcome, Value } from '../../conformance/adapter/types.ts';
import { countedPair, disconnected, DISCONNECTED, OK, ok, type ChannelCore } from '../common/channel-handles.ts';
import { expectations } from './expectations.ts';

class QueueableCore implements ChannelCore {
  readonly chan: Channel<Value>;
  private readonly waits: boolean;

  constructor(params: ChannelParams) {
    // Channel(limit) is a sliding window (the oldest unpulled value is dropped), not a
    // bounded channel: sync_channel(n) maps onto it all the same, and the suite says what that gives.
    this.chan = new Channel<Value>(params.flavor === 'bounded' ? params.capacity! : Infinity);
    this.waits = params.flavor === 'rendezvous';
  }

  private get closed(): boolean {
    return (this.chan as unknown as { closed: boolean }).closed;
  }

  async send(value: Value): Promise<Outcome> {
    const pushed = this.chan.push(value);
    if (!this.waits) return this.closed ? disconnected(value) : OK;
    const result = await pushed;
    return result.done === true ? disconnected(value) : OK;
  }

  async recv(): Promise<Outcome> {
    const got = await this.chan.next();
    return got.done === true ? DISCONNECTED : ok(got.value);
  }

  sendersGone(): void {
    // The in-band end: push(_, true) is delivered after the values pushed before it, then the channel closes.
    void this.chan.push(null, true);
  }

  receiversGone(): void {
    this.chan.close();
  }
}

const adapter: Adapter = {
  name: 'queueable',
  library: { name: 'queueable', version: '5.3.2', url: 'https://github.com/slikts/queueable' },
  executor: 'async',
  capabilities: ['unbounded', 'bounded', 'rendezvous', 'send', 'recv', 'clone', 'disconnect', 'iter', 'mpmc'],
  notes:
    'channel() is new Channel() and send does not await push(); sync_channel(0) is new Channel() and send awaits push() (it settles when a next() takes the value); sync_channel(n) is new Channel(n), whose limit the library applies as a sliding window, and send does not await. ' +
    'The adapter counts handles: the last sender dropped pushes the library\'s in-band end (push(_, done = true)), which next() delivers after the values before it; the last receiver dropped calls close(). ' +
    'On a closed channel push resolves { done: true } (awaited: Disconnected(v)); for a send that does not await, the adapter reads the channel\'s closed flag. Not declared: try_*, recv_timeout, select.',
  expectations,
  channel: {
    create(params: ChannelParams) {
      return countedPair(new QueueableCore(params), params);
    },
  },
};

export default adapter;

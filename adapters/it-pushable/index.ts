// The bundled adapter `it-pushable`: an async iterable you push values into
// (`pushable({ objectMode: true })`): push / next / end / return.
import { pushable, type Pushable } from 'it-pushable';
import type { Adapter, ChannelParams, Outcome, Value } from '../../conformance/adapter/types.ts';
import { refuseFlavor, countedPair, DISCONNECTED, OK, ok, type ChannelCore } from '../common/channel-handles.ts';
import { expectations } from './expectations.ts';

class PushableCore implements ChannelCore {
  readonly source: Pushable<Value> = pushable<Value>({ objectMode: true });

  send(value: Value): Outcome {
    // push never waits and never fails: after end() (or the consumer's return()) it drops the value silently.
    this.source.push(value);
    return OK;
  }

  async recv(): Promise<Outcome> {
    const got = await this.source.next();
    return got.done === true ? DISCONNECTED : ok(got.value);
  }

  sendersGone(): void {
    this.source.end();
  }

  receiversGone(): void {
    void this.source.return();
  }
}

const adapter: Adapter = {
  name: 'it-pushable',
  library: { name: 'it-pushable', version: '3.2.4', url: 'https://github.com/achingbrain/it-pushable' },
  executor: 'async',
  capabilities: ['unbounded', 'send', 'recv', 'clone', 'disconnect', 'iter'],
  notes:
    'channel() is pushable({ objectMode: true }); send is push(v) (it never waits and returns no status: Ok), recv is next(). ' +
    'The adapter counts sender handles: the last sender dropped calls end(); the receiver dropped calls return(). Nothing else is added: a push after end() or return() is silently dropped by the library, and the adapter reports the Ok it cannot tell apart. ' +
    'Not declared: mpmc (two concurrent next() calls overwrite each other\'s wake-up: a single-consumer iterable), bounded/rendezvous (no backpressure; onEmpty() waits for the buffer to drain, not for room), try_*, recv_timeout, select.',
  expectations,
  channel: {
    create(params: ChannelParams) {
      refuseFlavor('it-pushable', params, ['unbounded']);
      return countedPair(new PushableCore(), params);
    },
  },
};

export default adapter;

// The bundled adapter `chan`: go-style channels for co (`chan(n)` is a function: called
// with a value it sends and returns a thunk; called with a callback it receives).
import makeChan from 'chan';
import type { Adapter, AsyncReceiver, ChannelParams, Outcome, Value } from '../../conformance/adapter/types.ts';
import { coresOf, countedPair, disconnected, DISCONNECTED, OK, ok, type ChannelCore } from '../common/channel-handles.ts';
import { expectations } from './expectations.ts';

type Callback = (err: Error | null, value?: unknown) => void;
interface ChanFn {
  (value: unknown): (cb: (err: Error | null) => void) => void;
  (cb: Callback): void;
  close(): void;
  empty: object;
  selected?: (cb: Callback) => void;
}
const make = makeChan as unknown as ((bufferSize?: number) => ChanFn) & { select(...chans: ChanFn[]): ChanFn };

class ChanCore implements ChannelCore {
  readonly ch: ChanFn;
  private receiversLeft = true;

  constructor(params: ChannelParams) {
    // The buffer size goes through parseInt: Infinity would become 0, so "unbounded" is the largest safe integer.
    this.ch = make(params.capacity ?? Number.MAX_SAFE_INTEGER);
  }

  send(value: Value): Outcome | Promise<Outcome> {
    if (!this.receiversLeft) return disconnected(value);
    const thunk = this.ch(value);
    return new Promise((resolve) => thunk((err) => resolve(err ? disconnected(value) : OK)));
  }

  recv(): Promise<Outcome> {
    return new Promise((resolve) => this.ch((err: Error | null, value?: unknown) => resolve(received(this.ch, err, value))));
  }

  sendersGone(): void {
    this.ch.close();
  }

  receiversGone(): void {
    this.receiversLeft = false;
  }
}

function received(ch: ChanFn, err: Error | null, value: unknown): Outcome {
  if (err) throw err;
  return value === ch.empty ? DISCONNECTED : ok(value as Value);
}

function select(receivers: readonly AsyncReceiver[]): Promise<{ index: number; outcome: Outcome }> {
  const cores = coresOf<ChanCore>(receivers);
  const chans = cores.map((c) => c.ch);
  return new Promise((resolve, reject) => {
    make.select(...chans)((err: Error | null, picked?: unknown) => {
      if (err) return reject(err);
      const ch = picked as ChanFn;
      ch.selected!((e, value) => {
        try {
          resolve({ index: chans.indexOf(ch), outcome: received(ch, e, value) });
        } catch (x) {
          reject(x);
        }
      });
    });
  });
}

const adapter: Adapter = {
  name: 'chan',
  library: { name: 'chan', version: '0.6.1', url: 'https://github.com/brentburg/chan' },
  executor: 'async',
  capabilities: ['unbounded', 'bounded', 'rendezvous', 'send', 'recv', 'clone', 'disconnect', 'iter', 'mpmc', 'select'],
  notes:
    'sync_channel(n) is chan(n), sync_channel(0) chan(0), channel() chan(Number.MAX_SAFE_INTEGER) (the size goes through parseInt, which turns Infinity into 0). ' +
    'send calls ch(value) and waits for the thunk\'s callback (called, on a later setImmediate, once the value is in the buffer or taken; with an error if the channel is closed: Disconnected(v)); recv is ch(callback) (ch.empty: Disconnected); select is chan.select(...) then the picked channel\'s selected(). ' +
    'The adapter counts handles: the last sender dropped calls close(). chan has no receiver side close: once the last receiver is dropped the adapter answers sends Disconnected(v) itself; a send already waiting stays waiting.',
  expectations,
  channel: {
    create(params: ChannelParams) {
      return countedPair(new ChanCore(params), params);
    },
    select,
  },
};

export default adapter;

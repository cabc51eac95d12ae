// The bundled adapter `ts-chan`: Go-style channels (ts-chan's `Chan`), driven through
// its own operations: `send`/`recv` (with its AbortSignal for recv_timeout),
// `trySend`/`tryRecv`, `close()` and `Select`.
import { Chan, recv as recvCase, Select, SendOnClosedChannelError } from 'ts-chan';
import type { Adapter, AsyncReceiver, ChannelParams, Outcome, Value } from '../../conformance/adapter/types.ts';
import { coresOf, countedPair, disconnected, DISCONNECTED, EMPTY, full, OK, ok, recvPastDeadline, TIMEOUT, type ChannelCore } from '../common/channel-handles.ts';

/** The largest capacity ts-chan accepts (an array length). */
const UNBOUNDED = 2 ** 32 - 1;

class TsChanCore implements ChannelCore {
  readonly chan: Chan<Value>;
  /** Aborts the sends still blocked when the last receiver goes (the adapter's receiver-side disconnection). */
  private readonly receiversGoneCtl = new AbortController();
  private receiversLeft = true;

  constructor(params: ChannelParams) {
    // No unbounded Chan: a buffer of 2^32 - 1 slots (a sparse array, allocated as used) never fills.
    this.chan = new Chan<Value>(params.capacity ?? UNBOUNDED);
  }

  async send(value: Value): Promise<Outcome> {
    if (!this.receiversLeft) return disconnected(value);
    try {
      await this.chan.send(value, this.receiversGoneCtl.signal);
      return OK;
    } catch (e) {
      if (e instanceof SendOnClosedChannelError || this.receiversGoneCtl.signal.aborted) return disconnected(value);
      throw e;
    }
  }

  trySend(value: Value): Outcome {
    if (!this.receiversLeft) return disconnected(value);
    try {
      return this.chan.trySend(value) ? OK : full(value);
    } catch (e) {
      if (e instanceof SendOnClosedChannelError) return disconnected(value);
      throw e;
    }
  }

  async recv(): Promise<Outcome> {
    const got = await this.chan.recv();
    return got.done === true ? DISCONNECTED : ok(got.value);
  }

  tryRecv(): Outcome {
    const got = this.chan.tryRecv();
    if (got === undefined) return EMPTY;
    return got.done === true ? DISCONNECTED : ok(got.value);
  }

  async recvTimeout(signal: AbortSignal): Promise<Outcome> {
    // recv(signal) on an aborted signal throws before it looks at the buffer.
    if (signal.aborted) return recvPastDeadline(() => this.tryRecv());
    // ts-chan's own cancellation: recv(signal) leaves the receiver queue when the signal aborts.
    try {
      const got = await this.chan.recv(signal);
      return got.done === true ? DISCONNECTED : ok(got.value);
    } catch (e) {
      if (signal.aborted) return TIMEOUT;
      throw e;
    }
  }

  sendersGone(): void {
    this.chan.close();
  }

  receiversGone(): void {
    this.receiversLeft = false;
    this.receiversGoneCtl.abort();
  }
}

async function select(receivers: readonly AsyncReceiver[]): Promise<{ index: number; outcome: Outcome }> {
  const cores = coresOf<TsChanCore>(receivers);
  const sel = new Select(cores.map((c) => recvCase(c.chan)));
  const index = sel.poll() ?? (await sel.wait());
  const got = sel.recv(sel.cases[index]);
  return { index, outcome: got.done === true ? DISCONNECTED : ok(got.value as Value) };
}

const adapter: Adapter = {
  name: 'ts-chan',
  library: { name: 'ts-chan', version: '0.6.0', url: 'https://github.com/joeycumines/ts-chan' },
  executor: 'async',
  capabilities: ['unbounded', 'bounded', 'rendezvous', 'send', 'try_send', 'recv', 'try_recv', 'recv_timeout', 'clone', 'disconnect', 'iter', 'try_iter', 'mpmc', 'select'],
  notes:
    'sync_channel(n) is new Chan(n), sync_channel(0) new Chan(0) (unbuffered); ts-chan has no unbounded channel (its capacity must be a finite integer): channel() is new Chan(2^32 - 1), whose sparse buffer never fills in practice. ' +
    'The adapter counts handles (clone/drop): the last sender dropped calls chan.close(). ' +
    'Go channels have no receiver side close: the adapter adds it — once the last receiver is dropped, sends return Disconnected(v) without reaching the library, and sends still blocked are cancelled through their AbortSignal and answer Disconnected(v). ' +
    'send on a closed channel (a Go panic, SendOnClosedChannelError) is read as Disconnected(v). recv_timeout is recv(signal); select is ts-chan\'s Select over recv cases.',
  channel: {
    create(params: ChannelParams) {
      return countedPair(new TsChanCore(params), params);
    },
    select,
  },
};

export default adapter;

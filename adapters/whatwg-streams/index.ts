// The bundled adapter `whatwg-streams`: an identity TransformStream (Node's built-in
// WHATWG streams), the readable side's highWaterMark giving the flavour: 0 for a
// rendezvous, n for sync_channel(n), Infinity for channel().
import type { Adapter, ChannelParams, Outcome, Value } from '../../conformance/adapter/types.ts';
import { countedPair, disconnected, DISCONNECTED, OK, ok, type ChannelCore } from '../common/channel-handles.ts';

class StreamCore implements ChannelCore {
  private readonly writer: WritableStreamDefaultWriter<Value>;
  private readonly reader: ReadableStreamDefaultReader<Value>;

  constructor(params: ChannelParams) {
    const stream = new TransformStream<Value, Value>(undefined, { highWaterMark: 0 }, { highWaterMark: params.capacity ?? Infinity });
    this.writer = stream.writable.getWriter();
    this.reader = stream.readable.getReader();
  }

  async send(value: Value): Promise<Outcome> {
    try {
      await this.writer.write(value);
      return OK;
    } catch {
      return disconnected(value);
    }
  }

  async recv(): Promise<Outcome> {
    const got = await this.reader.read();
    return got.done ? DISCONNECTED : ok(got.value);
  }

  sendersGone(): void {
    this.writer.close().catch(() => {});
  }

  receiversGone(): void {
    this.reader.cancel().catch(() => {});
  }
}

const adapter: Adapter = {
  name: 'whatwg-streams',
  library: { name: 'WHATWG streams (node TransformStream)', version: process.versions.node, url: 'https://streams.spec.whatwg.org/' },
  executor: 'async',
  capabilities: ['unbounded', 'bounded', 'rendezvous', 'send', 'recv', 'clone', 'disconnect', 'iter', 'mpmc'],
  notes:
    'Each channel is an identity TransformStream whose writable side has highWaterMark 0 and whose readable side has highWaterMark 0 (rendezvous), n (sync_channel(n)) or Infinity (channel()); all senders share one writer, all receivers one reader. ' +
    'send awaits writer.write(v) (a rejection: Disconnected(v)), recv is reader.read() (done: Disconnected). The adapter counts handles: the last sender dropped calls writer.close(), the last receiver dropped reader.cancel(). ' +
    'Not declared: try_* (a stream has no synchronous read or write), recv_timeout (a read cannot be cancelled without cancelling the stream), select. The library version is Node\'s.',
  channel: {
    create(params: ChannelParams) {
      return countedPair(new StreamCore(params), params);
    },
  },
};

export default adapter;

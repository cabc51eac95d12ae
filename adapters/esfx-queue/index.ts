// The bundled adapter `esfx-queue`: @esfx/async-queue's `AsyncQueue` (put / get /
// doneWriting / doneReading), an unbounded async queue.
import { AsyncQueue } from '@esfx/async-queue';
import type { Adapter, ChannelParams, Outcome, Value } from '../../conformance/adapter/types.ts';
import { countedPair, disconnected, DISCONNECTED, OK, ok, refuseFlavor, type ChannelCore } from '../common/channel-handles.ts';
import { expectations } from './expectations.ts';

class EsfxQueueCore implements ChannelCore {
  readonly queue = new AsyncQueue<Value>();

  send(value: Value): Outcome {
    if (!this.queue.writable) return disconnected(value);
    this.queue.put(value);
    return OK;
  }

  async recv(): Promise<Outcome> {
    if (this.queue.done) return DISCONNECTED;
    try {
      return ok(await this.queue.get());
    } catch {
      return DISCONNECTED;
    }
  }

  sendersGone(): void {
    this.queue.doneWriting();
  }

  receiversGone(): void {
    this.queue.doneReading();
  }
}

const adapter: Adapter = {
  name: 'esfx-queue',
  library: { name: '@esfx/async-queue', version: '1.0.0', url: 'https://github.com/esfx/esfx/tree/main/packages/async-queue' },
  executor: 'async',
  capabilities: ['unbounded', 'send', 'recv', 'clone', 'disconnect', 'iter', 'mpmc'],
  notes:
    'channel() is new AsyncQueue(); send is put() (Disconnected(v) once the queue is not writable), recv is get() (Disconnected when the queue reports done, or when get rejects). ' +
    'The adapter counts handles: the last sender dropped calls doneWriting(), the last receiver dropped doneReading(). Unbounded only (no capacity); no try_* (size is there, but no synchronous take); recv_timeout not mapped (get takes an @esfx Cancelable).',
  expectations,
  channel: {
    create(params: ChannelParams) {
      refuseFlavor('esfx-queue', params, ['unbounded']);
      return countedPair(new EsfxQueueCore(), params);
    },
  },
};

export default adapter;

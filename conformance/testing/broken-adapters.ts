// Adapters whose mapping onto the library is broken, one way each: the executor must
// report an error naming the adapter and the operation, never crash. Each is the
// correct promise-channel adapter with one method replaced (or removed).
import type { Adapter, AsyncChannelFactory, AsyncReceiver, AsyncSender } from '../adapter/types.ts';
import { promiseChannelAdapter } from './promise-channel-adapter.ts';
import { override, type Methods } from './override-methods.ts';

export interface BrokenAdapter {
  readonly adapter: Adapter;
  /** The scenario operation that meets the breakage, in example notation, and the adapter method the error must name. */
  readonly op: string;
  readonly method: string;
}

interface Breakage {
  readonly sender?: Methods<AsyncSender>;
  readonly receiver?: Methods<AsyncReceiver>;
  readonly factory?: Methods<AsyncChannelFactory>;
}

function broken(name: string, breakage: Breakage): Adapter {
  const base = promiseChannelAdapter(name);
  const factory = base.channel!;
  return {
    ...base,
    channel: override(factory, {
      create(params: Parameters<AsyncChannelFactory['create']>[0]) {
        const { sender, receiver } = factory.create(params);
        return { sender: override(sender, breakage.sender ?? {}), receiver: override(receiver, breakage.receiver ?? {}) };
      },
      ...breakage.factory,
    }),
  };
}

export const brokenAdapters: readonly BrokenAdapter[] = [
  {
    adapter: broken('send-throws', { sender: { send: () => { throw new Error('boom'); } } }),
    op: 'send',
    method: 'sender.send',
  },
  {
    adapter: broken('recv-rejects', { receiver: { recv: () => Promise.reject(new TypeError('stream closed')) } }),
    op: 'recv',
    method: 'receiver.recv',
  },
  {
    adapter: broken('try-send-not-an-outcome', { sender: { trySend: () => 42 } }),
    op: 'try_send',
    method: 'sender.trySend',
  },
  {
    adapter: broken('try-recv-impossible-kind', { receiver: { tryRecv: () => ({ kind: 'Full', value: 1 }) } }),
    op: 'try_recv',
    method: 'receiver.tryRecv',
  },
  {
    adapter: broken('recv-resolves-garbage', { receiver: { recv: () => Promise.resolve('hello') } }),
    op: 'recv',
    method: 'receiver.recv',
  },
  {
    adapter: broken('no-try-recv', { receiver: { tryRecv: undefined } }),
    op: 'try_recv',
    method: 'receiver.tryRecv',
  },
  {
    adapter: broken('no-drop', { sender: { drop: undefined } }),
    op: 'drop',
    method: 'sender.drop',
  },
  {
    adapter: broken('no-select', { factory: { select: undefined } }),
    op: 'select',
    method: 'channel.select',
  },
  {
    adapter: broken('select-bad-index', { factory: { select: () => ({ index: 7, outcome: { kind: 'Ok', value: 1 } }) } }),
    op: 'select',
    method: 'channel.select',
  },
  {
    adapter: broken('clone-returns-nothing', { sender: { clone: () => undefined } }),
    op: 'clone',
    method: 'sender.clone',
  },
];

/** Creating the channel fails: the error names the adapter and `channel.create`, no operation. */
export const createThrows: Adapter = broken('create-throws', {
  factory: {
    create: () => {
      throw new Error('no channels today');
    },
  },
});

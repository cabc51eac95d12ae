// The testing promise channel with some methods of its handles replaced: the stalling
// and broken adapters of the executor tests are built this way.
import type { Adapter, AsyncReceiver, AsyncSender } from '../adapter/types.ts';
import { promiseChannelAdapter } from './promise-channel-adapter.ts';

export type Methods<H> = { readonly [K in keyof H]?: unknown };

/** The testing promise channel, with some methods of its handles replaced (each given the original handle). */
export function withHandles(
  name: string,
  replace: { readonly sender?: (original: AsyncSender) => Methods<AsyncSender>; readonly receiver?: (original: AsyncReceiver) => Methods<AsyncReceiver> },
): Adapter {
  const base = promiseChannelAdapter(name);
  return {
    ...base,
    channel: {
      ...base.channel!,
      create(params) {
        const { sender, receiver } = base.channel!.create(params);
        return {
          sender: replace.sender === undefined ? sender : override(sender, replace.sender(sender)),
          receiver: replace.receiver === undefined ? receiver : override(receiver, replace.receiver(receiver)),
        };
      },
    },
  };
}

/** The handle with some methods replaced; everything else is the original's. */
export function override<H extends object>(handle: H, methods: Methods<H>): H {
  return Object.assign(Object.create(handle) as H, methods);
}

// Wrong threads implementations for the engine's tests, built on the bundled reference
// adapter: each wraps its handles (wherever they are created or adopted, since handles
// travel between workers) or changes the channels it creates. A module that uses this
// passes its own import.meta.url, which is what the workers import.
import type { Adapter, AsyncReceiver, AsyncSender, ChannelParams } from '../../adapter/types.ts';
import reference from '../../../adapters/reference/index.ts';

export interface Wrapping {
  readonly params?: (params: ChannelParams) => ChannelParams;
  readonly sender?: (sender: AsyncSender) => AsyncSender;
  readonly receiver?: (receiver: AsyncReceiver) => AsyncReceiver;
}

/** `handle` with some methods replaced; everything else (and `instanceof`) is the original's. */
export function overriding<T extends object>(handle: T, methods: Partial<T>): T {
  return new Proxy(handle, {
    get: (target, property, proxy) => (property in methods ? (methods as Record<PropertyKey, unknown>)[property] : Reflect.get(target, property, proxy)),
  });
}

export function wrapReference(name: string, module: string, wrapping: Wrapping): Adapter {
  const sender = wrapping.sender ?? ((s: AsyncSender) => s);
  const receiver = wrapping.receiver ?? ((r: AsyncReceiver) => r);
  const threads = reference.threads!;
  return {
    ...reference,
    name,
    channel: {
      ...reference.channel!,
      create: (params: ChannelParams) => {
        const created = reference.channel!.create(wrapping.params?.(params) ?? params);
        return { sender: sender(created.sender), receiver: receiver(created.receiver) };
      },
    },
    threads: {
      ...threads,
      module,
      adopt: (descriptor, role) => {
        const adopted = threads.adopt(descriptor, role);
        return role === 'sender' ? sender(adopted as AsyncSender) : role === 'receiver' ? receiver(adopted as AsyncReceiver) : adopted;
      },
    },
  };
}

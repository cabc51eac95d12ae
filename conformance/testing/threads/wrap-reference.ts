// Wrong threads implementations for the engine's tests and the selftest's threads
// mutants, built on the bundled reference adapter: each wraps its handles (wherever they
// are created, adopted or cloned, since handles travel between workers and multiply) or
// changes the channels it creates. A module that uses this
// passes its own import.meta.url, which is what the workers import.
import type { Adapter, AsyncReceiver, AsyncSender, ChannelParams } from '../../adapter/types.ts';
import reference from '../../../adapters/reference/index.ts';

export interface Wrapping {
  /** What the adapter gets wrong, in the adapter's `notes`. */
  readonly notes?: string;
  readonly params?: (params: ChannelParams) => ChannelParams;
  readonly sender?: (sender: AsyncSender) => AsyncSender;
  readonly receiver?: (receiver: AsyncReceiver) => AsyncReceiver;
  /** Told of every handle that leaves a worker (`threads.transfer`) and arrives in one (`threads.adopt`), by role. */
  readonly onTransfer?: (role: string) => void;
  readonly onAdopt?: (role: string) => void;
}

/** `handle` with some methods replaced; everything else (and `instanceof`) is the original's. */
export function overriding<T extends object>(handle: T, methods: Partial<T>): T {
  return new Proxy(handle, {
    get: (target, property, proxy) => (property in methods ? (methods as Record<PropertyKey, unknown>)[property] : Reflect.get(target, property, proxy)),
  });
}

/** A receive that says `kind` where a `try_recv` finds the channel empty, and answers as that `try_recv` did otherwise. */
export function emptyAs(receiver: AsyncReceiver, kind: 'Timeout' | 'Disconnected') {
  return () => {
    const got = receiver.tryRecv!();
    return got.kind === 'Empty' ? { kind } : got;
  };
}

/** `wrap`, applied to every clone of a wrapped handle too. */
function withClones<H extends { clone?(): H }>(wrap: (handle: H) => H): (handle: H) => H {
  const apply = (handle: H): H => {
    const wrapped = wrap(handle);
    return handle.clone === undefined ? wrapped : overriding(wrapped, { clone: () => apply(handle.clone!()) } as Partial<H>);
  };
  return apply;
}

export function wrapReference(name: string, module: string, wrapping: Wrapping): Adapter {
  const sender = wrapping.sender === undefined ? (s: AsyncSender) => s : withClones(wrapping.sender);
  const receiver = wrapping.receiver === undefined ? (r: AsyncReceiver) => r : withClones(wrapping.receiver);
  const threads = reference.threads!;
  return {
    ...reference,
    name,
    ...(wrapping.notes === undefined ? {} : { notes: wrapping.notes }),
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
      transfer: (handle, role, mode) => {
        wrapping.onTransfer?.(role);
        return threads.transfer(handle, role, mode);
      },
      adopt: (descriptor, role) => {
        wrapping.onAdopt?.(role);
        const adopted = threads.adopt(descriptor, role);
        return role === 'sender' ? sender(adopted as AsyncSender) : role === 'receiver' ? receiver(adopted as AsyncReceiver) : adopted;
      },
    },
  };
}

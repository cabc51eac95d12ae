// The handles of one run on the async executor, by scenario name, and the mapping of
// each abstract operation onto the adapter's async API (conformance/adapter/types.ts).
// Every call into adapter code goes through here, so every way an adapter can break —
// a throw, a rejection, a wrong shape, a missing method — becomes an AdapterFault
// naming the method.
import type { OpCall, Outcome } from '../../../spec/model/types.ts';
import type { AsyncChannelFactory, AsyncReceiver, AsyncSender, ChannelParams } from '../../adapter/types.ts';
import type { ObjectDecl } from '../../scenario/types.ts';
import { AdapterFault, faultFromThrown, formatUnknown } from '../shared/adapter-failure.ts';
import { expectOutcome } from '../shared/outcome-kinds.ts';

type AsyncIterator = { next(): Outcome | Promise<Outcome> };

type Entry =
  | { readonly role: 'sender'; readonly sender: AsyncSender }
  | { readonly role: 'receiver'; readonly receiver: AsyncReceiver }
  | { readonly role: 'iter' | 'try_iter'; readonly iterator: AsyncIterator };

/** What invoking an operation gave: a result at once, or a promise the executor watches. */
export type Invocation = { readonly result: Outcome } | { readonly pending: Promise<Outcome> };

export class AsyncHandles {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly factory: AsyncChannelFactory,
    objects: readonly ObjectDecl[],
  ) {
    for (const decl of objects) {
      if (decl.kind !== 'channel') throw new Error(`the async executor runs channel scenarios; ${decl.name} is a ${decl.kind}`);
      const created = call('channel.create', () => factory.create(channelParams(decl)));
      if (!isObject(created) || !isObject(created.sender) || !isObject(created.receiver)) {
        throw new AdapterFault('channel.create', `returned ${formatUnknown(created)}, not { sender, receiver }`);
      }
      for (const [handle, role] of Object.entries(decl.handles)) {
        if (role === 'sender') this.entries.set(handle, { role, sender: created.sender });
        else if (role === 'receiver') this.entries.set(handle, { role, receiver: created.receiver });
        else throw new Error(`channel ${decl.name}: handle ${handle} has an unknown role ${role}`);
      }
    }
  }

  /**
   * Performs `op` on the adapter. `signal` is the virtual timer of a recv_timeout.
   * Throws AdapterFault when the adapter is at fault, a plain Error when the scenario
   * is (a handle that does not exist: a bug in the generator or the example).
   */
  invoke(op: OpCall, signal: AbortSignal): Invocation {
    switch (op.name) {
      case 'send':
        return outcomeOf(op.name, 'sender.send', () => this.sender(op).send(op.args[0]));
      case 'try_send': {
        const sender = this.sender(op);
        const trySend = method(sender, 'trySend', 'sender.trySend');
        return outcomeOf(op.name, 'sender.trySend', () => trySend.call(sender, op.args[0]));
      }
      case 'recv':
        return outcomeOf(op.name, 'receiver.recv', () => this.receiver(op).recv());
      case 'try_recv': {
        const receiver = this.receiver(op);
        const tryRecv = method(receiver, 'tryRecv', 'receiver.tryRecv');
        return outcomeOf(op.name, 'receiver.tryRecv', () => tryRecv.call(receiver));
      }
      case 'recv_timeout': {
        const receiver = this.receiver(op);
        const recvTimeout = method(receiver, 'recvTimeout', 'receiver.recvTimeout');
        return outcomeOf(op.name, 'receiver.recvTimeout', () => recvTimeout.call(receiver, signal, Number(op.args[0])));
      }
      case 'next': {
        const entry = this.entry(op, op.target, ['iter', 'try_iter']);
        const iterator = (entry as { iterator: AsyncIterator }).iterator;
        return outcomeOf(op.name, `${entry.role === 'iter' ? 'iter' : 'tryIter'}().next`, () => iterator.next());
      }
      case 'iter':
      case 'try_iter':
        return this.iterate(op);
      case 'clone':
        return this.clone(op);
      case 'drop':
        return this.drop(op);
      case 'select':
        return this.select(op);
      default:
        throw new Error(`the async executor has no mapping for operation ${op.name} (op ${op.id})`);
    }
  }

  private iterate(op: OpCall): Invocation {
    const receiver = this.receiver(op);
    const name = op.name === 'iter' ? 'iter' : 'tryIter';
    const make = method(receiver, name, `receiver.${name}`);
    const iterator = call(`receiver.${name}`, () => make.call(receiver));
    if (!isObject(iterator) || typeof iterator.next !== 'function') {
      throw new AdapterFault(`receiver.${name}`, `returned ${formatUnknown(iterator)}, not an iterator with next()`);
    }
    this.bind(op, { role: op.name as 'iter' | 'try_iter', iterator: iterator as AsyncIterator });
    return { result: { kind: 'Ok' } };
  }

  private clone(op: OpCall): Invocation {
    const entry = this.entry(op, op.target, ['sender', 'receiver']);
    if (entry.role === 'sender') {
      const cloned = call('sender.clone', () => method(entry.sender, 'clone', 'sender.clone').call(entry.sender));
      if (!isObject(cloned)) throw new AdapterFault('sender.clone', `returned ${formatUnknown(cloned)}, not a sender`);
      this.bind(op, { role: 'sender', sender: cloned as unknown as AsyncSender });
    } else if (entry.role === 'receiver') {
      const cloned = call('receiver.clone', () => method(entry.receiver, 'clone', 'receiver.clone').call(entry.receiver));
      if (!isObject(cloned)) throw new AdapterFault('receiver.clone', `returned ${formatUnknown(cloned)}, not a receiver`);
      this.bind(op, { role: 'receiver', receiver: cloned as unknown as AsyncReceiver });
    }
    return { result: { kind: 'Ok' } };
  }

  private drop(op: OpCall): Invocation {
    const entry = this.entry(op, op.target, ['sender', 'receiver', 'iter', 'try_iter']);
    // An iterator is a borrow of its receiver: dropping it does nothing to the channel.
    if (entry.role === 'sender') call('sender.drop', () => method(entry.sender, 'drop', 'sender.drop').call(entry.sender));
    if (entry.role === 'receiver') call('receiver.drop', () => method(entry.receiver, 'drop', 'receiver.drop').call(entry.receiver));
    this.entries.delete(op.target);
    return { result: { kind: 'Ok' } };
  }

  /** The adapter answers with an index; the model names the receiver: `Ok(["rx2", 5])`, `Disconnected("rx2")`. */
  private select(op: OpCall): Invocation {
    const names = op.args.map(String);
    const receivers = names.map((name) => {
      const entry = this.entry(op, name, ['receiver']);
      return (entry as { receiver: AsyncReceiver }).receiver;
    });
    const select = this.factory.select;
    if (typeof select !== 'function') throw new AdapterFault('channel.select', 'is missing (the scenario uses select)');
    const name = (answer: unknown): Outcome => {
      if (!isObject(answer) || typeof answer.index !== 'number' || !Number.isInteger(answer.index) || answer.index < 0 || answer.index >= names.length) {
        throw new AdapterFault('channel.select', `returned ${formatUnknown(answer)}, not { index: 0..${names.length - 1}, outcome }`);
      }
      const outcome = expectOutcome('select', 'channel.select', answer.outcome);
      const handle = names[answer.index];
      return outcome.kind === 'Ok' ? { kind: 'Ok', value: [handle, outcome.value ?? null] } : { kind: 'Disconnected', value: handle };
    };
    const raw = call('channel.select', () => select.call(this.factory, receivers));
    if (!isThenable(raw)) return { result: name(raw) };
    return { pending: Promise.resolve(raw).then(name, (e: unknown) => Promise.reject(faultFromThrown('channel.select', e, 'rejected'))) };
  }

  private sender(op: OpCall): AsyncSender {
    return (this.entry(op, op.target, ['sender']) as { sender: AsyncSender }).sender;
  }

  private receiver(op: OpCall): AsyncReceiver {
    return (this.entry(op, op.target, ['receiver']) as { receiver: AsyncReceiver }).receiver;
  }

  private entry(op: OpCall, name: string, roles: readonly Entry['role'][]): Entry {
    const entry = this.entries.get(name);
    if (entry === undefined || !roles.includes(entry.role)) {
      throw new Error(`op ${op.id} (${op.actor}: ${op.name}) uses handle ${name}, which ${entry === undefined ? 'does not exist or was dropped' : `is a ${entry.role}`}`);
    }
    return entry;
  }

  private bind(op: OpCall, entry: Entry): void {
    const name = String(op.args[0]);
    if (this.entries.has(name)) throw new Error(`op ${op.id} creates handle ${name}, which already exists`);
    this.entries.set(name, entry);
  }
}

function channelParams(decl: ObjectDecl): ChannelParams {
  const { flavor, capacity, profile } = decl.params;
  return {
    flavor: flavor as ChannelParams['flavor'],
    capacity: flavor === 'unbounded' ? null : (capacity as number),
    profile: profile === 'mpmc' ? 'mpmc' : 'mpsc',
  };
}

/** Calls adapter code; anything it throws becomes a fault of `name`. */
function call<T>(name: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof AdapterFault) throw e;
    throw faultFromThrown(name, e);
  }
}

/** An optional method of the adapter API, or a fault saying the scenario needs it. */
function method<O extends object>(object: O, key: keyof O, name: string): (...args: unknown[]) => unknown {
  const f = object[key];
  if (typeof f !== 'function') throw new AdapterFault(name, 'is missing, and the scenario needs it (or drop the capability that promises it)');
  return f as (...args: unknown[]) => unknown;
}

/** Runs an adapter method whose answer is an Outcome, now or later, and checks it. */
function outcomeOf(op: string, name: string, body: () => unknown): Invocation {
  const raw = call(name, body);
  if (!isThenable(raw)) return { result: expectOutcome(op, name, raw) };
  return {
    pending: Promise.resolve(raw).then(
      (value) => expectOutcome(op, name, value),
      (e: unknown) => Promise.reject(faultFromThrown(name, e, 'rejected')),
    ),
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return isObject(value) && typeof value.then === 'function';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}


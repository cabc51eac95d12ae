// Channels (spec/channels.md) on the async adapter API: senders, receivers, iterators
// and select.
import type { OpCall, Outcome } from '../../../../spec/model/types.ts';
import type { AsyncChannelFactory, AsyncReceiver, AsyncSender, ChannelParams } from '../../../adapter/types.ts';
import type { ObjectDecl } from '../../../scenario/types.ts';
import { AdapterFault, formatUnknown } from '../../shared/adapter-failure.ts';
import { checkOutcome, OUTCOME_KINDS } from '../../shared/outcome-kinds.ts';
import { answer, call, callMethod, createdName, invokeMethod, isObject, now, outcomeOf, type Dispatch, type Entry, type HandleTable, type Invocation } from './calls.ts';
import { timeoutOfOp } from '../../shared/op-timeout.ts';

type AsyncIterator = { next(): Outcome | Promise<Outcome> };

export function createChannel(factory: AsyncChannelFactory, decl: ObjectDecl): [string, Entry][] {
  const created = callMethod(factory, 'create', 'channel.create', channelParams(decl)) as { sender?: unknown; receiver?: unknown };
  if (!isObject(created) || !isObject(created.sender) || !isObject(created.receiver)) {
    throw new AdapterFault('channel.create', `returned ${formatUnknown(created)}, not { sender, receiver }`);
  }
  return Object.entries(decl.handles).map(([handle, role]) => {
    if (role === 'sender') return [handle, { role, object: created.sender }];
    if (role === 'receiver') return [handle, { role, object: created.receiver }];
    throw new Error(`channel ${decl.name}: handle ${handle} has an unknown role ${role}`);
  });
}

function channelParams(decl: ObjectDecl): ChannelParams {
  const { flavor, capacity, profile } = decl.params;
  return {
    flavor: flavor as ChannelParams['flavor'],
    capacity: flavor === 'unbounded' ? null : (capacity as number),
    profile: profile === 'mpmc' ? 'mpmc' : 'mpsc',
  };
}

const kinds = (op: string) => OUTCOME_KINDS[op];

export const channelDispatch: Dispatch = {
  roles: ['sender', 'receiver', 'iter', 'try_iter'],

  invoke(op, target, table, signals) {
    switch (op.name) {
      case 'send': {
        const tx = sender(op, target);
        return outcomeOf(op.name, 'sender.send', kinds('send'), () => invokeMethod(tx, 'send', 'sender.send', op.args[0]));
      }
      case 'try_send': {
        const tx = sender(op, target);
        return outcomeOf(op.name, 'sender.trySend', kinds('try_send'), () => invokeMethod(tx, 'trySend', 'sender.trySend', op.args[0]));
      }
      case 'recv': {
        const rx = receiver(op, target);
        return outcomeOf(op.name, 'receiver.recv', kinds('recv'), () => invokeMethod(rx, 'recv', 'receiver.recv'));
      }
      case 'try_recv': {
        const rx = receiver(op, target);
        return outcomeOf(op.name, 'receiver.tryRecv', kinds('try_recv'), () => invokeMethod(rx, 'tryRecv', 'receiver.tryRecv'));
      }
      case 'recv_timeout': {
        const rx = receiver(op, target);
        return outcomeOf(op.name, 'receiver.recvTimeout', kinds('recv_timeout'), () => invokeMethod(rx, 'recvTimeout', 'receiver.recvTimeout', signals.timeout, timeoutOfOp(op)));
      }
      case 'next': {
        expectRole(op, target, ['iter', 'try_iter']);
        const name = `${target.role === 'iter' ? 'iter' : 'tryIter'}().next`;
        return outcomeOf(op.name, name, kinds('next'), () => invokeMethod(target.object as AsyncIterator, 'next', name));
      }
      case 'iter':
      case 'try_iter':
        return iterate(op, receiver(op, target), table);
      case 'clone':
        return clone(op, target, table);
      case 'drop':
        return drop(op, target, table);
      case 'select':
        return select(op, table);
      default:
        throw new Error(`the async executor has no mapping for channel operation ${op.name} (op ${op.id})`);
    }
  },
};

function expectRole(op: OpCall, entry: Entry, roles: readonly string[]): void {
  if (!roles.includes(entry.role)) throw new Error(`op ${op.id} (${op.actor}: ${op.name}) acts on ${op.target}, which is a ${entry.role}`);
}

function sender(op: OpCall, entry: Entry): AsyncSender {
  expectRole(op, entry, ['sender']);
  return entry.object as AsyncSender;
}

function receiver(op: OpCall, entry: Entry): AsyncReceiver {
  expectRole(op, entry, ['receiver']);
  return entry.object as AsyncReceiver;
}

function iterate(op: OpCall, rx: AsyncReceiver, table: HandleTable): Invocation {
  const name = op.name === 'iter' ? 'iter' : 'tryIter';
  const iterator = callMethod(rx, name, `receiver.${name}`);
  if (!isObject(iterator) || typeof iterator.next !== 'function') {
    throw new AdapterFault(`receiver.${name}`, `returned ${formatUnknown(iterator)}, not an iterator with next()`);
  }
  table.bind(op, createdName(op), { role: op.name, object: iterator });
  return now({ kind: 'Ok' });
}

function clone(op: OpCall, entry: Entry, table: HandleTable): Invocation {
  expectRole(op, entry, ['sender', 'receiver']);
  const name = `${entry.role}.clone`;
  const cloned = callMethod(entry.object as AsyncSender | AsyncReceiver, 'clone', name);
  if (!isObject(cloned)) throw new AdapterFault(name, `returned ${formatUnknown(cloned)}, not a ${entry.role}`);
  table.bind(op, createdName(op), { role: entry.role, object: cloned });
  return now({ kind: 'Ok' });
}

function drop(op: OpCall, entry: Entry, table: HandleTable): Invocation {
  // An iterator is a borrow of its receiver: dropping it does nothing to the channel.
  if (entry.role === 'sender' || entry.role === 'receiver') callMethod(entry.object as AsyncSender | AsyncReceiver, 'drop', `${entry.role}.drop`);
  table.remove(op.target);
  return now({ kind: 'Ok' });
}

/** The adapter answers with an index; the model names the receiver: `Ok(["rx2", 5])`, `Disconnected("rx2")`. */
function select(op: OpCall, table: HandleTable): Invocation {
  const names = op.args.map(String);
  const receivers = names.map((name) => table.entry(op, name, ['receiver']).object as AsyncReceiver);
  const factory = table.adapter.channel!;
  if (typeof factory.select !== 'function') throw new AdapterFault('channel.select', 'is missing (the scenario uses select)');
  return answer(
    'channel.select',
    () => call('channel.select', () => factory.select!(receivers)),
    (raw) => {
      const got = raw as { index?: unknown; outcome?: unknown };
      if (!isObject(got) || typeof got.index !== 'number' || !Number.isInteger(got.index) || got.index < 0 || got.index >= names.length) {
        throw new AdapterFault('channel.select', `returned ${formatUnknown(raw)}, not { index: 0..${names.length - 1}, outcome }`);
      }
      const outcome = checkOutcome('select', 'channel.select', got.outcome, OUTCOME_KINDS.select);
      const handle = names[got.index];
      return outcome.kind === 'Ok' ? { kind: 'Ok', value: [handle, outcome.value ?? null] } : { kind: 'Disconnected', value: handle };
    },
  );
}

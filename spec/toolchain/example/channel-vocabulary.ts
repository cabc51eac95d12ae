// The channel chapter's constructors: `channel()`, `sync_channel(n)` and their
// `mpmc::` counterparts. `sync_channel(0)` is the rendezvous flavor, as in Rust.
import type { Value } from '../../model/types.ts';
import type { ObjectDecl } from '../../../conformance/scenario/types.ts';
import type { Constructor, Vocabulary } from './vocabulary.ts';

type Profile = 'mpsc' | 'mpmc';

function channelDecl(
  objectName: string,
  handles: readonly string[],
  params: { flavor: string; capacity: number | null; profile: Profile },
): ObjectDecl | string {
  if (handles.length !== 2) {
    return `a channel has two handles (sender, receiver), got ${handles.length}`;
  }
  return { kind: 'channel', name: objectName, params, handles: { [handles[0]]: 'sender', [handles[1]]: 'receiver' } };
}

function unbounded(name: string, profile: Profile): Constructor {
  return {
    name,
    build(args, handles, objectName) {
      if (args.length !== 0) return `${name}() takes no argument`;
      return channelDecl(objectName, handles, { flavor: 'unbounded', capacity: null, profile });
    },
    argsOf(decl) {
      const { flavor, profile: p } = decl.params;
      return decl.kind === 'channel' && flavor === 'unbounded' && p === profile ? [] : undefined;
    },
  };
}

function bounded(name: string, profile: Profile): Constructor {
  return {
    name,
    build(args, handles, objectName) {
      const [capacity] = args;
      if (args.length !== 1 || !isCapacity(capacity)) {
        return `${name}(n) takes one argument, a capacity n >= 0`;
      }
      const flavor = capacity === 0 ? 'rendezvous' : 'bounded';
      return channelDecl(objectName, handles, { flavor, capacity, profile });
    },
    argsOf(decl) {
      const { flavor, capacity, profile: p } = decl.params;
      if (decl.kind !== 'channel' || p !== profile || !isCapacity(capacity)) return undefined;
      const matches = (flavor === 'rendezvous' && capacity === 0) || (flavor === 'bounded' && capacity >= 1);
      return matches ? [capacity] : undefined;
    },
  };
}

function isCapacity(value: Value | undefined): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

export const channelVocabulary: Vocabulary = {
  model: 'channel',
  objectPrefix: 'c',
  constructors: [
    unbounded('channel', 'mpsc'),
    bounded('sync_channel', 'mpsc'),
    unbounded('mpmc::channel', 'mpmc'),
    bounded('mpmc::sync_channel', 'mpmc'),
  ],
  // `tx2 = tx.clone()`, `it = rx.iter()`: the new name is the operation's first argument.
  bindingOps: ['clone', 'iter', 'try_iter'],
};

// The handles of one run, by scenario name, and the dispatch of each abstract operation
// onto the adapter's async API (conformance/adapter/types.ts), one module per primitive:
// channel.ts, locks.ts (Mutex, RwLock, their guards, Condvar), once.ts (Barrier, Once,
// OnceLock, LazyLock). Every call into adapter code goes through calls.ts, so every way
// an adapter can break — a throw, a rejection, a wrong shape, a missing method — becomes
// an AdapterFault naming the method.
//
// The class holds no executor state: the async executor drives it from its event loop,
// and the threads executor runs one inside each worker, moving handles between workers
// with `take` and `put`.
import type { OpCall, Value } from '../../../../spec/model/types.ts';
import { FACTORY_OF_KIND, type Adapter, type AsyncChannelFactory, type Initializer } from '../../../adapter/types.ts';
import type { ObjectDecl } from '../../../scenario/types.ts';
import { AdapterFault, formatUnknown } from '../../shared/adapter-failure.ts';
import { callMethod, isObject, type Dispatch, type Entry, type HandleTable, type Invocation, type Signals } from './calls.ts';
import { channelDispatch, createChannel } from './channel.ts';
import { condvarDispatch, guardDispatch, mutexDispatch, rwlockDispatch } from './locks.ts';
import { barrierDispatch, lazyInitOf, lazyLockDispatch, onceDispatch, onceLockDispatch, type RunningClosures } from './once.ts';

export type { Invocation } from './calls.ts';

const DISPATCHES: readonly Dispatch[] = [channelDispatch, mutexDispatch, rwlockDispatch, guardDispatch, condvarDispatch, barrierDispatch, onceDispatch, onceLockDispatch, lazyLockDispatch];
const BY_ROLE = new Map(DISPATCHES.flatMap((d) => d.roles.map((role) => [role, d] as const)));

export class AsyncHandles {
  private readonly entries = new Map<string, Entry>();
  private readonly table: HandleTable;

  /**
   * Creates every declared object through the adapter's factory for its kind. Throws an
   * AdapterFault when the adapter is at fault (a missing factory, a throw, a wrong
   * shape), a plain Error when the scenario is (an unknown kind or role).
   */
  constructor(adapterOrFactory: Adapter | AsyncChannelFactory, objects: readonly ObjectDecl[], closures?: RunningClosures) {
    // An AsyncChannelFactory alone (what this constructor took when only channels ran) still works.
    const adapter: Adapter = isAdapter(adapterOrFactory) ? adapterOrFactory : { name: '(channel factory)', library: { name: '', version: '' }, executor: 'async', capabilities: [], channel: adapterOrFactory };
    const entries = this.entries;
    this.table = {
      adapter,
      entry: (op, name, roles) => this.entry(op, name, roles),
      bind: (op, name, entry) => {
        if (entries.has(name)) throw new Error(`op ${op.id} creates handle ${name}, which already exists`);
        entries.set(name, entry);
      },
      remove: (name) => entries.delete(name),
      ...(closures === undefined ? {} : { closures }),
    };
    for (const decl of objects) {
      for (const [handle, entry] of create(adapter, decl, closures)) this.put(handle, entry.role, entry.object);
    }
  }

  /**
   * Performs `op` on the adapter. `signal` is the operation's virtual timer (recv_timeout,
   * wait_timeout, wait_timeout_while); `spurious`, for a condvar wait, fires when the
   * schedule chooses a spurious wakeup. Throws AdapterFault when the adapter is at
   * fault, a plain Error when the scenario is (a handle that does not exist: a bug in the
   * generator or the example). A signal not given is one of the operation's own that never
   * fires, made when the adapter is first handed it (most operations take neither): one
   * shared by every operation would keep every listener an adapter adds to it for the life
   * of the process.
   */
  invoke(op: OpCall, signal?: AbortSignal, spurious?: AbortSignal): Invocation {
    const target = this.entry(op, op.target, [...BY_ROLE.keys()]);
    let timeout = signal;
    let wakeup = spurious;
    const signals: Signals = {
      get timeout() {
        return (timeout ??= new AbortController().signal);
      },
      get spurious() {
        return (wakeup ??= new AbortController().signal);
      },
    };
    // The adapter gets its own copy of every value: one that keeps and mutates an argument (a `set` merging
    // into the value it held) must not rewrite the scenario the report prints.
    return BY_ROLE.get(target.role)!.invoke({ ...op, args: structuredClone(op.args) }, target, this.table, signals);
  }

  /** Whether `op` is a wait that a spurious wakeup may end (a condvar wait). */
  wakesSpuriously(op: OpCall): boolean {
    const target = this.entries.get(op.target);
    return target !== undefined && BY_ROLE.get(target.role)?.wakesSpuriously?.(op, target) === true;
  }

  /** Removes handle `handle` and returns its role and adapter object (to move it to another worker). */
  take(handle: string): { role: string; object: unknown } {
    const entry = this.entries.get(handle);
    if (entry === undefined) throw new Error(`handle ${handle} does not exist or was dropped`);
    this.entries.delete(handle);
    return { role: entry.role, object: entry.object };
  }

  /** The role and adapter object of handle `handle`, which stays (to share it with another worker). */
  peek(handle: string): { role: string; object: unknown } {
    const entry = this.entries.get(handle);
    if (entry === undefined) throw new Error(`handle ${handle} does not exist or was dropped`);
    return { role: entry.role, object: entry.object };
  }

  /** Installs an adapter object under a handle name, with its role (`sender`, `mutex`, `mutex-guard`, ...). */
  put(handle: string, role: string, object: unknown): void {
    if (!BY_ROLE.has(role)) throw new Error(`handle ${handle}: unknown role ${role} (known: ${[...BY_ROLE.keys()].join(', ')})`);
    if (this.entries.has(handle)) throw new Error(`handle ${handle} already exists`);
    this.entries.set(handle, { role, object });
  }

  /** The handles of the run, by name, with their roles. */
  handles(): { readonly [handle: string]: string } {
    return Object.fromEntries([...this.entries].map(([name, e]) => [name, e.role]));
  }

  private entry(op: OpCall, name: string, roles: readonly string[]): Entry {
    const entry = this.entries.get(name);
    if (entry === undefined || !roles.includes(entry.role)) {
      throw new Error(`op ${op.id} (${op.actor}: ${op.name}) uses handle ${name}, which ${entry === undefined ? 'does not exist or was dropped' : `is a ${entry.role}`}`);
    }
    return entry;
  }
}

/** The object a declaration makes, through the adapter's factory for its kind, and its handles. */
function create(adapter: Adapter, decl: ObjectDecl, closures?: RunningClosures): [string, Entry][] {
  if (!Object.hasOwn(FACTORY_OF_KIND, decl.kind)) throw new Error(`the async executor has no primitive ${decl.kind} (${decl.name})`);
  const field = FACTORY_OF_KIND[decl.kind as keyof typeof FACTORY_OF_KIND];
  const factory = adapter[field] as { create?: unknown } | undefined;
  if (factory === undefined || factory === null) {
    throw new AdapterFault(field, `is missing: the scenario declares a ${decl.kind} (${decl.name}), and the async executor creates it with adapter.${field}.create`);
  }
  if (decl.kind === 'channel') return createChannel(adapter.channel!, decl);
  const args: unknown[] = [];
  if (decl.kind === 'mutex' || decl.kind === 'rwlock') args.push(structuredClone(decl.params.value as Value));
  if (decl.kind === 'barrier') args.push(decl.params.n);
  if (decl.kind === 'lazylock') args.push(lazyInitOf(decl, closures) satisfies Initializer<Value>);
  const object = callMethod(factory, 'create', `${field}.create`, ...args);
  if (!isObject(object)) throw new AdapterFault(`${field}.create`, `returned ${formatUnknown(object)}, not a ${decl.kind}`);
  return Object.entries(decl.handles).map(([handle, role]) => {
    if (role !== decl.kind) throw new Error(`${decl.kind} ${decl.name}: handle ${handle} has an unknown role ${role}`);
    return [handle, { role, object }];
  });
}

function isAdapter(value: Adapter | AsyncChannelFactory): value is Adapter {
  return Array.isArray((value as Adapter).capabilities);
}

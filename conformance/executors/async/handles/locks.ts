// Mutex (spec/mutex.md), RwLock (spec/rwlock.md) and Condvar (spec/condvar.md) on the
// async adapter API. A locking operation creates a guard handle (`g = m.lock()`); a
// guard that holds nothing (`WouldBlock`, a re-lock that panicked) is the executor's
// alone: its `get`, `set` and `panic` answer `NoGuard` and its `drop` is `Ok`, as the
// models say, without calling the adapter.
import type { OpCall, Outcome } from '../../../../spec/model/types.ts';
import { holds } from '../../../../spec/generated/condvar.model.ts';
import type { AsyncCondvar, AsyncMutex, AsyncReadGuard, AsyncRwLock, AsyncWriteGuard, WaitCondition } from '../../../adapter/types.ts';
import { AdapterFault, formatUnknown } from '../../shared/adapter-failure.ts';
import { checkOutcome } from '../../shared/outcome-kinds.ts';
import { answer, booleanOf, createdName, effect, invokeMethod, isObject, now, outcomeOf, valueOf, type Dispatch, type Entry, type HandleTable, type Invocation } from './calls.ts';
import { timeoutOfOp } from '../../shared/op-timeout.ts';

/** Guards by what they hold: a mutex, a read or a write share of an RwLock, or nothing. */
export const GUARD_ROLES = ['mutex-guard', 'read-guard', 'write-guard', 'no-guard'] as const;
const NO_GUARD: Entry = { role: 'no-guard', object: null };

const LOCK_KINDS = ['Ok', 'Poisoned', 'Panicked'];
const TRY_KINDS = ['Ok', 'Poisoned', 'WouldBlock'];
const INNER_KINDS = ['Ok', 'Poisoned'];

/**
 * Reads a `Locked<G>` answer of adapter method `name`, checks it, and binds the guard
 * it carries (or a guard holding nothing) under `guardName` with `role`.
 */
function lockedAnswer(op: OpCall, table: HandleTable, name: string, kinds: readonly string[], guardName: string, role: string, timed = false) {
  return (raw: unknown): Outcome => {
    if (!isObject(raw) || !('outcome' in raw)) throw new AdapterFault(name, `returned ${formatUnknown(raw)}, not { outcome, guard? }`);
    const outcome = checkOutcome(op.name, name, raw.outcome, kinds);
    const acquired = outcome.kind === 'Ok' || outcome.kind === 'Poisoned';
    if (timed && acquired && typeof outcome.value !== 'boolean') {
      throw new AdapterFault(name, `returned ${outcome.kind} without timed_out (expected ${outcome.kind}(true) or ${outcome.kind}(false))`);
    }
    if (acquired && !isObject(raw.guard)) throw new AdapterFault(name, `returned ${outcome.kind} without a guard (got ${formatUnknown(raw.guard)})`);
    table.bind(op, guardName, acquired ? { role, object: raw.guard } : NO_GUARD);
    return outcome;
  };
}

function locking(op: OpCall, table: HandleTable, object: object, key: string, name: string, kinds: readonly string[], role: string): Invocation {
  const guardName = createdName(op);
  return answer(name, () => invokeMethod(object, key as never, name), lockedAnswer(op, table, name, kinds, guardName, role));
}

export const guardDispatch: Dispatch = {
  roles: GUARD_ROLES,

  invoke(op, target, table) {
    const prefix = target.role === 'mutex-guard' ? 'mutexGuard' : target.role === 'read-guard' ? 'readGuard' : 'writeGuard';
    if (target.role === 'no-guard') {
      if (op.name === 'drop') table.remove(op.target);
      if (op.name === 'drop') return now({ kind: 'Ok' });
      if (op.name === 'get' || op.name === 'set' || op.name === 'panic') return now({ kind: 'NoGuard' });
      throw new Error(`op ${op.id}: a guard has no operation ${op.name}`);
    }
    const guard = target.object as AsyncWriteGuard;
    switch (op.name) {
      case 'get':
        return valueOf(`${prefix}.get`, () => invokeMethod(guard, 'get', `${prefix}.get`));
      case 'set':
        if (target.role === 'read-guard') throw new Error(`op ${op.id} (${op.actor}) writes through the read guard ${op.target}`);
        return effect(`${prefix}.set`, () => invokeMethod(guard, 'set', `${prefix}.set`, op.args[0]));
      case 'drop':
        table.remove(op.target);
        return effect(`${prefix}.drop`, () => invokeMethod(guard, 'drop', `${prefix}.drop`));
      case 'panic':
        table.remove(op.target);
        return answer(`${prefix}.panic`, () => invokeMethod(guard, 'panic', `${prefix}.panic`), () => ({ kind: 'Panicked' }));
      default:
        throw new Error(`op ${op.id}: a guard has no operation ${op.name}`);
    }
  },
};

export const mutexDispatch: Dispatch = {
  roles: ['mutex'],

  invoke(op, target, table) {
    const mutex = target.object as AsyncMutex;
    switch (op.name) {
      case 'lock':
        return locking(op, table, mutex, 'lock', 'mutex.lock', LOCK_KINDS, 'mutex-guard');
      case 'try_lock':
        return locking(op, table, mutex, 'tryLock', 'mutex.tryLock', TRY_KINDS, 'mutex-guard');
      case 'is_poisoned':
        return booleanOf('mutex.isPoisoned', () => invokeMethod(mutex, 'isPoisoned', 'mutex.isPoisoned'));
      case 'clear_poison':
        return effect('mutex.clearPoison', () => invokeMethod(mutex, 'clearPoison', 'mutex.clearPoison'));
      case 'get_mut':
        return outcomeOf(op.name, 'mutex.getMut', INNER_KINDS, () => invokeMethod(mutex, 'getMut', 'mutex.getMut'));
      case 'into_inner':
        return outcomeOf(op.name, 'mutex.intoInner', INNER_KINDS, () => invokeMethod(mutex, 'intoInner', 'mutex.intoInner'));
      default:
        throw new Error(`the async executor has no mapping for mutex operation ${op.name} (op ${op.id})`);
    }
  },
};

export const rwlockDispatch: Dispatch = {
  roles: ['rwlock'],

  invoke(op, target, table) {
    const lock = target.object as AsyncRwLock;
    switch (op.name) {
      case 'read':
        return locking(op, table, lock, 'read', 'rwlock.read', LOCK_KINDS, 'read-guard');
      case 'write':
        return locking(op, table, lock, 'write', 'rwlock.write', LOCK_KINDS, 'write-guard');
      case 'try_read':
        return locking(op, table, lock, 'tryRead', 'rwlock.tryRead', TRY_KINDS, 'read-guard');
      case 'try_write':
        return locking(op, table, lock, 'tryWrite', 'rwlock.tryWrite', TRY_KINDS, 'write-guard');
      case 'is_poisoned':
        return booleanOf('rwlock.isPoisoned', () => invokeMethod(lock, 'isPoisoned', 'rwlock.isPoisoned'));
      case 'clear_poison':
        return effect('rwlock.clearPoison', () => invokeMethod(lock, 'clearPoison', 'rwlock.clearPoison'));
      case 'get_mut':
        return outcomeOf(op.name, 'rwlock.getMut', INNER_KINDS, () => invokeMethod(lock, 'getMut', 'rwlock.getMut'));
      case 'into_inner':
        return outcomeOf(op.name, 'rwlock.intoInner', INNER_KINDS, () => invokeMethod(lock, 'intoInner', 'rwlock.intoInner'));
      default:
        throw new Error(`the async executor has no mapping for rwlock operation ${op.name} (op ${op.id})`);
    }
  },
};

const WAITS = {
  wait: { method: 'wait', predicate: undefined },
  wait_timeout: { method: 'waitTimeout', predicate: undefined },
  wait_while: { method: 'waitWhile', predicate: 2 },
  wait_timeout_while: { method: 'waitTimeoutWhile', predicate: 3 },
} as const satisfies { readonly [op: string]: { method: keyof AsyncCondvar; predicate: number | undefined } };

function waitOf(op: OpCall) {
  return Object.hasOwn(WAITS, op.name) ? WAITS[op.name as keyof typeof WAITS] : undefined;
}

/** `"value == 0"` as Rust's `|v| *v == 0`, for the adapter's `wait_while`. */
export function conditionOf(predicate: string): WaitCondition {
  return (value) => holds(predicate, value);
}

export const condvarDispatch: Dispatch = {
  roles: ['condvar'],

  invoke(op, target, table, signals) {
    const condvar = target.object as AsyncCondvar;
    if (op.name === 'notify_one') return effect('condvar.notifyOne', () => invokeMethod(condvar, 'notifyOne', 'condvar.notifyOne'));
    if (op.name === 'notify_all') return effect('condvar.notifyAll', () => invokeMethod(condvar, 'notifyAll', 'condvar.notifyAll'));
    const wait = waitOf(op);
    if (wait === undefined) throw new Error(`the async executor has no mapping for condvar operation ${op.name} (op ${op.id})`);
    // `g2 = cv.wait(g, ...)`: args are the guard given back, the guard taken, then the duration and the predicate.
    const given = createdName(op);
    const takenName = String(op.args[1]);
    const taken = table.entry(op, takenName, ['mutex-guard', 'no-guard']);
    table.remove(takenName);
    if (taken.role === 'no-guard') {
      table.bind(op, given, NO_GUARD);
      return now({ kind: 'NoGuard' });
    }
    const name = `condvar.${wait.method}`;
    const args: unknown[] = [taken.object];
    const timeoutMs = timeoutOfOp(op);
    if (timeoutMs !== undefined) args.push(signals.timeout, timeoutMs);
    if (wait.predicate !== undefined) args.push(conditionOf(String(op.args[wait.predicate])));
    args.push(signals.spurious);
    return answer(name, () => invokeMethod(condvar, wait.method, name, ...args), lockedAnswer(op, table, name, LOCK_KINDS, given, 'mutex-guard', timeoutMs !== undefined));
  },

  wakesSpuriously(op) {
    return waitOf(op) !== undefined;
  },
};

export type { AsyncReadGuard };

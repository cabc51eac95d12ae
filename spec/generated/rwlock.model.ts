// generated from spec/rwlock.md — edit the chapter, not this file

// spec/rwlock.md:98
import type { Model, OpCall, Outcome, Transition, Value } from '../model/types.ts';

export interface RwLockDecl {
  readonly kind: string;
  readonly name: string;
  readonly params: { readonly [key: string]: Value };
  readonly handles: { readonly [handle: string]: string };
}

interface RwLockObject {
  readonly value: Value;
  /** The names of the live read guards, sorted. */
  readonly readers: readonly string[];
  readonly writer: string | null;
  readonly poisoned: boolean;
  readonly consumed: boolean;
}

type Mode = 'read' | 'write';

interface RwGuard {
  readonly lock: string;
  readonly actor: string;
  /** `none` for a guard its operation did not produce. */
  readonly mode: Mode | 'none';
}

/**
 * A `read` or `write` between its request and its acquisition. `how`: a read that
 * barges or defers to waiting writers, a write that waits (`wait`), or the choice made
 * for a call by a holder: `panic` or `deadlock`.
 */
interface Request {
  readonly op: number;
  readonly lock: string;
  readonly mode: Mode;
  /** `inner`: a `get_mut` or `into_inner` waiting for every guard to go, as a writer waits. */
  readonly how: 'barge' | 'defer' | 'wait' | 'panic' | 'deadlock' | 'inner';
}

export interface RwLockState {
  readonly locks: { readonly [handle: string]: RwLockObject };
  readonly guards: { readonly [name: string]: RwGuard };
  readonly requests: readonly Request[];
}

function init(decls: readonly RwLockDecl[]): RwLockState {
  const locks: Record<string, RwLockObject> = {};
  for (const decl of decls) {
    if (decl.kind !== 'rwlock') continue;
    const handles = Object.keys(decl.handles);
    if (handles.length !== 1) throw new Error(`rwlock model: ${decl.name} needs exactly one handle, got ${handles.length}`);
    const value = decl.params.value;
    if (value === undefined) throw new Error(`rwlock model: ${decl.name} has no value`);
    locks[handles[0]] = { value, readers: [], writer: null, poisoned: false, consumed: false };
  }
  return { locks, guards: {}, requests: [] };
}

// spec/rwlock.md:162

function ok(value?: Value): Outcome {
  return value === undefined ? { kind: 'Ok' } : { kind: 'Ok', value };
}

function err(kind: string, value?: Value): Outcome {
  return value === undefined ? { kind } : { kind, value };
}

function where(op: OpCall): string {
  return `op ${op.id} (${op.actor}: ${op.target}.${op.name})`;
}

function lockOf(state: RwLockState, op: OpCall): RwLockObject {
  const lock = state.locks[op.target];
  if (lock === undefined) throw new Error(`rwlock model: ${where(op)} uses ${op.target}, which is not an RwLock`);
  if (lock.consumed) throw new Error(`rwlock model: ${where(op)} uses ${op.target} after into_inner took it`);
  return lock;
}

function guardOf(state: RwLockState, op: OpCall): RwGuard {
  const guard = state.guards[op.target];
  if (guard === undefined) throw new Error(`rwlock model: ${where(op)} uses guard ${op.target}, which does not exist or was dropped`);
  if (guard.actor !== op.actor) throw new Error(`rwlock model: ${where(op)} uses guard ${op.target} of thread ${guard.actor} (guards are not Send)`);
  return guard;
}

function newGuardName(state: RwLockState, op: OpCall): string {
  const name = op.args[0];
  if (typeof name !== 'string') throw new Error(`rwlock model: ${where(op)} names no guard to create`);
  if (state.guards[name] !== undefined || state.locks[name] !== undefined) throw new Error(`rwlock model: ${where(op)} creates ${name}, which already exists`);
  return name;
}

function withLock(state: RwLockState, name: string, lock: RwLockObject): RwLockState {
  return { ...state, locks: { ...state.locks, [name]: lock } };
}

function withGuard(state: RwLockState, name: string, guard: RwGuard): RwLockState {
  return { ...state, guards: { ...state.guards, [name]: guard } };
}

function acquire(state: RwLockState, op: OpCall, mode: Mode): Transition<RwLockState> {
  const lock = state.locks[op.target];
  const guard = newGuardName(state, op);
  const held = mode === 'read' ? { ...lock, readers: [...lock.readers, guard].sort() } : { ...lock, writer: guard };
  const next = withGuard(withLock(state, op.target, held), guard, { lock: op.target, actor: op.actor, mode });
  const rule = lock.poisoned ? 'RW-POISON-2' : mode === 'read' ? 'RW-READ-1' : 'RW-WRITE-1';
  return { state: next, result: lock.poisoned ? err('Poisoned') : ok(), rule };
}

/** Drops guard `name`; a write guard's panic has poisoned the lock already, at its first phase (RW-POISON-1). */
function release(state: RwLockState, name: string): RwLockState {
  const { [name]: guard, ...guards } = state.guards;
  const next = { ...state, guards };
  if (guard.mode === 'none') return next;
  const lock = state.locks[guard.lock];
  const released = guard.mode === 'read' ? { ...lock, readers: lock.readers.filter((r) => r !== name) } : { ...lock, writer: null };
  return withLock(next, guard.lock, released);
}

function holdsAny(state: RwLockState, actor: string, lock: string): Mode | undefined {
  const mine = Object.entries(state.guards).filter(([, g]) => g.actor === actor && g.lock === lock && g.mode !== 'none');
  if (mine.some(([, g]) => g.mode === 'write')) return 'write';
  return mine.length > 0 ? 'read' : undefined;
}

function writerWaiting(state: RwLockState, lock: string): boolean {
  return state.requests.some((r) => r.lock === lock && r.mode === 'write' && (r.how === 'wait' || r.how === 'inner'));
}

// spec/rwlock.md:237

function request(state: RwLockState, op: OpCall, mode: Mode): Transition<RwLockState>[] {
  lockOf(state, op);
  newGuardName(state, op);
  const held = holdsAny(state, op.actor, op.target);
  const register = (how: Request['how'], rule: string): Transition<RwLockState> => ({
    state: { ...state, requests: [...state.requests, { op: op.id, lock: op.target, mode, how }] },
    rule,
  });
  if (held !== undefined) {
    // A holder locks again: it panics or deadlocks; a recursive read may also go on (RW-REENTRY-1).
    const choices: Request['how'][] = mode === 'read' && held === 'read' ? ['panic', 'deadlock', 'barge', 'defer'] : ['panic', 'deadlock'];
    return choices.map((how) => register(how, 'RW-REENTRY-1'));
  }
  if (mode === 'write') return [register('wait', 'RW-WRITE-1')];
  // Writer preference is the platform's: a read barges past waiting writers, or defers to them (RW-FAIR-1).
  return [register('barge', 'RW-READ-1'), register('defer', 'RW-FAIR-1')];
}

function complete(state: RwLockState, op: OpCall): Transition<RwLockState>[] {
  const req = state.requests.find((r) => r.op === op.id);
  if (req === undefined) throw new Error(`rwlock model: ${where(op)} reached its second phase without a request`);
  const lock = state.locks[req.lock];
  const done: RwLockState = { ...state, requests: state.requests.filter((r) => r.op !== op.id) };
  switch (req.how) {
    case 'deadlock':
      return [];
    case 'panic': {
      const next = withGuard(done, newGuardName(state, op), { lock: req.lock, actor: op.actor, mode: 'none' });
      return [{ state: next, result: err('Panicked'), rule: 'RW-REENTRY-1' }];
    }
    case 'wait':
      return lock.writer === null && lock.readers.length === 0 ? [acquire(done, op, 'write')] : [];
    case 'inner': {
      if (lock.writer !== null || lock.readers.length > 0) return [];
      const result = lock.poisoned ? err('Poisoned', lock.value) : ok(lock.value);
      const next = op.name === 'into_inner' ? withLock(done, req.lock, { ...lock, consumed: true }) : done;
      return [{ state: next, result, rule: 'RW-INNER-1' }];
    }
    case 'barge':
      return lock.writer === null ? [acquire(done, op, 'read')] : [];
    case 'defer':
      return lock.writer === null && !writerWaiting(done, req.lock) ? [acquire(done, op, 'read')] : [];
  }
}

function tryLock(state: RwLockState, op: OpCall, mode: Mode): Transition<RwLockState>[] {
  const lock = lockOf(state, op);
  const guard = newGuardName(state, op);
  const refuse: Transition<RwLockState> = {
    state: withGuard(state, guard, { lock: op.target, actor: op.actor, mode: 'none' }),
    result: err('WouldBlock'),
    rule: 'RW-TRY-1',
  };
  if (mode === 'write') {
    if (lock.writer !== null || lock.readers.length > 0) return [refuse];
    // A get_mut or into_inner under way may be holding the lock for a moment (RW-INNER-1).
    const inner = state.requests.some((r) => r.lock === op.target && r.how === 'inner');
    return inner ? [acquire(state, op, 'write'), { ...refuse, rule: 'RW-INNER-1' }] : [acquire(state, op, 'write')];
  }
  if (lock.writer !== null) return [refuse];
  // A queued writer may make try_read fail although no writer holds the lock (RW-TRY-2).
  if (writerWaiting(state, op.target)) return [acquire(state, op, 'read'), { ...refuse, rule: 'RW-TRY-2' }];
  return [acquire(state, op, 'read')];
}

// spec/rwlock.md:314

function guardOp(state: RwLockState, op: OpCall, phase: number): Transition<RwLockState>[] {
  const guard = guardOf(state, op);
  if (op.name === 'drop') return [{ state: release(state, op.target), result: ok(), rule: 'RW-WAKE-1' }];
  if (guard.mode === 'none') return [{ state, result: err('NoGuard'), rule: 'RW-TRY-1' }];
  const lock = state.locks[guard.lock];
  switch (op.name) {
    case 'get':
      return [{ state, result: ok(lock.value), rule: 'RW-DATA-1' }];
    case 'set': {
      if (guard.mode !== 'write') throw new Error(`rwlock model: ${where(op)} writes through a read guard`);
      const value = op.args[0];
      if (value === undefined) throw new Error(`rwlock model: ${where(op)} sets no value`);
      return [{ state: withLock(state, guard.lock, { ...lock, value }), result: ok(), rule: 'RW-DATA-1' }];
    }
    case 'panic':
      // A write guard's drop poisons, then unlocks: two steps (phases) another thread can fall between.
      if (guard.mode === 'write' && phase === 0) return [{ state: withLock(state, guard.lock, { ...lock, poisoned: true }), rule: 'RW-POISON-1' }];
      // Poisoned at the first phase (a read guard never poisons): a clear_poison in between stays cleared.
      return [{ state: release(state, op.target), result: err('Panicked'), rule: 'RW-POISON-1' }];
    default:
      throw new Error(`rwlock model: unknown guard operation ${op.name} (${where(op)})`);
  }
}

function lockOp(state: RwLockState, op: OpCall): Transition<RwLockState>[] {
  const lock = lockOf(state, op);
  switch (op.name) {
    case 'is_poisoned':
      return [{ state, result: ok(lock.poisoned), rule: 'RW-POISON-3' }];
    case 'clear_poison':
      return [{ state: withLock(state, op.target, { ...lock, poisoned: false }), result: ok(), rule: 'RW-POISON-3' }];
    case 'get_mut':
    case 'into_inner':
      // Registered as a writer is: a waiting get_mut may hold back new readers, as a waiting writer may (RW-FAIR-1).
      return [{ state: { ...state, requests: [...state.requests, { op: op.id, lock: op.target, mode: 'write', how: 'inner' }] }, rule: 'RW-INNER-1' }];
    default:
      throw new Error(`rwlock model: unknown operation ${op.name} (${where(op)})`);
  }
}

// spec/rwlock.md:359

function step(state: RwLockState, op: OpCall, phase: number): Transition<RwLockState>[] {
  if (state.guards[op.target] !== undefined) return guardOp(state, op, phase);
  switch (op.name) {
    case 'read':
    case 'write':
      return phase === 0 ? request(state, op, op.name) : complete(state, op);
    case 'get_mut':
    case 'into_inner':
      return phase === 0 ? lockOp(state, op) : complete(state, op);
    case 'try_read':
    case 'try_write':
      return tryLock(state, op, op.name === 'try_read' ? 'read' : 'write');
    case 'drop':
      throw new Error(`rwlock model: ${where(op)} drops the lock; only guards are dropped`);
    default:
      return lockOp(state, op);
  }
}

function phases(op: OpCall, state: RwLockState): number {
  // A panic with a write guard poisons, then unlocks (RW-POISON-1); whether the guard
  // writes is settled by the caller's own earlier operations.
  if (op.name === 'panic') return state.guards[op.target]?.mode === 'write' ? 2 : 1;
  return ['read', 'write', 'get_mut', 'into_inner'].includes(op.name) ? 2 : 1;
}

function key(state: RwLockState): string {
  const sorted = <T>(record: { readonly [name: string]: T }) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([
    sorted(state.locks).map(([name, l]) => [name, l.value, l.readers, l.writer, l.poisoned, l.consumed]),
    sorted(state.guards).map(([name, g]) => [name, g.lock, g.actor, g.mode]),
    [...state.requests].sort((a, b) => a.op - b.op).map((r) => [r.op, r.lock, r.mode, r.how]),
  ]);
}

function features(state: RwLockState): string[] {
  const seen = new Set<string>();
  for (const [name, lock] of Object.entries(state.locks)) {
    if (lock.consumed) continue;
    if (lock.writer !== null) seen.add('rwlock:write-locked');
    else if (lock.readers.length > 1) seen.add('rwlock:read-locked-by-several');
    else if (lock.readers.length === 1) seen.add('rwlock:read-locked');
    else seen.add('rwlock:free');
    if (lock.poisoned) seen.add('rwlock:poisoned');
    if (writerWaiting(state, name)) seen.add('rwlock:writer-waiting');
    if (state.requests.some((r) => r.lock === name && r.mode === 'read' && (r.how === 'barge' || r.how === 'defer'))) seen.add('rwlock:reader-waiting');
  }
  return [...seen].sort();
}

export const rwlockModel: Model<RwLockState, readonly RwLockDecl[]> = {
  name: 'rwlock',
  init,
  phases,
  step,
  key,
  features,
};

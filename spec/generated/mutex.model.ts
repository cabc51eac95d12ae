// generated from spec/mutex.md — edit the chapter, not this file

// spec/mutex.md:102
import type { Model, OpCall, Outcome, Transition, Value } from '../model/types.ts';

export interface LockDecl {
  readonly kind: string;
  readonly name: string;
  readonly params: { readonly [key: string]: Value };
  readonly handles: { readonly [handle: string]: string };
}

export interface MutexObject {
  readonly value: Value;
  /** The name of the guard that holds the mutex, or null while it is free. */
  readonly holder: string | null;
  readonly poisoned: boolean;
  /** `into_inner` took the mutex by value: it is gone. */
  readonly consumed: boolean;
}

export interface Guard {
  /** The handle of the guard's mutex (`m`). */
  readonly mutex: string;
  /** The thread that locked: a guard is not Send. */
  readonly actor: string;
  /** False for a guard its operation did not produce (`WouldBlock`, a re-lock that panicked). */
  readonly held: boolean;
}

/** A re-lock by the holding thread between its two phases, and what the implementation chose. */
export interface Relock {
  readonly op: number;
  readonly how: 'panic' | 'deadlock';
}

export interface MutexState {
  /** By handle name: one handle per mutex. */
  readonly mutexes: { readonly [handle: string]: MutexObject };
  readonly guards: { readonly [name: string]: Guard };
  readonly relocks: readonly Relock[];
}

export function mutexInit(decls: readonly LockDecl[]): MutexState {
  const mutexes: Record<string, MutexObject> = {};
  for (const decl of decls) {
    if (decl.kind !== 'mutex') continue;
    const handles = Object.keys(decl.handles);
    if (handles.length !== 1) throw new Error(`mutex model: ${decl.name} needs exactly one handle, got ${handles.length}`);
    const value = decl.params.value;
    if (value === undefined) throw new Error(`mutex model: ${decl.name} has no value`);
    mutexes[handles[0]] = { value, holder: null, poisoned: false, consumed: false };
  }
  return { mutexes, guards: {}, relocks: [] };
}

// spec/mutex.md:161

export function ok(value?: Value): Outcome {
  return value === undefined ? { kind: 'Ok' } : { kind: 'Ok', value };
}

export function err(kind: string, value?: Value): Outcome {
  return value === undefined ? { kind } : { kind, value };
}

function where(op: OpCall): string {
  return `op ${op.id} (${op.actor}: ${op.target}.${op.name})`;
}

export function mutexOf(state: MutexState, op: OpCall, name: string): MutexObject {
  const mutex = state.mutexes[name];
  if (mutex === undefined) throw new Error(`mutex model: ${where(op)} uses ${name}, which is neither a mutex nor a live guard (unknown, or dropped)`);
  if (mutex.consumed) throw new Error(`mutex model: ${where(op)} uses ${name} after into_inner took it`);
  return mutex;
}

export function guardOf(state: MutexState, op: OpCall, name: string): Guard {
  const guard = state.guards[name];
  if (guard === undefined) throw new Error(`mutex model: ${where(op)} uses guard ${name}, which does not exist or was dropped`);
  if (guard.actor !== op.actor) {
    throw new Error(`mutex model: ${where(op)} uses guard ${name} of thread ${guard.actor} (a MutexGuard is not Send)`);
  }
  return guard;
}

/** The name of the guard an operation creates (`g` in `g = m.lock()`), which must be new. */
export function newGuardName(state: MutexState, op: OpCall, index = 0): string {
  const name = op.args[index];
  if (typeof name !== 'string') throw new Error(`mutex model: ${where(op)} names no guard to create`);
  if (state.guards[name] !== undefined || state.mutexes[name] !== undefined) {
    throw new Error(`mutex model: ${where(op)} creates ${name}, which already exists`);
  }
  return name;
}

export function withMutex<S extends MutexState>(state: S, name: string, mutex: MutexObject): S {
  return { ...state, mutexes: { ...state.mutexes, [name]: mutex } };
}

export function withGuard<S extends MutexState>(state: S, name: string, guard: Guard): S {
  return { ...state, guards: { ...state.guards, [name]: guard } };
}

/** `guard` now holds the free mutex `name` for `actor`. */
export function acquire<S extends MutexState>(state: S, name: string, guard: string, actor: string): S {
  const locked = withMutex(state, name, { ...state.mutexes[name], holder: guard });
  return withGuard(locked, guard, { mutex: name, actor, held: true });
}

/** Drops `guard`; if it held its mutex, the mutex is free again, poisoned if `poison`. */
export function release<S extends MutexState>(state: S, guard: string, poison = false): S {
  const { [guard]: dropped, ...guards } = state.guards;
  const next = { ...state, guards };
  if (!dropped.held) return next;
  const mutex = state.mutexes[dropped.mutex];
  return withMutex(next, dropped.mutex, { ...mutex, holder: null, poisoned: mutex.poisoned || poison });
}

/** The outcome of a lock that acquired: the guard comes back either way, as `Poisoned` on a poisoned mutex. */
export function locked(mutex: MutexObject): Outcome {
  return mutex.poisoned ? err('Poisoned') : ok();
}

/** Whether `actor` holds the mutex `name` through one of its guards. */
export function holds(state: MutexState, actor: string, name: string): boolean {
  const holder = state.mutexes[name]?.holder;
  return holder !== null && holder !== undefined && state.guards[holder]?.actor === actor;
}

// spec/mutex.md:245

function lock<S extends MutexState>(state: S, op: OpCall, phase: number): Transition<S>[] {
  const mutex = mutexOf(state, op, op.target);
  const guard = newGuardName(state, op);
  if (holds(state, op.actor, op.target)) {
    if (phase === 0) {
      return (['panic', 'deadlock'] as const).map((how) => ({ state: { ...state, relocks: [...state.relocks, { op: op.id, how }] }, rule: 'MUTEX-REENTRY-1' }));
    }
    const relock = state.relocks.find((r) => r.op === op.id);
    if (relock === undefined) throw new Error(`mutex model: ${where(op)} reached its second phase without a first`);
    if (relock.how === 'deadlock') return [];
    const next = { ...state, relocks: state.relocks.filter((r) => r.op !== op.id) };
    return [{ state: withGuard(next, guard, { mutex: op.target, actor: op.actor, held: false }), result: err('Panicked'), rule: 'MUTEX-REENTRY-1' }];
  }
  if (mutex.holder !== null) return [];
  return [{ state: acquire(state, op.target, guard, op.actor), result: locked(mutex), rule: mutex.poisoned ? 'MUTEX-POISON-2' : 'MUTEX-LOCK-1' }];
}

function tryLock<S extends MutexState>(state: S, op: OpCall): Transition<S>[] {
  const mutex = mutexOf(state, op, op.target);
  const guard = newGuardName(state, op);
  if (mutex.holder !== null) {
    // Held, by anyone: WouldBlock, whether poisoned or not (MUTEX-TRY-2).
    const empty = withGuard(state, guard, { mutex: op.target, actor: op.actor, held: false });
    return [{ state: empty, result: err('WouldBlock'), rule: 'MUTEX-TRY-1' }];
  }
  return [{ state: acquire(state, op.target, guard, op.actor), result: locked(mutex), rule: mutex.poisoned ? 'MUTEX-TRY-2' : 'MUTEX-TRY-1' }];
}

// spec/mutex.md:285

function guardOp<S extends MutexState>(state: S, op: OpCall, phase: number): Transition<S>[] {
  const guard = guardOf(state, op, op.target);
  if (op.name === 'drop') return [{ state: release(state, op.target), result: ok(), rule: 'MUTEX-LOCK-2' }];
  if (!guard.held) return [{ state, result: err('NoGuard'), rule: 'MUTEX-TRY-1' }];
  const mutex = state.mutexes[guard.mutex];
  switch (op.name) {
    case 'get':
      return [{ state, result: ok(mutex.value), rule: 'MUTEX-DATA-1' }];
    case 'set': {
      const value = op.args[0];
      if (value === undefined) throw new Error(`mutex model: ${where(op)} sets no value`);
      return [{ state: withMutex(state, guard.mutex, { ...mutex, value }), result: ok(), rule: 'MUTEX-DATA-1' }];
    }
    case 'panic':
      // The guard's drop poisons, then unlocks (MUTEX-POISON-1).
      if (phase === 0) return [{ state: withMutex(state, guard.mutex, { ...mutex, poisoned: true }), rule: 'MUTEX-POISON-1' }];
      // Poisoned at the first phase: a clear_poison in between stays cleared.
      return [{ state: release(state, op.target), result: err('Panicked'), rule: 'MUTEX-POISON-1' }];
    default:
      throw new Error(`mutex model: unknown guard operation ${op.name} (${where(op)})`);
  }
}

// spec/mutex.md:323

/** Who holds a mutex while a get_mut or into_inner holds it (no guard: a name no guard can have). */
function innerHolder(op: OpCall): string {
  return `#inner:${op.id}`;
}

function mutexOp<S extends MutexState>(state: S, op: OpCall, phase: number): Transition<S>[] {
  const mutex = mutexOf(state, op, op.target);
  switch (op.name) {
    case 'is_poisoned':
      return [{ state, result: ok(mutex.poisoned), rule: 'MUTEX-POISON-5' }];
    case 'clear_poison':
      return [{ state: withMutex(state, op.target, { ...mutex, poisoned: false }), result: ok(), rule: 'MUTEX-CLEAR-1' }];
    case 'get_mut':
    case 'into_inner': {
      const holding = innerHolder(op);
      // First phase: the mutex is free, and held for the moment.
      if (phase === 0) return mutex.holder !== null ? [] : [{ state: withMutex(state, op.target, { ...mutex, holder: holding }), rule: 'MUTEX-INNER-1' }];
      if (mutex.holder !== holding) throw new Error(`mutex model: ${where(op)} reached its second phase without holding the mutex`);
      const result = mutex.poisoned ? err('Poisoned', mutex.value) : ok(mutex.value);
      return [{ state: withMutex(state, op.target, { ...mutex, holder: null, consumed: op.name === 'into_inner' }), result, rule: 'MUTEX-INNER-1' }];
    }
    default:
      throw new Error(`mutex model: unknown operation ${op.name} (${where(op)})`);
  }
}

// spec/mutex.md:354

/** Whether `op` acts on a mutex or one of its guards (the condvar model has other targets too). */
export function isMutexOp(state: MutexState, op: OpCall): boolean {
  return state.mutexes[op.target] !== undefined || state.guards[op.target] !== undefined;
}

export function mutexStep<S extends MutexState>(state: S, op: OpCall, phase: number): Transition<S>[] {
  if (state.guards[op.target] !== undefined) return guardOp(state, op, phase);
  switch (op.name) {
    case 'lock': return lock(state, op, phase);
    case 'try_lock': return tryLock(state, op);
    case 'drop': throw new Error(`mutex model: ${where(op)} drops a mutex; only guards are dropped`);
    default: return mutexOp(state, op, phase);
  }
}

export function mutexPhases(op: OpCall, state: MutexState): number {
  // Two phases: a re-lock by the holder, a panic with the guard held (poison, then
  // unlock), and get_mut / into_inner (hold, then return). Whether the caller holds the
  // mutex, or its guard, is settled by its own earlier operations, so the answer never changes.
  if (op.name === 'panic') return state.guards[op.target]?.held === true ? 2 : 1;
  if (op.name === 'get_mut' || op.name === 'into_inner') return 2;
  return op.name === 'lock' && state.mutexes[op.target] !== undefined && holds(state, op.actor, op.target) ? 2 : 1;
}

export function mutexKey(state: MutexState): unknown[] {
  const sorted = <T>(record: { readonly [name: string]: T }) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1));
  return [
    sorted(state.mutexes).map(([name, m]) => [name, m.value, m.holder, m.poisoned, m.consumed]),
    sorted(state.guards).map(([name, g]) => [name, g.mutex, g.actor, g.held]),
    [...state.relocks].sort((a, b) => a.op - b.op).map((r) => [r.op, r.how]),
  ];
}

export function mutexFeatures(state: MutexState): string[] {
  const seen = new Set<string>();
  for (const mutex of Object.values(state.mutexes)) {
    if (mutex.consumed) continue;
    seen.add(mutex.holder === null ? 'mutex:free' : 'mutex:locked');
    if (mutex.poisoned) seen.add('mutex:poisoned');
  }
  if (state.relocks.some((r) => r.how === 'deadlock')) seen.add('mutex:relock-deadlock');
  return [...seen].sort();
}

export const mutexModel: Model<MutexState, readonly LockDecl[]> = {
  name: 'mutex',
  init: mutexInit,
  phases: mutexPhases,
  step: mutexStep,
  key: (state) => JSON.stringify(mutexKey(state)),
  features: mutexFeatures,
};

// generated from spec/condvar.md — edit the chapter, not this file

// spec/condvar.md:106
import type { Model, OpCall, Outcome, Transition, Value } from '../model/types.ts';
import {
  type LockDecl,
  type MutexState,
  err,
  guardOf,
  isMutexOp,
  locked,
  mutexFeatures,
  mutexInit,
  mutexKey,
  mutexOf,
  mutexPhases,
  mutexStep,
  newGuardName,
  ok,
  acquire,
  release,
  withGuard,
} from './mutex.model.ts';

type WaitKind = 'wait' | 'wait_timeout' | 'wait_while' | 'wait_timeout_while';
const WAITS: readonly string[] = ['wait', 'wait_timeout', 'wait_while', 'wait_timeout_while'];

interface Waiter {
  readonly op: number;
  readonly cv: string;
  /** The mutex it unlocked and will relock. */
  readonly mutex: string;
  readonly actor: string;
  /** The guard the wait gives back (`g2` in `g2 = cv.wait(g)`). */
  readonly guard: string;
  readonly kind: WaitKind;
  /** The predicate of `wait_while` and `wait_timeout_while`. */
  readonly predicate?: string;
  readonly notified: boolean;
}

/** A wait whose request settled it without waiting (condition already false, ...): its follow-up returns `result`. */
interface Settled {
  readonly op: number;
  readonly result: Outcome;
  readonly rule: string;
}

export interface CondvarState extends MutexState {
  /** By handle; `mutex` is the first mutex the condvar was used with (CV-MULTI-1). */
  readonly condvars: { readonly [handle: string]: { readonly mutex: string | null } };
  readonly waiters: readonly Waiter[];
  readonly settled: readonly Settled[];
}

function init(decls: readonly LockDecl[]): CondvarState {
  const condvars: Record<string, { mutex: string | null }> = {};
  for (const decl of decls) {
    if (decl.kind !== 'condvar') continue;
    for (const handle of Object.keys(decl.handles)) condvars[handle] = { mutex: null };
  }
  return { ...mutexInit(decls), condvars, waiters: [], settled: [] };
}

// spec/condvar.md:171

const PREDICATE = /^\s*value\s*(==|!=|<=|>=|<|>)\s*(.+?)\s*$/;

/** Whether predicate `text` holds of `value`; a predicate the language does not have throws. */
export function holds(text: string, value: Value): boolean {
  const match = PREDICATE.exec(text);
  if (!match) throw new Error(`condvar model: cannot read the predicate ${JSON.stringify(text)} (expected "value OP literal")`);
  const [, operator, literalText] = match;
  let literal: Value;
  try {
    literal = JSON.parse(literalText) as Value;
  } catch {
    throw new Error(`condvar model: ${literalText} in the predicate ${JSON.stringify(text)} is not a JSON value`);
  }
  if (operator === '==') return JSON.stringify(value) === JSON.stringify(literal);
  if (operator === '!=') return JSON.stringify(value) !== JSON.stringify(literal);
  const comparable = (typeof value === 'number' && typeof literal === 'number') || (typeof value === 'string' && typeof literal === 'string');
  if (!comparable) throw new Error(`condvar model: ${JSON.stringify(value)} ${operator} ${literalText} compares values of different kinds`);
  const [a, b] = [value as number | string, literal as number | string];
  switch (operator) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    default: return a >= b;
  }
}

function isWhile(kind: WaitKind): boolean {
  return kind === 'wait_while' || kind === 'wait_timeout_while';
}

function hasTimeout(kind: WaitKind): boolean {
  return kind === 'wait_timeout' || kind === 'wait_timeout_while';
}

function where(op: OpCall): string {
  return `op ${op.id} (${op.actor}: ${op.target}.${op.name})`;
}

// spec/condvar.md:224

function request(state: CondvarState, op: OpCall): Transition<CondvarState>[] {
  const cv = state.condvars[op.target];
  const kind = op.name as WaitKind;
  const given = newGuardName(state, op, 0);
  const taken = op.args[1];
  if (typeof taken !== 'string') throw new Error(`condvar model: ${where(op)} takes no guard`);
  const guard = guardOf(state, op, taken);
  const predicateArg = op.args[kind === 'wait_while' ? 2 : 3];
  if (isWhile(kind) && typeof predicateArg !== 'string') throw new Error(`condvar model: ${where(op)} has no predicate`);
  const predicate = isWhile(kind) ? (predicateArg as string) : undefined;
  const settle = (s: CondvarState, result: Outcome, rule: string): CondvarState => ({ ...s, settled: [...s.settled, { op: op.id, result, rule }] });
  const empty = (s: CondvarState): CondvarState => withGuard(s, given, { mutex: guard.mutex, actor: op.actor, held: false });

  if (!guard.held) return [{ state: settle(empty(release(state, taken)), err('NoGuard'), 'MUTEX-TRY-1') }];
  const mutex = mutexOf(state, op, guard.mutex);
  const out: Transition<CondvarState>[] = [];
  if (cv.mutex !== null && cv.mutex !== guard.mutex) {
    // A second mutex: the implementation may panic; the guard is dropped while unwinding (CV-MULTI-1).
    out.push({ state: settle(empty(release(state, taken, true)), err('Panicked'), 'CV-MULTI-1'), rule: 'CV-MULTI-1' });
  }
  const used: CondvarState = { ...state, condvars: { ...state.condvars, [op.target]: { mutex: cv.mutex ?? guard.mutex } } };
  if (predicate !== undefined && !holds(predicate, mutex.value)) {
    // The condition is checked first, under the lock: already false, no wait, no poison check (CV-WHILE-1, CV-POISON-2).
    const moved = acquire(release(used, taken), guard.mutex, given, op.actor);
    const result = kind === 'wait_while' ? ok() : ok(false);
    out.push({ state: settle(moved, result, 'CV-WHILE-1'), rule: 'CV-WHILE-1' });
    return out;
  }
  if (kind === 'wait_timeout_while') {
    // The time is up before the first wait (its timer fired): no wait, no poison check (CV-TIMEOUT-2, CV-POISON-2).
    const moved = acquire(release(used, taken), guard.mutex, given, op.actor);
    out.push({ state: settle(moved, ok(true), 'CV-TIMEOUT-2'), rule: 'CV-TIMEOUT-2', timed: true });
  }
  // Unlock and wait, atomically (CV-WAIT-1).
  const waiter: Waiter = { op: op.id, cv: op.target, mutex: guard.mutex, actor: op.actor, guard: given, kind, notified: false, ...(predicate === undefined ? {} : { predicate }) };
  out.push({ state: { ...release(used, taken), waiters: [...used.waiters, waiter] }, rule: 'CV-WAIT-1' });
  return out;
}

// spec/condvar.md:273

function follow(state: CondvarState, op: OpCall): Transition<CondvarState>[] {
  const settled = state.settled.find((s) => s.op === op.id);
  if (settled !== undefined) {
    return [{ state: { ...state, settled: state.settled.filter((s) => s.op !== op.id) }, result: settled.result, rule: settled.rule }];
  }
  const waiter = state.waiters.find((w) => w.op === op.id);
  if (waiter === undefined) throw new Error(`condvar model: ${where(op)} reached its second phase without a first`);
  const mutex = state.mutexes[waiter.mutex];
  // The lock is relocked before the wait returns (CV-WAIT-2).
  if (mutex.holder !== null) return [];
  const relocked = acquire({ ...state, waiters: state.waiters.filter((w) => w.op !== op.id) }, waiter.mutex, waiter.guard, waiter.actor);
  const timedOut = (result: Outcome, rule: string): Transition<CondvarState> => ({ state: relocked, result, rule, timed: true });
  const woken = (result: Outcome, rule: string): Transition<CondvarState> =>
    waiter.notified ? { state: relocked, result, rule } : { state: relocked, result, rule: 'CV-SPUR-1', timed: true, spurious: true };
  const out: Transition<CondvarState>[] = [];
  const poisoned = mutex.poisoned;
  switch (waiter.kind) {
    case 'wait':
      out.push(woken(locked(mutex), poisoned ? 'CV-POISON-1' : 'CV-NOTIFY-1'));
      break;
    case 'wait_timeout':
      out.push(woken(err(poisoned ? 'Poisoned' : 'Ok', false), poisoned ? 'CV-POISON-1' : 'CV-NOTIFY-1'));
      out.push(timedOut(err(poisoned ? 'Poisoned' : 'Ok', true), poisoned ? 'CV-POISON-1' : 'CV-TIMEOUT-1'));
      break;
    case 'wait_while':
      // Poisoned after a wait: returned at once, the condition unchecked (CV-POISON-2).
      if (poisoned) out.push(woken(err('Poisoned'), 'CV-POISON-2'));
      else if (!holds(waiter.predicate!, mutex.value)) out.push(woken(ok(), 'CV-WHILE-1'));
      break;
    case 'wait_timeout_while':
      if (poisoned) {
        out.push(woken(err('Poisoned', false), 'CV-POISON-2'));
        out.push(timedOut(err('Poisoned', true), 'CV-POISON-2'));
      } else if (!holds(waiter.predicate!, mutex.value)) {
        // The condition is checked before the clock: false means not timed out (CV-TIMEOUT-2).
        out.push(woken(ok(false), 'CV-WHILE-1'));
        out.push(timedOut(ok(false), 'CV-TIMEOUT-2'));
      } else {
        out.push(timedOut(ok(true), 'CV-TIMEOUT-2'));
      }
      break;
  }
  return out;
}

// spec/condvar.md:336

function notify(state: CondvarState, op: OpCall): Transition<CondvarState>[] {
  const waiting = state.waiters.filter((w) => w.cv === op.target && !w.notified);
  const wake = (chosen: readonly Waiter[]) => ({ ...state, waiters: state.waiters.map((w) => (chosen.includes(w) ? { ...w, notified: true } : w)) });
  if (waiting.length === 0) return [{ state, result: ok(), rule: 'CV-NOTBUF-1' }];
  if (op.name === 'notify_all') return [{ state: wake(waiting), result: ok(), rule: 'CV-NOTIFY-2' }];
  // Which waiter notify_one wakes is unspecified (CV-NOTIFY-3).
  return waiting.map((w) => ({ state: wake([w]), result: ok(), rule: 'CV-NOTIFY-1' }));
}

/** Notified `wait_while`s that may have woken, found their condition true, and waited again. */
function mayRewait(state: CondvarState): readonly number[] {
  return state.waiters
    .filter((w) => {
      const mutex = state.mutexes[w.mutex];
      return w.notified && isWhile(w.kind) && mutex.holder === null && !mutex.poisoned && holds(w.predicate!, mutex.value);
    })
    .map((w) => w.op);
}

/** `state`, and every state in which some of the waiters that may have re-waited did (CV-WHILE-2). */
function rewaits(state: CondvarState): CondvarState[] {
  const ops = mayRewait(state);
  const out: CondvarState[] = [];
  for (let mask = 0; mask < 1 << ops.length; mask++) {
    const back = ops.filter((_, i) => (mask >> i) & 1);
    out.push(back.length === 0 ? state : { ...state, waiters: state.waiters.map((w) => (back.includes(w.op) ? { ...w, notified: false } : w)) });
  }
  return out;
}

/** A `try_lock` may find a free mutex taken by a `wait_while` re-checking its condition (CV-WHILE-2). */
function recheckInProgress(state: CondvarState, mutexName: string): boolean {
  const mutex = state.mutexes[mutexName];
  return mutex !== undefined && mutex.holder === null && !mutex.poisoned &&
    state.waiters.some((w) => w.mutex === mutexName && isWhile(w.kind) && holds(w.predicate!, mutex.value));
}

// spec/condvar.md:383

function mutexOpHere(state: CondvarState, op: OpCall, phase: number): Transition<CondvarState>[] {
  if ((op.name === 'get_mut' || op.name === 'into_inner') && phase === 0 && state.waiters.some((w) => w.mutex === op.target)) return [];
  const transitions = mutexStep(state, op, phase);
  if (op.name === 'try_lock' && state.mutexes[op.target] !== undefined && recheckInProgress(state, op.target)) {
    const guard = newGuardName(state, op);
    const busy = withGuard(state, guard, { mutex: op.target, actor: op.actor, held: false });
    return [...transitions, { state: busy, result: err('WouldBlock'), rule: 'CV-WHILE-2' }];
  }
  return transitions;
}

function condvarOp(state: CondvarState, op: OpCall, phase: number): Transition<CondvarState>[] {
  if (state.condvars[op.target] === undefined) throw new Error(`condvar model: ${where(op)} uses ${op.target}, which is neither a mutex, a guard nor a condvar`);
  if (WAITS.includes(op.name)) return phase === 0 ? request(state, op) : follow(state, op);
  if (op.name === 'notify_one' || op.name === 'notify_all') return notify(state, op);
  throw new Error(`condvar model: unknown condvar operation ${op.name} (${where(op)})`);
}

function step(state: CondvarState, op: OpCall, phase: number): Transition<CondvarState>[] {
  const transitions = isMutexOp(state, op) ? mutexOpHere(state, op, phase) : condvarOp(state, op, phase);
  return transitions.flatMap((t) => rewaits(t.state).map((s) => ({ ...t, state: s })));
}

function phases(op: OpCall, state: CondvarState): number {
  if (state.condvars[op.target] !== undefined) return WAITS.includes(op.name) ? 2 : 1;
  return mutexPhases(op, state);
}

function key(state: CondvarState): string {
  return JSON.stringify([
    ...mutexKey(state),
    Object.entries(state.condvars).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, cv]) => [name, cv.mutex]),
    [...state.waiters].sort((a, b) => a.op - b.op).map((w) => [w.op, w.cv, w.mutex, w.actor, w.guard, w.kind, w.predicate ?? null, w.notified]),
    [...state.settled].sort((a, b) => a.op - b.op).map((s) => [s.op, s.result.kind, s.result.value ?? null]),
  ]);
}

function features(state: CondvarState): string[] {
  const seen = new Set(mutexFeatures(state));
  if (state.waiters.some((w) => !w.notified)) seen.add('condvar:waiting');
  if (state.waiters.some((w) => w.notified)) seen.add('condvar:notified');
  if (state.waiters.length > 1) seen.add('condvar:several-waiting');
  return [...seen].sort();
}

export const condvarModel: Model<CondvarState, readonly LockDecl[]> = {
  name: 'condvar',
  init,
  phases,
  step,
  key,
  features,
};

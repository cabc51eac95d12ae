// generated from spec/once.md — edit the chapter, not this file

// spec/once.md:116
import type { Model, OpCall, Outcome, Transition, Value } from '../model/types.ts';
import { objectOfTarget } from '../model/objects.ts';

export interface OnceDecl {
  readonly kind: string;
  readonly name: string;
  readonly params: { readonly [key: string]: Value };
  readonly handles: { readonly [handle: string]: string };
}

export type Kind = 'once' | 'oncelock' | 'lazylock';
export type Status = 'incomplete' | 'running' | 'complete' | 'poisoned';

/** What a closure does: return a value (`unit` for a Once's closure), panic, or never return. */
type Closure =
  | { readonly tag: 'value'; readonly value: Value }
  | { readonly tag: 'unit' }
  | { readonly tag: 'panic' }
  | { readonly tag: 'hang' };

interface Cell {
  readonly kind: Kind;
  readonly status: Status;
  /** OnceLock and LazyLock: the stored value while complete, else null. */
  readonly value: Value;
  /** While running: the op running its closure. */
  readonly runner: number | null;
  /** While running: whether the object was poisoned when that closure started (what OnceState says). */
  readonly poisonedBefore: boolean;
  /** LazyLock: its init closure. */
  readonly init: Closure | null;
}

interface Decision {
  readonly op: number;
  readonly result: Outcome;
}

export interface OnceState {
  readonly cells: { readonly [name: string]: Cell };
  /** Handle name → object name. */
  readonly handles: { readonly [handle: string]: string };
  /** Operations that began without running their closure, and what they return. */
  readonly decided: readonly Decision[];
}

function lazyInit(decl: OnceDecl): Closure {
  const { init, value } = decl.params;
  if (init === 'value' && value !== undefined) return { tag: 'value', value };
  if (init === 'panic') return { tag: 'panic' };
  if (init === 'hang') return { tag: 'hang' };
  throw new Error(`once model: LazyLock ${decl.name} has an unknown init closure ${JSON.stringify(decl.params)}`);
}

function init(decls: readonly OnceDecl[]): OnceState {
  const cells: Record<string, Cell> = {};
  const handles: Record<string, string> = {};
  for (const decl of decls) {
    const kind = decl.kind;
    if (kind !== 'once' && kind !== 'oncelock' && kind !== 'lazylock') continue;
    cells[decl.name] = {
      kind,
      status: 'incomplete',
      value: null,
      runner: null,
      poisonedBefore: false,
      init: kind === 'lazylock' ? lazyInit(decl) : null,
    };
    for (const [handle, role] of Object.entries(decl.handles)) {
      if (role !== kind) throw new Error(`once model: handle ${handle} of ${decl.name} has an unknown role ${role}`);
      handles[handle] = decl.name;
    }
  }
  return { cells, handles, decided: [] };
}


// spec/once.md:198

const OPS: { readonly [kind in Kind]: readonly string[] } = {
  once: ['call_once', 'call_once_panic', 'call_once_hang', 'call_once_force', 'call_once_force_panic', 'call_once_force_hang', 'is_completed', 'wait', 'wait_force'],
  oncelock: ['get_or_init', 'get_or_init_panic', 'get_or_init_hang', 'get', 'set', 'wait', 'take'],
  lazylock: ['force', 'get'],
};

/** The operations that may run a closure: begin (request) and finish (follow-up). */
const TWO_PHASE: ReadonlySet<string> = new Set([
  'call_once', 'call_once_panic', 'call_once_hang', 'call_once_force', 'call_once_force_panic', 'call_once_force_hang',
  'get_or_init', 'get_or_init_panic', 'get_or_init_hang',
  'force',
]);

function cellOf(state: OnceState, op: OpCall): { name: string; cell: Cell } {
  const name = state.handles[op.target];
  if (name === undefined) {
    throw new Error(`once model: op ${op.id} (${op.actor}: ${op.target}.${op.name}) uses ${op.target}, which is not a Once, OnceLock or LazyLock`);
  }
  const cell = state.cells[name];
  if (!OPS[cell.kind].includes(op.name)) {
    throw new Error(`once model: op ${op.id}: a ${cell.kind} has no operation ${op.name} (it has ${OPS[cell.kind].join(', ')})`);
  }
  return { name, cell };
}

function withCell(state: OnceState, name: string, cell: Cell): OnceState {
  return { ...state, cells: { ...state.cells, [name]: cell } };
}

function result(kind: string, value?: Value): Outcome {
  return value === undefined ? { kind } : { kind, value };
}

/** What the closure of a closure-running operation does. */
function closureOf(cell: Cell, op: OpCall): Closure {
  if (op.name === 'force') return cell.init!;
  if (op.name.endsWith('_panic')) return { tag: 'panic' };
  if (op.name.endsWith('_hang')) return { tag: 'hang' };
  if (op.name === 'get_or_init') {
    if (op.args.length !== 1) throw new Error(`once model: op ${op.id}: get_or_init takes one argument, the value its initializer returns`);
    return { tag: 'value', value: op.args[0] };
  }
  return { tag: 'unit' };
}

const forced = (op: OpCall): boolean => op.name.startsWith('call_once_force');


// spec/once.md:259

function begin(state: OnceState, op: OpCall): Transition<OnceState>[] {
  const { name, cell } = cellOf(state, op);
  const decide = (outcome: Outcome, rule: string): Transition<OnceState>[] => [
    { state: { ...state, decided: [...state.decided, { op: op.id, result: outcome }] }, rule },
  ];
  const run = (rule: string): Transition<OnceState>[] => [
    { state: withCell(state, name, { ...cell, status: 'running', runner: op.id, poisonedBefore: cell.status === 'poisoned' }), rule },
  ];
  switch (cell.status) {
    case 'running':
      return [];
    case 'complete':
      return cell.kind === 'once' ? decide(result('Ok'), 'ONCE-CALL-2') : decide(result('Ok', cell.value), cell.kind === 'oncelock' ? 'OL-INIT-2' : 'LAZY-INIT-1');
    case 'poisoned':
      if (cell.kind === 'once' && forced(op)) return run('ONCE-FORCE-1');
      return decide(result('Poisoned'), cell.kind === 'once' ? 'ONCE-POISON-2' : 'LAZY-POISON-1');
    case 'incomplete':
      return run(cell.kind === 'once' ? 'ONCE-CALL-1' : cell.kind === 'oncelock' ? 'OL-INIT-1' : 'LAZY-INIT-1');
  }
}

function finish(state: OnceState, op: OpCall): Transition<OnceState>[] {
  const { name, cell } = cellOf(state, op);
  const decision = state.decided.find((d) => d.op === op.id);
  if (decision !== undefined) {
    return [{ state: { ...state, decided: state.decided.filter((d) => d.op !== op.id) }, result: decision.result }];
  }
  if (cell.status !== 'running' || cell.runner !== op.id) {
    throw new Error(`once model: op ${op.id} (${op.name}) finishes, but it neither runs ${name}'s closure nor decided its result`);
  }
  const closure = closureOf(cell, op);
  const idle = { runner: null, poisonedBefore: false };
  switch (closure.tag) {
    case 'hang':
      // The closure never returns; everyone else keeps waiting (OL-INIT-4, ONCE-CALL-3).
      return [];
    case 'panic': {
      // A OnceLock is left empty and unpoisoned (OL-PANIC-1); a Once or LazyLock is poisoned (ONCE-POISON-1, LAZY-POISON-1).
      const status: Status = cell.kind === 'oncelock' ? 'incomplete' : 'poisoned';
      const rule = cell.kind === 'oncelock' ? 'OL-PANIC-1' : cell.kind === 'once' ? (forced(op) ? 'ONCE-FORCE-3' : 'ONCE-POISON-1') : 'LAZY-POISON-1';
      return [{ state: withCell(state, name, { ...cell, ...idle, status }), result: result('Panicked'), rule }];
    }
    case 'unit': {
      const outcome = forced(op) ? result('Ran', cell.poisonedBefore) : result('Ran');
      return [{ state: withCell(state, name, { ...cell, ...idle, status: 'complete' }), result: outcome, rule: forced(op) ? 'ONCE-FORCE-1' : 'ONCE-CALL-1' }];
    }
    case 'value':
      return [{
        state: withCell(state, name, { ...cell, ...idle, status: 'complete', value: closure.value }),
        result: result('Ok', closure.value),
        rule: cell.kind === 'oncelock' ? 'OL-INIT-1' : 'LAZY-INIT-1',
      }];
  }
}


// spec/once.md:326

function atOnce(state: OnceState, op: OpCall): Transition<OnceState>[] {
  const { name, cell } = cellOf(state, op);
  const complete = cell.status === 'complete';
  const answer = (outcome: Outcome, rule: string, next: OnceState = state): Transition<OnceState>[] => [{ state: next, result: outcome, rule }];
  switch (`${cell.kind}.${op.name}`) {
    case 'once.is_completed':
      return answer(result('Ok', complete), 'ONCE-DONE-1');
    case 'once.wait':
      if (complete) return answer(result('Ok'), 'ONCE-WAIT-1');
      return cell.status === 'poisoned' ? answer(result('Poisoned'), 'ONCE-WAIT-1') : [];
    case 'once.wait_force':
      return complete ? answer(result('Ok'), 'ONCE-WAIT-2') : [];
    case 'oncelock.get':
      return answer(complete ? result('Some', cell.value) : result('None'), 'OL-GET-1');
    case 'lazylock.get':
      return answer(complete ? result('Some', cell.value) : result('None'), 'LAZY-GET-1');
    case 'oncelock.set': {
      if (op.args.length !== 1) throw new Error(`once model: op ${op.id}: set takes one argument, the value`);
      const value = op.args[0];
      if (cell.status === 'running') return [];
      if (complete) return answer(result('Err', value), 'OL-SET-1');
      return answer(result('Ok'), 'OL-SET-1', withCell(state, name, { ...cell, status: 'complete', value }));
    }
    case 'oncelock.wait':
      return complete ? answer(result('Ok', cell.value), 'OL-WAIT-1') : [];
    case 'oncelock.take':
      if (cell.status === 'running') return [];
      if (!complete) return answer(result('None'), 'OL-TAKE-1');
      return answer(result('Some', cell.value), 'OL-TAKE-1', withCell(state, name, { ...cell, status: 'incomplete', value: null }));
    default:
      throw new Error(`once model: op ${op.id}: ${cell.kind}.${op.name} is not a one-point operation`);
  }
}


// spec/once.md:366

function step(state: OnceState, op: OpCall, phase: number): Transition<OnceState>[] {
  if (!TWO_PHASE.has(op.name)) return atOnce(state, op);
  return phase === 0 ? begin(state, op) : finish(state, op);
}

/** Depends on the operation's name only. */
function phases(op: OpCall): number {
  return TWO_PHASE.has(op.name) ? 2 : 1;
}

function key(state: OnceState): string {
  return JSON.stringify([
    Object.entries(state.cells)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, c]) => [name, c.status, c.value, c.runner, c.poisonedBefore]),
    [...state.decided].sort((a, b) => a.op - b.op).map((d) => [d.op, d.result.kind, d.result.value ?? null]),
  ]);
}

function features(state: OnceState): string[] {
  const seen = new Set<string>();
  for (const cell of Object.values(state.cells)) {
    seen.add(`${cell.kind}:${cell.status}`);
    if (cell.status === 'running' && cell.poisonedBefore) seen.add(`${cell.kind}:running-after-poison`);
  }
  if (state.decided.length > 0) seen.add('returning-without-running');
  return [...seen].sort();
}

export const onceModel: Model<OnceState, readonly OnceDecl[]> = {
  name: 'once',
  init,
  phases,
  step,
  key,
  objects: objectOfTarget,
  features,
};

// generated from spec/barrier.md — edit the chapter, not this file

// spec/barrier.md:77
import type { Model, OpCall, Outcome, Transition, Value } from '../model/types.ts';
import { objectOfTarget } from '../model/objects.ts';

export interface BarrierDecl {
  readonly kind: string;
  readonly name: string;
  readonly params: { readonly [key: string]: Value };
  readonly handles: { readonly [handle: string]: string };
}

interface Bar {
  /** The number of parties, as passed to `Barrier::new`. */
  readonly n: number;
  /** The parties (op ids) that have arrived in the current generation, in arrival order. */
  readonly arrived: readonly number[];
  /** How many generations have been released (for the history-quality report). */
  readonly generation: number;
}

interface Release {
  readonly op: number;
  /** The released generation the party belongs to (`Generation.id`). */
  readonly generation: string;
}

interface Generation {
  readonly id: string;
  /** Its parties that have not returned yet. */
  readonly left: number;
  /** Whether one of its parties has returned as the leader. */
  readonly led: boolean;
}

export interface BarrierState {
  readonly barriers: { readonly [name: string]: Bar };
  /** Handle name → barrier name. */
  readonly handles: { readonly [handle: string]: string };
  /** Parties released and not yet returned. */
  readonly released: readonly Release[];
  /** The released generations some party of which has not returned yet. */
  readonly departing: readonly Generation[];
}

function init(decls: readonly BarrierDecl[]): BarrierState {
  const barriers: Record<string, Bar> = {};
  const handles: Record<string, string> = {};
  for (const decl of decls) {
    if (decl.kind !== 'barrier') continue;
    const n = decl.params.n;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new Error(`barrier model: ${decl.name} needs an integer number of parties n ≥ 0, got ${JSON.stringify(n)}`);
    }
    barriers[decl.name] = { n, arrived: [], generation: 0 };
    for (const [handle, role] of Object.entries(decl.handles)) {
      if (role !== 'barrier') throw new Error(`barrier model: handle ${handle} of ${decl.name} has an unknown role ${role}`);
      handles[handle] = decl.name;
    }
  }
  return { barriers, handles, released: [], departing: [] };
}

function barrierOf(state: BarrierState, op: OpCall): string {
  const name = state.handles[op.target];
  if (name === undefined) {
    throw new Error(`barrier model: op ${op.id} (${op.actor}: ${op.target}.${op.name}) uses ${op.target}, which is not a barrier`);
  }
  return name;
}

function withBarrier(state: BarrierState, name: string, bar: Bar): BarrierState {
  return { ...state, barriers: { ...state.barriers, [name]: bar } };
}


// spec/barrier.md:162

function arrive(state: BarrierState, op: OpCall): Transition<BarrierState>[] {
  const name = barrierOf(state, op);
  const bar = state.barriers[name];
  const arrived = [...bar.arrived, op.id];
  if (arrived.length < bar.n) {
    return [{ state: withBarrier(state, name, { ...bar, arrived }), rule: 'BAR-WAIT-1' }];
  }
  // The generation is complete: all of it is released at once, and the next
  // arrival starts a new generation (BAR-WAIT-2, BAR-GEN-1, BAR-GEN-2).
  const next = withBarrier(state, name, { ...bar, arrived: [], generation: bar.generation + 1 });
  const generation: Generation = { id: `${name}#${bar.generation}`, left: arrived.length, led: false };
  const released = [...next.released, ...arrived.map((party) => ({ op: party, generation: generation.id }))];
  return [{ state: { ...next, released, departing: [...next.departing, generation] }, rule: bar.n <= 1 ? 'BAR-SMALL-1' : 'BAR-WAIT-2' }];
}

function depart(state: BarrierState, op: OpCall): Transition<BarrierState>[] {
  barrierOf(state, op);
  const release = state.released.find((r) => r.op === op.id);
  // Not released yet: the party waits for its generation to fill (BAR-WAIT-1, BAR-BLOCK-1).
  if (release === undefined) return [];
  const generation = state.departing.find((g) => g.id === release.generation)!;
  const returned = (led: boolean): BarrierState => {
    const rest = { ...generation, left: generation.left - 1, led };
    return {
      ...state,
      released: state.released.filter((r) => r.op !== op.id),
      departing: state.departing.flatMap((g) => (g !== generation ? [g] : rest.left > 0 ? [rest] : [])),
    };
  };
  // Which party leads is implementation-defined: any of them may, one per generation (BAR-LEAD-1, BAR-LEAD-2).
  const transitions: Transition<BarrierState>[] = [];
  if (!generation.led) transitions.push({ state: returned(true), result: { kind: 'Leader' } satisfies Outcome, rule: 'BAR-LEAD-1' });
  if (generation.led || generation.left > 1) transitions.push({ state: returned(generation.led), result: { kind: 'Follower' } satisfies Outcome, rule: 'BAR-GEN-4' });
  return transitions;
}


// spec/barrier.md:204

function step(state: BarrierState, op: OpCall, phase: number): Transition<BarrierState>[] {
  if (op.name !== 'wait') throw new Error(`barrier model: unknown operation ${op.name} (op ${op.id})`);
  return phase === 0 ? arrive(state, op) : depart(state, op);
}

/** `wait` is always two-phase (arrival, return); the answer depends on the operation's name only. */
function phases(op: OpCall): number {
  return op.name === 'wait' ? 2 : 1;
}

function key(state: BarrierState): string {
  return JSON.stringify([
    Object.entries(state.barriers)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      // Arrival order has no effect on what follows (any party may lead): sorted, so the
      // checker meets n parties' 2^n arrival sets, not their n! orders.
      .map(([name, bar]) => [name, [...bar.arrived].sort((a, b) => a - b), Math.min(bar.generation, 2)]),
    [...state.released].sort((a, b) => a.op - b.op).map((r) => [r.op, r.generation]),
    state.departing.map((g) => [g.id, g.left, g.led]),
  ]);
}

function features(state: BarrierState): string[] {
  const seen = new Set<string>();
  for (const bar of Object.values(state.barriers)) {
    if (bar.n <= 1) seen.add('barrier:trivial');
    if (bar.arrived.length > 0) seen.add('barrier:partial');
    if (bar.generation >= 2) seen.add('barrier:reused');
  }
  if (state.released.length > 0) seen.add('barrier:departing');
  // Parties of the next generation arrived before the previous one had left (BAR-GEN-2, BAR-GEN-4).
  if (seen.has('barrier:partial') && seen.has('barrier:departing')) seen.add('barrier:overlap');
  return [...seen].sort();
}

export const barrierModel: Model<BarrierState, readonly BarrierDecl[]> = {
  name: 'barrier',
  init,
  phases,
  step,
  key,
  objects: objectOfTarget,
  features,
};

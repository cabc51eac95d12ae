// Copies of one scenario, run side by side in one stress run.
//
// Under stress a race shows only when two threads' operations land within nanoseconds of
// each other (a sender count updated by a load and then a store; a receive that reads the
// sender count after finding the buffer empty). A scenario's actors make a few operations
// each, microseconds apart, and a run costs tens of milliseconds of coordination: so a
// stress run runs `count` copies of the scenario, each on its own objects, and the actors
// go through them in step (a barrier before each copy, lane-worker.ts). Copy k's objects
// and handles are renamed `name~k` (copy 0 keeps the scenario's names); the copies share
// nothing, so each is checked on its own, against the scenario it copies, and a failure is
// reported as a run of that one scenario.
import { numberOps, type NumberedOp } from '../../../spec/model/explore.ts';
import { defaultVocabularies } from '../../../spec/toolchain/example/default-vocabularies.ts';
import type { Value } from '../../../spec/model/types.ts';
import { operationCount, type ObjectDecl, type Scenario, type ScenarioOp } from '../../scenario/types.ts';

export interface ScenarioCopies {
  /** The scenario copied, and its operations numbered. */
  readonly original: Scenario;
  readonly originalOps: readonly NumberedOp[];
  readonly count: number;
  /** The copies as one scenario: each stage is the stage of copy 0, then of copy 1, ... */
  readonly scenario: Scenario;
  /** Copy k's operation with the original id `id` has the id `idOf[k][id]` in `scenario`. */
  readonly idOf: readonly (readonly number[])[];
  /** Which copy an operation of `scenario` belongs to, by id... */
  readonly copyOf: readonly number[];
  /** ... and its id in the original scenario. */
  readonly originalOf: readonly number[];
  /** Which copy a handle of `scenario` belongs to, by name. */
  readonly copyOfHandle: ReadonlyMap<string, number>;
  /** A result of copy k's operation as the original scenario's would read: handle names in it (`select`'s receiver) lose their `~k`. */
  originalResult<V>(result: V): V;
}

/** At most this many copies in one run. */
export const MAX_COPIES = 8;
/** ... and no more copies than keep the run within this many operations (a flood prefix alone can take thousands). */
const MAX_COPIED_OPS = 480;

/** How many copies a stress run of `scenario` makes: as many as fit, from 1 to MAX_COPIES. */
export function copyCount(scenario: Scenario): number {
  return Math.max(1, Math.min(MAX_COPIES, Math.floor(MAX_COPIED_OPS / Math.max(1, operationCount(scenario)))));
}

export function copiesOf(scenario: Scenario, count: number): ScenarioCopies {
  if (!Number.isInteger(count) || count < 1) throw new Error(`copiesOf: ${count} copies`);
  const renamed = Array.from({ length: count }, (_, k) => renameCopy(scenario, k));
  const copied: Scenario = {
    model: scenario.model,
    objects: renamed.flatMap((r) => r.objects),
    prefix: renamed.flatMap((r) => r.prefix),
    actors: scenario.actors.map((a, i) => ({ name: a.name, ops: renamed.flatMap((r) => r.actors[i].ops) })),
    suffix: renamed.flatMap((r) => r.suffix),
  };
  // numberOps numbers the prefix, each actor's lane, then the suffix: copy k's share of each stage follows copy k-1's.
  const original = numberOps(scenario);
  const stageKey = (o: NumberedOp) => (o.stage === 'parallel' ? `parallel:${o.actor}` : o.stage);
  const lengthOf = new Map<string, number>();
  const offsetInStage = original.map((o) => {
    const key = stageKey(o);
    const at = lengthOf.get(key) ?? 0;
    lengthOf.set(key, at + 1);
    return at;
  });
  const startOf = new Map<string, number>();
  for (const o of numberOps(copied)) if (!startOf.has(stageKey(o))) startOf.set(stageKey(o), o.id);
  const idOf = Array.from({ length: count }, (_, k) => original.map((o, i) => startOf.get(stageKey(o))! + k * lengthOf.get(stageKey(o))! + offsetInStage[i]));
  const copyOf: number[] = [];
  const originalOf: number[] = [];
  idOf.forEach((ids, k) =>
    ids.forEach((id, i) => {
      copyOf[id] = k;
      originalOf[id] = i;
    }),
  );
  const copyOfHandle = new Map<string, number>();
  const originalName = new Map<string, string>();
  renamed.forEach((r, k) =>
    r.handles.forEach((name, i) => {
      copyOfHandle.set(name, k);
      originalName.set(name, renamed[0].handles[i]);
    }),
  );
  const originalResult = <V>(v: V): V => {
    if (typeof v === 'string') return (originalName.get(v) ?? v) as V;
    if (Array.isArray(v)) return v.map(originalResult) as V;
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([key, x]) => [key, originalResult(x)])) as V;
    return v;
  };
  return { original: scenario, originalOps: original, count, scenario: copied, idOf, copyOf, originalOf, copyOfHandle, originalResult };
}

/** Copy k of the scenario: every object and handle renamed `name~k` (k = 0 keeps the names). */
function renameCopy(scenario: Scenario, k: number): Scenario & { readonly handles: readonly string[] } {
  const as = (name: string) => (k === 0 ? name : `${name}~${k}`);
  const handles = new Set<string>();
  const objects: ObjectDecl[] = scenario.objects.map((o) => {
    for (const h of Object.keys(o.handles)) handles.add(h);
    return { ...o, name: as(o.name), handles: Object.fromEntries(Object.entries(o.handles).map(([h, role]) => [as(h), role])) };
  });
  // As in handle-plan.ts: the vocabulary says which operations bind a new handle (args[0]);
  // other arguments name handles only if such a handle exists, the rest are values.
  const vocabulary = defaultVocabularies.forModel(scenario.model);
  const binds = (op: string) => vocabulary !== undefined && defaultVocabularies.bindsHandle(vocabulary, op);
  const renameOp = (op: ScenarioOp): ScenarioOp => {
    const created = binds(op.name) && typeof op.args[0] === 'string' ? op.args[0] : undefined;
    const args = op.args.map((a: Value, i) => (typeof a === 'string' && ((i === 0 && created !== undefined) || handles.has(a)) ? as(a) : a));
    if (created !== undefined) handles.add(created);
    return { ...op, target: handles.has(op.target) ? as(op.target) : op.target, args };
  };
  // In numberOps' order, so that a handle is known before any operation names it.
  const prefix = scenario.prefix.map(renameOp);
  const actors = scenario.actors.map((a) => ({ name: a.name, ops: a.ops.map(renameOp) }));
  const suffix = scenario.suffix.map(renameOp);
  return { model: scenario.model, objects, prefix, actors, suffix, handles: [...handles].map(as) };
}

// Where each handle of a scenario lives on the threads executors, and when it travels.
// Main's worker (worker 0) creates every object; an actor's worker (1, 2, ...) is sent the
// handles its operations name before the actors start (and adopts each at its first use). Handles of a channel move (a
// Sender or Receiver belongs to one thread at a time); handles of the other primitives
// are shared (threads use a Mutex through a reference, as `Arc<Mutex<T>>`). A handle an
// operation creates (a clone, an iterator, a guard) lives where it was created. When the
// suffix names a handle an actor holds, it moves back to main once that actor is done.
import type { NumberedOp } from '../../../spec/model/explore.ts';
import { defaultVocabularies } from '../../../spec/toolchain/example/default-vocabularies.ts';
import type { Scenario } from '../../scenario/types.ts';
import { FACTORY_OF_KIND } from '../../adapter/types.ts';

export interface Transfer {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly share: boolean;
}

export type HandlePlan =
  | { readonly ok: true; readonly beforeParallel: readonly Transfer[]; readonly beforeSuffix: readonly Transfer[] }
  | { readonly ok: false; readonly reason: string };

interface Handle {
  holder: number;
  readonly role: string;
  /** Objects other than channels are shared between threads. */
  readonly shared: boolean;
  /** A handle created by an operation other than a channel handle's clone never travels (guards, iterators). */
  readonly travels: boolean;
  readonly copies: Set<number>;
}

/** Whether handles of `role` are an object threads share (as `Arc<Mutex<T>>`): every declared object's but a channel's, whose handles move. */
export function isSharedRole(role: string): boolean {
  return role !== 'channel' && Object.hasOwn(FACTORY_OF_KIND, role);
}

export function planHandles(scenario: Scenario, ops: readonly NumberedOp[]): HandlePlan {
  const handles = new Map<string, Handle>();
  for (const decl of scenario.objects) {
    for (const [name, role] of Object.entries(decl.handles)) {
      handles.set(name, { holder: 0, role, shared: isSharedRole(role), travels: true, copies: new Set() });
    }
  }
  const workerOf = new Map<string, number>(scenario.actors.map((a, i) => [a.name, i + 1]));
  // The chapters' vocabularies say which operations bind a new handle (`g = m.lock()`:
  // args[0]). Other arguments name handles only if such a handle exists (`select(rx1, rx2)`,
  // `cv.wait(g)`); the rest are values and predicates (`"value == 0"`).
  const vocabulary = defaultVocabularies.forModel(scenario.model);
  const binds = (op: string) => vocabulary !== undefined && defaultVocabularies.bindsHandle(vocabulary, op);
  const beforeParallel: Transfer[] = [];
  const beforeSuffix: Transfer[] = [];
  const claimedBy = new Map<string, number>();
  for (const op of ops) {
    const worker = op.stage === 'parallel' ? workerOf.get(op.actor)! : 0;
    const created = binds(op.name) && typeof op.args[0] === 'string' ? op.args[0] : undefined;
    const first = created === undefined ? 0 : 1;
    const used = op.args.slice(first).filter((a): a is string => typeof a === 'string' && handles.has(a));
    for (const name of [op.target, ...used]) {
      const h = handles.get(name);
      // A name no handle has: a mistake of the scenario's, which the model will report.
      if (h === undefined) continue;
      if (h.holder === worker || h.copies.has(worker)) continue;
      const problem = `${op.actor} uses ${name}, which ${h.holder === 0 ? 'main' : scenario.actors[h.holder - 1].name} holds`;
      if (!h.travels) return { ok: false, reason: `${problem}, and it cannot travel between threads` };
      if (h.shared) {
        if (op.stage !== 'parallel' || h.holder !== 0) return { ok: false, reason: `${problem}: only main's objects are shared with the actors` };
        beforeParallel.push({ name, from: 0, to: worker, share: true });
        h.copies.add(worker);
        continue;
      }
      if (op.stage === 'parallel') {
        const claimed = claimedBy.get(name);
        if (h.holder !== 0 || (claimed !== undefined && claimed !== worker)) return { ok: false, reason: `${problem}: a channel handle belongs to one thread at a time` };
        beforeParallel.push({ name, from: 0, to: worker, share: false });
        claimedBy.set(name, worker);
        h.holder = worker;
        continue;
      }
      // The suffix names a handle an actor holds: it comes back once that actor is done.
      beforeSuffix.push({ name, from: h.holder, to: 0, share: false });
      h.holder = 0;
    }
    if (created !== undefined) {
      // Made here (`tx2 = tx.clone()`, `g = m.lock()`): a clone of a channel handle can travel, a guard or an iterator cannot.
      const source = handles.get(op.target);
      const travels = op.name === 'clone' && source !== undefined && !source.shared;
      handles.set(created, { holder: worker, role: source?.role ?? 'local', shared: false, travels, copies: new Set() });
    }
  }
  return { ok: true, beforeParallel, beforeSuffix };
}

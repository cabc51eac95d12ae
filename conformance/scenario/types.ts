import type { Outcome, Value } from '../../spec/model/types.ts';

/**
 * A scenario: the one format every executor runs and every check is written in.
 *
 * `main` runs `prefix` alone, then the actors run in parallel, then — once every
 * actor has finished or is blocked — `main` runs `suffix` (which may unblock them).
 * Nothing is implicit: a handle an actor should drop when it ends is dropped by an
 * explicit `drop` operation in its list.
 */
export interface Scenario {
  /** The model the scenario is checked against (`channel`, `mutex`, ...). */
  readonly model: string;
  readonly objects: readonly ObjectDecl[];
  readonly prefix: readonly ScenarioOp[];
  readonly actors: readonly Actor[];
  readonly suffix: readonly ScenarioOp[];
}

/**
 * A primitive created before the run, and the handles it starts with.
 * A channel: `{ kind: 'channel', name: 'c0', params: { flavor: 'bounded', capacity: 1, profile: 'mpsc' },
 * handles: { tx: 'sender', rx: 'receiver' } }`.
 */
export interface ObjectDecl {
  readonly kind: string;
  readonly name: string;
  readonly params: { readonly [key: string]: Value };
  /** handle name → role (`sender`, `receiver`, `lock`...). */
  readonly handles: { readonly [handle: string]: string };
}

export interface Actor {
  readonly name: string;
  readonly ops: readonly ScenarioOp[];
}

/**
 * One abstract operation: `tx.send(1)` is `{ name: 'send', target: 'tx', args: [1] }`;
 * `tx2 = tx.clone()` is `{ name: 'clone', target: 'tx', args: ['tx2'] }`.
 * `expect`, when present, lists the outcomes the spec allows for this operation in
 * this scenario (examples only); `'blocks'` means "still blocked when the run ends".
 */
export interface ScenarioOp {
  readonly name: string;
  readonly target: string;
  readonly args: readonly Value[];
  readonly expect?: readonly (Outcome | 'blocks')[];
}

export const MAIN_ACTOR = 'main';

/** The name of a generated scenario's i-th actor (from 0): `A` to `Z`, then `A26`, `A27`, ... (example labels: `[A-Z][A-Za-z0-9_]*`). */
export function actorName(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : `A${i}`;
}

/** How many operations a scenario makes in all: main's prefix, every actor's, the suffix (what a run of it costs). */
export function operationCount(scenario: Scenario): number {
  return scenario.prefix.length + scenario.actors.reduce((n, a) => n + a.ops.length, 0) + scenario.suffix.length;
}

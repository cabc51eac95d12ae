// A mutant: an implementation with one injected bug, run through the same public
// adapter path as a user's adapter (an `Adapter` object checked by the loader's shape
// rules, or a module loaded by `loadAdapter`), to show which rules catch it.
import type { Adapter, ExecutorKind } from '../adapter/types.ts';

/** The kind of bug a mutant injects (issue #6's catalogue). */
export type BugClass =
  | 'lost-wakeup'
  | 'missed-disconnection'
  | 'early-disconnection'
  | 'rendezvous-buffers'
  | 'capacity'
  | 'lost-value'
  | 'duplicated-value'
  | 'order'
  | 'blocks'
  | 'does-not-block'
  | 'wrong-result'
  | 'no-poison'
  | 'early-unpoison'
  | 'wrong-poison'
  | 'two-holders'
  | 'stale-data'
  | 'leader'
  | 'generation'
  | 'initializes-twice'
  | 'spec-allowed';

export interface Mutant {
  /** Stable, kebab-case, prefixed by the primitive: `chan-rendezvous-buffers`. */
  readonly id: string;
  readonly executor: ExecutorKind;
  /** What it does wrong, in one sentence. */
  readonly description: string;
  readonly bug: BugClass;
  /**
   * The chapters whose rules can see the bug: only their rules run against the mutant
   * (every other rule runs the correct code, which the baseline shows to pass).
   */
  readonly chapters: readonly string[];
  /** The rules it was designed to break (informative: the kill matrix is measured, not assumed). */
  readonly targets?: readonly string[];
  /**
   * Set when the mutant's behaviour is one the spec allows (e.g. a `notify_one` that
   * wakes two, which spurious wakeups allow): why. Left out of the score; killing it
   * is a false failure of the suite.
   */
  readonly equivalent?: string;
  /** The adapter, as a user's adapter would be: an object, or a module path `loadAdapter` loads. */
  readonly adapter: Adapter | { readonly module: string };
}

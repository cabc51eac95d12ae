// The catalogue of mutants `syncspec selftest` runs, and the correct implementations
// (baselines) they are measured against.
import { fileURLToPath } from 'node:url';
import { buggySync } from '../testing/buggy-sync.ts';
import { promiseSync } from '../testing/promise-sync-adapter.ts';
import { channelMutants } from './mutants/channels.ts';
import { lockMutants } from './mutants/locks.ts';
import { onceMutants } from './mutants/once.ts';
import type { Baseline } from './selftest.ts';
import type { BugClass, Mutant } from './types.ts';

/** The one-bug variants of conformance/testing/buggy-sync.ts (the engine's own tests use them too), as mutants. */
const BUGGY_SYNC_CLASS: { readonly [name: string]: { readonly bug: BugClass; readonly targets: readonly string[] } } = {
  'mutex-try-lock-while-held': { bug: 'two-holders', targets: ['MUTEX-TRY-1', 'MUTEX-EXCL-1'] },
  'mutex-panic-does-not-poison': { bug: 'no-poison', targets: ['MUTEX-POISON-1'] },
  'mutex-unlock-clears-poison': { bug: 'early-unpoison', targets: ['MUTEX-POISON-5'] },
  'mutex-unlock-loses-waiters': { bug: 'lost-wakeup', targets: ['MUTEX-LOCK-2'] },
  'rwlock-writer-beside-readers': { bug: 'two-holders', targets: ['RW-EXCL-1', 'RW-WRITE-1'] },
  'rwlock-reader-panic-poisons': { bug: 'wrong-poison', targets: ['RW-POISON-1'] },
  'rwlock-admits-one-reader': { bug: 'lost-wakeup', targets: ['RW-WAKE-1'] },
  'condvar-wait-keeps-lock': { bug: 'blocks', targets: ['CV-WAIT-1'] },
  'condvar-notify-one-forgets': { bug: 'lost-wakeup', targets: ['CV-NOTIFY-1', 'CV-NOTIFY-2'] },
  'condvar-notify-all-skips-last': { bug: 'lost-wakeup', targets: ['CV-NOTIFY-2'] },
  'condvar-timer-before-condition': { bug: 'wrong-result', targets: ['CV-TIMEOUT-2'] },
  'barrier-two-leaders': { bug: 'leader', targets: ['BAR-LEAD-1'] },
  'barrier-no-leader': { bug: 'leader', targets: ['BAR-LEAD-1'] },
  'barrier-generation-leaks-party': { bug: 'generation', targets: ['BAR-GEN-2', 'BAR-GEN-1'] },
  'barrier-sense-reversal': { bug: 'generation', targets: ['BAR-GEN-4'] },
  'oncelock-initializes-twice': { bug: 'initializes-twice', targets: ['OL-INIT-3', 'OL-INIT-4'] },
  'oncelock-panic-fills-cell': { bug: 'wrong-poison', targets: ['OL-PANIC-1'] },
  'oncelock-set-does-not-wait': { bug: 'does-not-block', targets: ['OL-SET-2'] },
  'once-poison-ignored': { bug: 'initializes-twice', targets: ['ONCE-POISON-2'] },
  'lazylock-retries-after-panic': { bug: 'early-unpoison', targets: ['LAZY-POISON-1'] },
};

const CHAPTERS_OF: { readonly [chapter: string]: readonly string[] } = { mutex: ['mutex', 'condvar'], rwlock: ['rwlock'], condvar: ['condvar'], barrier: ['barrier'], once: ['once'] };

const buggySyncMutants: readonly Mutant[] = buggySync.map((b) => {
  const known = BUGGY_SYNC_CLASS[b.adapter.name];
  return {
    id: b.adapter.name,
    executor: 'async',
    description: b.bug,
    bug: known?.bug ?? 'wrong-result',
    chapters: CHAPTERS_OF[b.chapter],
    ...(known === undefined ? {} : { targets: known.targets }),
    adapter: b.adapter,
  };
});

/** A channel mutant of the reference on threads: `threads-NAME`, the module mutants/threads/NAME.ts. */
const threadsChannelMutant = (name: string, bug: Mutant['bug'], description: string, targets: readonly string[]): Mutant => ({
  id: `threads-${name}`,
  executor: 'threads',
  description,
  bug,
  chapters: ['channels'],
  targets,
  adapter: { module: fileURLToPath(new URL(`./mutants/threads/${name}.ts`, import.meta.url)) },
});

/**
 * Mutants of the bundled reference adapter on worker threads: each is a module a
 * worker imports, loaded by path as `syncspec run --adapter ./module.ts` loads a
 * user's. Slow (real threads), so they run only when asked for (`--executor threads`).
 */
export const threadsMutants: readonly Mutant[] = [
  threadsChannelMutant('rendezvous-is-bounded', 'rendezvous-buffers', 'sync_channel(0) creates a bounded(1) channel: a send returns before a receive took it', ['CHAN-FLAVOR-3', 'CHAN-RDV-4', 'CHAN-RDV-2']),
  threadsChannelMutant('capacity-plus-one', 'capacity', 'sync_channel(n) creates a channel for n + 1 values', ['CHAN-FLAVOR-2', 'CHAN-BND-2']),
  threadsChannelMutant('try-recv-empty-is-disconnected', 'early-disconnection', 'try_recv on an empty channel says Disconnected though a sender lives', ['CHAN-TRYRECV-1']),
  threadsChannelMutant('recv-timeout-does-not-wait', 'does-not-block', 'recv_timeout on an empty channel says Timeout at once instead of waiting', ['CHAN-TIMEOUT-3', 'CHAN-TIMEOUT-4']),
];

export const asyncMutants: readonly Mutant[] = [...channelMutants, ...lockMutants, ...buggySyncMutants, ...onceMutants];

export const catalogue: readonly Mutant[] = [...asyncMutants, ...threadsMutants];

/** The correct implementations: every rule they run must pass (or be n/a). */
export const asyncBaselines: readonly Baseline[] = [
  { name: 'promise-sync', executor: 'async', chapters: ['barrier', 'channels', 'condvar', 'mutex', 'once', 'rwlock'], adapter: promiseSync },
];

export const threadsBaselines: readonly Baseline[] = [{ name: 'reference', executor: 'threads', chapters: ['channels'], adapter: { module: 'reference' } }];

// The process-wide registry: one SharedArrayBuffer that every thread of the process
// shares, holding a slot per thread that uses the reference (liveness, a park word)
// and the wait records of blocking operations.
//
// Why a registry: a thread blocked in `recv` must be woken when the thread holding
// the last sender dies, but the thread that observes the death (the parent, through
// the worker's `exit` event) may not even have the channel's memory. So nobody waits
// on a channel's own words for long: a blocked operation parks on *its thread's* park
// word here, and the watcher can wake every parked thread of the process without
// knowing which channels they wait on. The woken threads then reap the dead thread's
// handles themselves (channels/ownership.ts). The same per-thread parking makes
// `select` over several channels possible (Atomics.wait waits on one address only)
// and lets the main thread multiplex any number of async waits on one word.
//
// How it reaches every thread: through `worker_threads` environment data, which a
// worker inherits from the thread that creates it. The first import of the reference
// in a thread either finds the registry there or creates one and publishes it, so a
// process whose main thread imports the reference before starting workers has exactly
// one registry. Descriptors carry their registry too, so that a thread that has not
// used its own yet can adopt the one of the first handle it receives.

import { getEnvironmentData, setEnvironmentData, threadId } from 'node:worker_threads';
import { randomInt } from 'node:crypto';
import { unpark } from '../schedule/hooks.ts';
import { add, cas, load, store } from './atomics.ts';
import { deferWake } from './lock.ts';

/** Maximum number of threads that use the reference at once (slot index fits 10 bits). */
export const MAX_THREADS = 1024;
/** Wait records for async operations (sync operations use the one in their thread's slot). */
export const POOL_RECORDS = 4096;

const MAGIC = 0x53594e43; // "SYNC"

// Header (Int32 indices); the words written at run time sit on their own 64-byte lines.
const H_MAGIC = 0;
const H_ID = 1;
const H_DEATH_EPOCH = 16;
const H_NEXT_CHANNEL = 32;
const H_POOL_HINT = 48;

// Thread slots: 16 words (64 bytes) each, so a thread's park word has its own line.
const SLOT_BASE = 64;
const SLOT_WORDS = 16;
export const S_STATE = 0; // FREE or ALIVE
export const S_GEN = 1; // bumped when the slot's thread dies: (slot, gen) names one thread, forever
export const S_THREAD_ID = 2; // worker_threads threadId of the occupant
export const S_PARENT = 3; // threadId of the thread that created the occupant (for nested workers)
export const S_PARK = 4; // futex word: a thread parks here; wakers add 1 and notify
export const S_PARKED = 5; // how many waits (sync park, armed async reactor) are parked on S_PARK
export const S_RECORD = 6; // the thread's wait record for its blocking (sync) operations

const FREE = 0;
const ALIVE = 1;

// Pool records: 4 words each.
const POOL_BASE = SLOT_BASE + MAX_THREADS * SLOT_WORDS;
const POOL_WORDS = 4;
const P_STATE = 0;
const P_OWNER = 1; // slot + 1 of the owning thread, 0 when free

const TOTAL_WORDS = POOL_BASE + POOL_RECORDS * POOL_WORDS;

/**
 * A wait record's state word: `seq << 16 | sel << 4 | phase`. `seq` is bumped for every
 * operation that uses the record, so a stale entry in a channel's waiter table (naming
 * an older seq) can never select a newer operation. `sel` says which of the operation's
 * channels selected it (the index in a `select` list; 0 for a plain recv/send).
 */
export const PHASE_IDLE = 0;
export const PHASE_WAITING = 1;
export const PHASE_SELECTED = 2;
export const PHASE_ABORTED = 3;

export function recordState(seq: number, sel: number, phase: number): number {
  return ((seq & 0xffff) << 16) | ((sel & 0xfff) << 4) | phase;
}
export const phaseOf = (state: number): number => state & 0xf;
export const selOf = (state: number): number => (state >>> 4) & 0xfff;
export const seqOf = (state: number): number => (state >>> 16) & 0xffff;
/** Largest number of receivers one `select` can wait on (the `sel` field). */
export const MAX_SELECT = 0xfff;

/**
 * A thread token names one incarnation of one slot: `(gen & 0x7ffff) << 11 | (slot + 1)`.
 * Locks store their owner's token, so a lock held by a dead thread is recognisable.
 * 2047 in the slot bits is never a thread (see lock.ts: CLOSED).
 */
export function tokenOf(slot: number, gen: number): number {
  return (((gen & 0x7ffff) << 11) | (slot + 1)) | 0;
}
export const slotOfToken = (token: number): number => (token & 0x7ff) - 1;

export class Registry {
  readonly sab: SharedArrayBuffer;
  readonly i32: Int32Array;
  readonly id: number;

  constructor(sab: SharedArrayBuffer) {
    this.sab = sab;
    this.i32 = new Int32Array(sab);
    if (Atomics.load(this.i32, H_MAGIC) !== MAGIC) throw new Error('syncspec: not a registry buffer');
    this.id = Atomics.load(this.i32, H_ID);
  }

  static create(): Registry {
    const sab = new SharedArrayBuffer(TOTAL_WORDS * 4);
    const i32 = new Int32Array(sab);
    i32[H_ID] = randomInt(1, 0x7fffffff);
    Atomics.store(i32, H_MAGIC, MAGIC);
    return new Registry(sab);
  }

  /** Int32 index of a field of a thread slot. */
  slotWord(slot: number, field: number): number {
    return SLOT_BASE + slot * SLOT_WORDS + field;
  }

  /**
   * Int32 index of a wait record's state word. Records 0..MAX_THREADS-1 are the
   * per-thread sync records (inside the slots); the rest are the async pool.
   */
  recordWord(record: number): number {
    return record < MAX_THREADS ? SLOT_BASE + record * SLOT_WORDS + S_RECORD : POOL_BASE + (record - MAX_THREADS) * POOL_WORDS + P_STATE;
  }

  /** The slot of the thread a record belongs to. */
  recordOwner(record: number): number {
    if (record < MAX_THREADS) return record;
    return load(this.i32, POOL_BASE + (record - MAX_THREADS) * POOL_WORDS + P_OWNER, 'registry:record-owner') - 1;
  }

  /** Is the thread named by `token` still alive? */
  isAlive(token: number): boolean {
    const slot = slotOfToken(token);
    if (slot < 0 || slot >= MAX_THREADS) return false;
    if (load(this.i32, this.slotWord(slot, S_STATE), 'registry:alive-state') !== ALIVE) return false;
    return (load(this.i32, this.slotWord(slot, S_GEN), 'registry:alive-gen') & 0x7ffff) === (token >>> 11);
  }

  deathEpoch(): number {
    return load(this.i32, H_DEATH_EPOCH, 'registry:death-epoch');
  }

  nextChannelId(): number {
    return add(this.i32, H_NEXT_CHANNEL, 1, 'registry:next-channel') + 1;
  }

  /** Claims a free slot for the calling thread; returns [slot, gen]. */
  claimSlot(tid: number, parentTid: number): [number, number] {
    for (let slot = 0; slot < MAX_THREADS; slot++) {
      if (cas(this.i32, this.slotWord(slot, S_STATE), FREE, ALIVE, 'registry:claim') === FREE) {
        const gen = load(this.i32, this.slotWord(slot, S_GEN), 'registry:claim-gen');
        store(this.i32, this.slotWord(slot, S_THREAD_ID), tid, 'registry:claim-tid');
        store(this.i32, this.slotWord(slot, S_PARENT), parentTid, 'registry:claim-parent');
        store(this.i32, this.slotWord(slot, S_PARKED), 0, 'registry:claim-parked');
        return [slot, gen];
      }
    }
    throw new Error(`syncspec: more than ${MAX_THREADS} threads use the reference at once`);
  }

  /** Allocates an async wait record owned by `slot`; returns its record number. */
  allocRecord(slot: number): number {
    const start = load(this.i32, H_POOL_HINT, 'registry:pool-hint');
    for (let k = 0; k < POOL_RECORDS; k++) {
      const r = (start + k) % POOL_RECORDS;
      if (cas(this.i32, POOL_BASE + r * POOL_WORDS + P_OWNER, 0, slot + 1, 'registry:alloc-record') === 0) {
        store(this.i32, H_POOL_HINT, (r + 1) % POOL_RECORDS, 'registry:pool-hint');
        return MAX_THREADS + r;
      }
    }
    throw new Error(`syncspec: more than ${POOL_RECORDS} async operations are waiting at once`);
  }

  freeRecord(record: number): void {
    if (record >= MAX_THREADS) store(this.i32, POOL_BASE + (record - MAX_THREADS) * POOL_WORDS + P_OWNER, 0, 'registry:free-record');
  }

  /**
   * Wakes the thread that owns `record` (after the caller changed the record's state):
   * bump its park word, and notify only if it is flagged as parked.
   */
  wakeOwner(record: number): void {
    const slot = this.recordOwner(record);
    if (slot < 0) return;
    const park = this.slotWord(slot, S_PARK);
    add(this.i32, park, 1, 'wake:bump');
    if (load(this.i32, this.slotWord(slot, S_PARKED), 'wake:parked?') > 0) {
      if (!deferWake(this.i32, park)) wakeWord(this.i32, park);
      wokeParkedAt = performance.now();
    }
  }

  /**
   * Marks every slot of thread `tid` (and of the workers it had started, which die with
   * it) dead, frees their async records, bumps the death epoch and wakes every parked
   * thread so that survivors re-examine their channels. Called by the watcher
   * (runtime/watch.ts) from a worker's `exit` event.
   */
  markThreadDead(tid: number): number {
    let killed = 0;
    const dead = [tid];
    while (dead.length > 0) {
      const t = dead.pop()!;
      for (let slot = 0; slot < MAX_THREADS; slot++) {
        const st = this.slotWord(slot, S_STATE);
        if (Atomics.load(this.i32, st) !== ALIVE) continue;
        if (Atomics.load(this.i32, this.slotWord(slot, S_PARENT)) === t && Atomics.load(this.i32, this.slotWord(slot, S_THREAD_ID)) !== t) {
          dead.push(Atomics.load(this.i32, this.slotWord(slot, S_THREAD_ID)));
        }
        if (Atomics.load(this.i32, this.slotWord(slot, S_THREAD_ID)) !== t) continue;
        // Gen first: from here on every token of this incarnation reads as dead.
        add(this.i32, this.slotWord(slot, S_GEN), 1, 'death:gen');
        // Bump the seq of its sync record so that its waiter-table entries can no longer
        // be selected: a waker skips them instead of waking a dead thread.
        const rec = this.slotWord(slot, S_RECORD);
        Atomics.store(this.i32, rec, recordState(seqOf(Atomics.load(this.i32, rec)) + 1, 0, PHASE_IDLE));
        for (let r = 0; r < POOL_RECORDS; r++) {
          const owner = POOL_BASE + r * POOL_WORDS + P_OWNER;
          if (Atomics.load(this.i32, owner) === slot + 1) {
            // Bump the record's seq so that no waiter-table entry can select it any more.
            const w = POOL_BASE + r * POOL_WORDS + P_STATE;
            Atomics.store(this.i32, w, recordState(seqOf(Atomics.load(this.i32, w)) + 1, 0, PHASE_IDLE));
            Atomics.store(this.i32, owner, 0);
          }
        }
        store(this.i32, st, FREE, 'death:free-slot');
        killed++;
      }
    }
    if (killed > 0) {
      add(this.i32, H_DEATH_EPOCH, 1, 'death:epoch');
      for (let slot = 0; slot < MAX_THREADS; slot++) {
        if (Atomics.load(this.i32, this.slotWord(slot, S_STATE)) !== ALIVE) continue;
        const park = this.slotWord(slot, S_PARK);
        add(this.i32, park, 1, 'death:bump');
        wakeWord(this.i32, park);
      }
    }
    return killed;
  }
}

/**
 * When this thread last woke a parked thread (performance.now() ms; runtime/thread.ts:
 * waitSync). The woken thread needs 7-40 µs to run again (perf-anchors.md; about 10 µs
 * under load here), longer than the usual spin: so a wait of the waker that begins soon
 * after spins longer, or a hand-off between two threads that fell into parking once
 * would go on parking at every step (each side parking just before the other comes
 * back) instead of returning to the spinning regime. Only soon after: a wake long ago
 * says nothing about the wait at hand (traced: a stale flag boosted unrelated waits,
 * which then failed and turned the boost off).
 */
let wokeParkedAt = -Infinity;
const WAKE_BOOST_WINDOW_MS = 0.05;

/** Did this thread wake a parked thread within the last 50 µs? Clears the mark. */
export function takeWokeParked(): boolean {
  if (wokeParkedAt === -Infinity) return false;
  const recent = performance.now() - wokeParkedAt < WAKE_BOOST_WINDOW_MS;
  wokeParkedAt = -Infinity;
  return recent;
}

function wakeWord(i32: Int32Array, index: number): void {
  unpark(i32, index);
}

// ---- this process's registry --------------------------------------------------------

const ENV_REGISTRY = 'syncspec:registry';
const ENV_PARENT = 'syncspec:parent-thread';

let registry: Registry | null = null;
/** Set once this thread has used its registry (claimed a slot): adopting another is then an error. */
let used = false;

function initialRegistry(): Registry {
  const inherited = getEnvironmentData(ENV_REGISTRY);
  const reg = inherited instanceof SharedArrayBuffer ? new Registry(inherited) : Registry.create();
  // Workers started by this thread from now on inherit the registry and learn their parent.
  setEnvironmentData(ENV_REGISTRY, reg.sab);
  return reg;
}

const inheritedParent = getEnvironmentData(ENV_PARENT);
/** threadId of the thread that started this one (-1 if unknown). */
export const parentThreadId: number = typeof inheritedParent === 'number' ? inheritedParent : -1;
setEnvironmentData(ENV_PARENT, threadId);
registry = initialRegistry();

export function currentRegistry(): Registry {
  return registry!;
}

export function markRegistryUsed(): void {
  used = true;
}

/**
 * Returns this thread's registry, adopting `sab` (from a descriptor) if this thread has
 * not used its own yet. Two registries in one thread cannot work together (a thread
 * parks on one word), so that case is a setup error with a clear message.
 */
export function registryFor(sab: SharedArrayBuffer): Registry {
  const reg = registry!;
  if (sab === reg.sab) return reg;
  const other = new Registry(sab);
  if (other.id === reg.id) return reg;
  if (!used) {
    registry = other;
    setEnvironmentData(ENV_REGISTRY, other.sab);
    return other;
  }
  throw new Error(
    'syncspec: this handle belongs to another registry than the channels this thread already uses. ' +
      'Import the reference (or call spawn/trackWorker) in the parent thread before starting workers, ' +
      'so that every thread of the process shares one registry.',
  );
}

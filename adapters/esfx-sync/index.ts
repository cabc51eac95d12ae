// The bundled adapter `esfx-sync`: the @esfx coordination primitives as std::sync —
// AsyncMutex as Mutex<T>, AsyncReaderWriterLock as RwLock<T>, AsyncBarrier as Barrier.
import { AsyncBarrier } from '@esfx/async-barrier';
import { AsyncMutex as EsfxMutex } from '@esfx/async-mutex';
import { AsyncReaderWriterLock } from '@esfx/async-readerwriterlock';
import { expectations } from './expectations.ts';
import type { Adapter, AsyncBarrier as SpecBarrier, AsyncMutex, AsyncRwLock, Locked, Outcome, Value } from '../../conformance/adapter/types.ts';
import { locked, WOULD_BLOCK, type Cell, type CellGuard } from '../common/lock-guards.ts';

class MutexAdapter implements AsyncMutex {
  private readonly mutex = new EsfxMutex();
  private readonly cell: Cell;

  constructor(value: Value) {
    this.cell = { value };
  }

  async lock(): Promise<Locked<CellGuard>> {
    await this.mutex.lock();
    return locked(this.cell, () => this.mutex.unlock());
  }

  tryLock(): Locked<CellGuard> {
    return this.mutex.tryLock() ? locked(this.cell, () => this.mutex.unlock()) : WOULD_BLOCK;
  }
}

class RwLockAdapter implements AsyncRwLock {
  private readonly lock = new AsyncReaderWriterLock();
  private readonly cell: Cell;

  constructor(value: Value) {
    this.cell = { value };
  }

  async read(): Promise<Locked<CellGuard>> {
    const handle = await this.lock.read();
    return locked(this.cell, () => handle.unlock(), false);
  }

  async write(): Promise<Locked<CellGuard>> {
    const handle = await this.lock.write();
    return locked(this.cell, () => handle.unlock());
  }
}

class BarrierAdapter implements SpecBarrier {
  private readonly barrier: AsyncBarrier;

  constructor(n: number) {
    this.barrier = new AsyncBarrier(n);
  }

  async wait(): Promise<Outcome> {
    // The library names no leader: the adapter calls the arrival that completes the phase (the last one) the leader, as Rust's barrier does.
    const leader = this.barrier.remainingParticipants === 1;
    try {
      await this.barrier.signalAndWait();
    } catch (e) {
      // An arrival in the same synchronous stretch as the one that completed the phase, before
      // the library starts the next phase (a microtask later), is refused: a deviation, shown
      // as the call failing (Rust's wait would belong to the next generation and block).
      if (e instanceof Error && e.message.includes('exceeded the number of registered participants')) return { kind: 'Failed', value: e.message };
      throw e;
    }
    return { kind: leader ? 'Leader' : 'Follower' };
  }
}

const adapter: Adapter = {
  name: 'esfx-sync',
  library: { name: '@esfx/async-mutex, async-readerwriterlock, async-barrier', version: '1.0.0, 1.0.0-pre.8, 1.0.0-pre.8', url: 'https://github.com/esfx/esfx' },
  executor: 'async',
  capabilities: ['mutex', 'mutex:try_lock', 'rwlock', 'barrier'],
  expectations,
  notes:
    'Mutex<T> is AsyncMutex (lock / tryLock / unlock) and RwLock<T> AsyncReaderWriterLock (read / write, each handle\'s unlock on drop), each with a cell for the value kept by the adapter; no poisoning (the library has none), no try_read/try_write (not in the library). ' +
    'Barrier::new(n) is new AsyncBarrier(n), wait is signalAndWait(); the library names no leader, so the adapter calls the arrival that completes the phase the leader (it reads remainingParticipants before signalling). n = 0 is not declared (the library throws for 0 participants? untested). signalAndWait rejects an arrival made in the same tick as the one that completed a phase (before the next phase starts): the adapter reports that wait as Failed. ' +
    '@esfx/async-countdown (AsyncCountdownEvent) is not mapped: a count-down event is not reusable, so it is no Barrier.',
  mutex: { create: (value) => new MutexAdapter(value) },
  rwlock: { create: (value) => new RwLockAdapter(value) },
  barrier: { create: (n) => new BarrierAdapter(n) },
};

export default adapter;

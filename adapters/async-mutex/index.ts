// The bundled adapter `async-mutex`: async-mutex's `Mutex` (acquire / release via the
// releaser, tryAcquire) as a Mutex<T>, the value kept beside it by the adapter.
import { Mutex } from 'async-mutex';
import type { Adapter, AsyncMutex, Locked, Value } from '../../conformance/adapter/types.ts';
import { locked, WOULD_BLOCK, type Cell, type CellGuard } from '../common/lock-guards.ts';

class AsyncMutexAdapter implements AsyncMutex {
  private readonly mutex = new Mutex();
  private readonly cell: Cell;

  constructor(value: Value) {
    this.cell = { value };
  }

  async lock(): Promise<Locked<CellGuard>> {
    const release = await this.mutex.acquire();
    return locked(this.cell, release);
  }

  async tryLock(): Promise<Locked<CellGuard>> {
    // The library's tryAcquire(mutex) decorator fails through a zero-delay timer (a real
    // one): isLocked() answers the same question at once, and acquire() on a free mutex
    // resolves in microtasks.
    if (this.mutex.isLocked()) return WOULD_BLOCK;
    return locked(this.cell, await this.mutex.acquire());
  }
}

const adapter: Adapter = {
  name: 'async-mutex',
  library: { name: 'async-mutex', version: '0.5.0', url: 'https://github.com/DirtyHairy/async-mutex' },
  executor: 'async',
  capabilities: ['mutex', 'mutex:try_lock'],
  notes:
    'Mutex::new(v) is new Mutex() plus a cell for v kept by the adapter (the library guards a section, not a value); lock is acquire() (the guard\'s drop calls the releaser), try_lock is isLocked() (true: WouldBlock) then acquire() — not tryAcquire(mutex), which reports E_ALREADY_LOCKED through a real zero-delay timer. ' +
    'No poisoning (not declared: the library has none), no into_inner/get_mut. A re-lock by the holder waits for ever, as the library does.',
  mutex: { create: (value) => new AsyncMutexAdapter(value) },
};

export default adapter;

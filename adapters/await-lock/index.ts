// The bundled adapter `await-lock`: await-lock's `AwaitLock` (acquireAsync / tryAcquire
// / release) as a Mutex<T>, the value kept beside it by the adapter.
import AwaitLock from 'await-lock';
import type { Adapter, AsyncMutex, Locked, Value } from '../../conformance/adapter/types.ts';
import { locked, WOULD_BLOCK, type Cell, type CellGuard } from '../common/lock-guards.ts';

class AwaitLockAdapter implements AsyncMutex {
  private readonly lockObj = new AwaitLock();
  private readonly cell: Cell;

  constructor(value: Value) {
    this.cell = { value };
  }

  async lock(): Promise<Locked<CellGuard>> {
    await this.lockObj.acquireAsync();
    return locked(this.cell, () => this.lockObj.release());
  }

  tryLock(): Locked<CellGuard> {
    return this.lockObj.tryAcquire() ? locked(this.cell, () => this.lockObj.release()) : WOULD_BLOCK;
  }
}

const adapter: Adapter = {
  name: 'await-lock',
  library: { name: 'await-lock', version: '3.0.0', url: 'https://github.com/ide/await-lock' },
  executor: 'async',
  capabilities: ['mutex', 'mutex:try_lock'],
  notes:
    'Mutex::new(v) is new AwaitLock() plus a cell for v kept by the adapter; lock is acquireAsync(), try_lock tryAcquire() (false: WouldBlock), a guard\'s drop is release(). ' +
    'No poisoning (not declared: the library has none), no into_inner/get_mut. A re-lock by the holder waits for ever, as the library does.',
  mutex: { create: (value) => new AwaitLockAdapter(value) },
};

export default adapter;

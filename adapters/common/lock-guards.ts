// What the bundled lock adapters share: JavaScript locks guard a critical section, not a
// value, so the adapter keeps the protected value beside the library's lock (a `Cell`)
// and hands out guards that read and write it and release the library's lock on drop.
// No poisoning is emulated: the lock adapters do not declare `mutex:poison`.
import type { AsyncWriteGuard, Locked, Outcome, Value } from '../../conformance/adapter/types.ts';

export interface Cell {
  value: Value;
}

export class CellGuard implements AsyncWriteGuard {
  private live = true;

  constructor(
    private readonly cell: Cell,
    private readonly release: () => void,
    private readonly writable = true,
  ) {}

  get(): Value {
    this.check();
    return this.cell.value;
  }

  set(value: Value): void {
    this.check();
    if (!this.writable) throw new Error('a read guard cannot write');
    this.cell.value = value;
  }

  drop(): void {
    this.check();
    this.live = false;
    this.release();
  }

  private check(): void {
    if (!this.live) throw new Error('guard used after it was dropped');
  }
}

const OK: Outcome = { kind: 'Ok' };
export const WOULD_BLOCK: Locked<never> = { outcome: { kind: 'WouldBlock' } };

export function locked(cell: Cell, release: () => void, writable = true): Locked<CellGuard> {
  return { outcome: OK, guard: new CellGuard(cell, release, writable) };
}

// The checker on the spec's lock models, for what std's guards do between two steps.
import { describe, expect, it } from 'vitest';
import { mutexModel } from '../../spec/generated/mutex.model.ts';
import { rwlockModel } from '../../spec/generated/rwlock.model.ts';
import { outcome } from '../../spec/model/types.ts';
import type { HistoryOp } from '../history/types.ts';
import { checkHistory } from './index.ts';
import { history, Ok, op } from './testing/historyBuilder.ts';

describe('a panic with the guard held: poison, then unlock (MutexGuard::drop)', () => {
  const mutex = (during: HistoryOp[]) =>
    history('mutex', [op(0, 'B', 'm', 'lock', ['gB'], [1, 2], Ok()), op(1, 'B', 'gB', 'panic', [], [3, 10], outcome('Panicked')), ...during], [
      { kind: 'mutex', name: 'm0', params: { value: 0 }, handles: { m: 'mutex' } },
    ]);

  it('lets another thread see the poison while the mutex is still held', () => {
    const seen = mutex([op(2, 'A', 'm', 'is_poisoned', [], [4, 5], Ok(true)), op(3, 'A', 'm', 'try_lock', ['gA'], [6, 7], outcome('WouldBlock'))]);
    expect(checkHistory(mutexModel, seen).verdict).toBe('ok');
  });

  it('refuses the other order: unlocked before poisoned, a lock that got it unpoisoned', () => {
    const early = mutex([op(2, 'A', 'm', 'lock', ['gA'], [4, 5], Ok())]);
    expect(checkHistory(mutexModel, early).verdict).toBe('safety');
  });

  it('holds for a write guard of an RwLock too', () => {
    const rwlock = (during: HistoryOp[]) =>
      history('rwlock', [op(0, 'B', 'l', 'write', ['wB'], [1, 2], Ok()), op(1, 'B', 'wB', 'panic', [], [3, 10], outcome('Panicked')), ...during], [
        { kind: 'rwlock', name: 'rw0', params: { value: 0 }, handles: { l: 'rwlock' } },
      ]);
    expect(checkHistory(rwlockModel, rwlock([op(2, 'A', 'l', 'is_poisoned', [], [4, 5], Ok(true)), op(3, 'A', 'l', 'try_read', ['rA'], [6, 7], outcome('WouldBlock'))])).verdict).toBe('ok');
    expect(checkHistory(rwlockModel, rwlock([op(2, 'A', 'l', 'read', ['rA'], [4, 5], Ok())])).verdict).toBe('safety');
  });
});

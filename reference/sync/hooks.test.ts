// The sync primitives under installed schedule hooks (what a controlled run installs):
// every step is a labelled schedule point, waits go through the park hook (whose
// answer decides a timeout), and nothing spins.

import { afterEach, describe, expect, it } from 'vitest';
import { installScheduleHooks, type ParkResult } from '../schedule/hooks.ts';
import { Barrier, Condvar, Mutex, OnceLock, RwLock } from '../index.ts';

afterEach(() => installScheduleHooks(null));

describe('sync primitives under schedule hooks', () => {
  it('report labelled points, park through the hook, and let the hook decide a timeout', () => {
    const labels: string[] = [];
    const parks: number[] = [];
    installScheduleHooks({
      point: (label) => void labels.push(label),
      park: (_a, _i, _v, timeoutMs): ParkResult => {
        parks.push(timeoutMs);
        return 'timed-out'; // the coordinator fires the timer
      },
      unpark: () => 0,
    });
    const m = new Mutex(0);
    const cv = new Condvar();
    const g = m.lock().guard;
    g.set(1);
    // A long timeout: only the hook's answer can end this wait.
    const r = cv.waitTimeout(g, 60_000);
    expect(r).toMatchObject({ kind: 'Ok', timedOut: true });
    expect(cv.waitTimeoutWhile(g, 60_000, (v) => v === 1)).toMatchObject({ kind: 'Ok', timedOut: true });
    g.drop();
    const l = new RwLock('x');
    l.write().guard.drop();
    new Barrier(1).wait();
    new OnceLock().getOrInit(() => 1);
    expect(parks.length).toBeGreaterThanOrEqual(2);
    for (const prefix of ['mutex:', 'condvar:', 'condvar-waiters:', 'rwlock:', 'barrier:', 'oncelock:', 'wait:']) {
      expect(labels.some((x) => x.startsWith(prefix))).toBe(true);
    }
    // No spinning: the condvar wait parked right after arming (no run of record re-reads).
    const i = labels.indexOf('wait:park-word');
    expect(labels.slice(Math.max(0, i - 4), i).filter((x) => x === 'wait:record-state').length).toBeLessThanOrEqual(1);
  });
});

// The correct promise-based Mutex, RwLock, Condvar, Barrier, Once, OnceLock and LazyLock
// pass every rule of their chapters through the engine behind `syncspec run` (examples
// under several schedules, properties through the generators), whatever the seed, and
// their histories reach the states the chapters are about.
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { createCheckRunner } from '../executors/shared/check-runner.ts';
import { runSuite } from '../run/runSuite.ts';
import { promiseSync } from './promise-sync-adapter.ts';

const loaded = await loadSpec({ typecheck: false });
if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n'));
const { spec } = loaded;
const RULES = 'MUTEX-*,RW-*,CV-*,BAR-*,ONCE-*,OL-*,LAZY-*';

async function suite(seed: number, runs: number) {
  const report = await runSuite({ spec, adapters: [promiseSync], runner: createCheckRunner({ exampleSchedules: 5 }), rules: RULES, runs, seed, version: 'test' });
  return report.adapters[0];
}

describe('the correct promise std::sync', () => {
  it('passes every rule of the lock, barrier and once chapters, and its histories visit their notable states', async () => {
    const result = await suite(1, 20);
    const chapters = new Set(spec.rules.filter((r) => /^(MUTEX|RW|CV|BAR|ONCE|OL|LAZY)-/.test(r.id)).map((r) => r.chapter));
    expect([...chapters].sort()).toEqual(['barrier', 'condvar', 'mutex', 'once', 'rwlock']);
    expect(result.results.length).toBeGreaterThan(80);
    expect(result.results.filter((r) => r.status !== 'pass').map((r) => `${r.rule} ${r.status}: ${r.message}\n${r.counterexample?.timeline ?? ''}`)).toEqual([]);
    expect(result.quality?.histories).toBeGreaterThan(300);
    expect(result.quality?.overlapping).toBeGreaterThan(100);
    expect(Object.keys(result.quality?.features ?? {})).toEqual(
      expect.arrayContaining([
        'mutex:poisoned',
        'rwlock:read-locked-by-several',
        'rwlock:writer-waiting',
        'rwlock:reader-waiting',
        'rwlock:poisoned',
        'condvar:notified',
        'condvar:several-waiting',
        'barrier:partial',
        'barrier:reused',
        'once:poisoned',
        'oncelock:running',
      ]),
    );
  });

  it('never fails under other seeds', async () => {
    for (const seed of [2, 3]) {
      const result = await suite(seed, 10);
      expect(result.results.filter((r) => r.status !== 'pass').map((r) => `seed ${seed}: ${r.rule} ${r.status}: ${r.message}`)).toEqual([]);
    }
  });
});

// Each one-bug variant of the promise std::sync is caught by some rule of its chapter,
// with a printed counterexample, its timeline, and a token that replays the failure.
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { createCheckRunner, replayCheck } from '../executors/shared/check-runner.ts';
import { runSuite } from '../run/runSuite.ts';
import { buggySync } from './buggy-sync.ts';

const loaded = await loadSpec({ typecheck: false });
if (!loaded.ok) throw new Error('the spec does not load');
const { spec } = loaded;
const RULES = { mutex: 'MUTEX-*', rwlock: 'RW-*', condvar: 'CV-*', barrier: 'BAR-*', once: 'ONCE-*,OL-*,LAZY-*' } as const;
const engine = { exampleSchedules: 5 };

describe('each one-bug std::sync primitive', () => {
  for (const { adapter, chapter, bug } of buggySync) {
    it(`is caught by a rule of the ${chapter} chapter: ${bug}`, async () => {
      const report = await runSuite({ spec, adapters: [adapter], runner: createCheckRunner(engine), rules: RULES[chapter], runs: 30, seed: 1, version: 'test' });
      const results = report.adapters[0].results;
      expect(results.filter((r) => r.status === 'error').map((r) => `${r.rule}: ${r.message}`)).toEqual([]);
      const failed = results.filter((r) => r.status === 'fail');
      expect(failed.length, `${adapter.name} passed every rule of ${chapter}`).toBeGreaterThan(0);
      const [first] = failed;
      expect(first.counterexample?.scenario).toContain(`rule: ${first.rule}`);
      expect(first.counterexample?.timeline).not.toBe('');
      expect(first.counterexample?.executor).toBe('async');
      const replayed = await replayCheck(adapter, first.replay!, engine);
      expect(replayed.rule).toBe(first.rule);
      expect(replayed.outcome.status).toBe('fail');
    });
  }
});

// The bundled `reference` adapter on its sync primitives (sync.ts): a handful of rules per
// chapter through the engine behind `syncspec run` (each check controlled, then under
// stress), and the points the mapping had to solve, run directly on the threads
// executors: a hanging initializer parks through the schedule hooks, a LazyLock's init
// closure reaches the workers that adopt it, and spurious wakeups are injected.
//
// The rules picked have no timed wait and no two actors with one wait_while predicate:
// the threads executors have bugs there (threads-executor-bugs.test.ts), which would
// make this test flaky or `unknown`; the full runs of `syncspec run` cover the rest.
import { afterAll, describe, expect, it } from 'vitest';
import type { Example } from '../../spec/index.ts';
import { loadSpec } from '../../spec/index.ts';
import { checkerJudge } from '../../conformance/executors/shared/checker-judge.ts';
import { createCheckRunner } from '../../conformance/executors/shared/check-runner.ts';
import { seededSchedule } from '../../conformance/executors/shared/schedule.ts';
import { shutdownLaneWorkers } from '../../conformance/executors/threads/lane-workers.ts';
import { runThreads } from '../../conformance/executors/threads/run-threads.ts';
import { runSuite } from '../../conformance/run/runSuite.ts';
import type { Scenario } from '../../conformance/scenario/types.ts';
import reference from './index.ts';
import { SYNC_CAPABILITIES } from './sync.ts';

const loaded = await loadSpec({ typecheck: false });
if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n'));
const { spec } = loaded;

afterAll(() => shutdownLaneWorkers());

function example(rule: string, title: string): Example {
  const check = spec.rules.find((r) => r.id === rule)?.checks.find((c) => c.kind === 'example' && c.title === title);
  if (check === undefined || check.kind !== 'example') throw new Error(`no example "${title}" in ${rule}`);
  return check;
}

describe('the reference adapter on the sync chapters', () => {
  it('declares only capabilities the chapters define, and every one of the sync chapters', () => {
    const defined = new Set(spec.capabilities.map((c) => c.name));
    const sync = spec.capabilities.filter((c) => ['mutex', 'rwlock', 'condvar', 'barrier', 'once'].includes(c.chapter)).map((c) => c.name);
    expect(reference.capabilities.filter((c) => !defined.has(c))).toEqual([]);
    expect([...SYNC_CAPABILITIES].sort()).toEqual([...sync].sort());
  });

  it('passes a handful of rules per primitive, controlled and under stress', async () => {
    const rules = [
      'MUTEX-LOCK-1', 'MUTEX-TRY-2', 'MUTEX-POISON-3', 'MUTEX-INNER-1', 'MUTEX-REENTRY-1',
      'RW-EXCL-1', 'RW-POISON-1', 'RW-REENTRY-1',
      'CV-WAIT-1', 'CV-WHILE-1', 'CV-WHILE-2', 'CV-CLIENT-1',
      'BAR-LEAD-1', 'BAR-SMALL-0',
      'ONCE-CALL-3', 'ONCE-FORCE-1', 'OL-PANIC-2', 'OL-SET-2', 'LAZY-INIT-1', 'LAZY-POISON-1',
    ];
    const report = await runSuite({ spec, adapters: [reference], runner: createCheckRunner({ exampleSchedules: 2 }), rules: rules.join(','), runs: 2, seed: 1, version: 'test' });
    const results = report.adapters[0].results;
    expect(results.map((r) => r.rule).sort()).toEqual([...rules].sort());
    expect(results.filter((r) => r.status !== 'pass').map((r) => `${r.rule} ${r.status}: ${r.message}\n${r.counterexample?.timeline ?? ''}`)).toEqual([]);
    // Twenty rules on real worker threads: about 40 s with the machine's two cores shared.
  }, 180_000);
});

describe('initializers in worker threads', () => {
  it('a hanging init closure blocks its thread, parked where the coordinator sees it, and so do the accesses behind it', async () => {
    // A worker busy in a real wait would count as running until the run's budget: liveness (watchdog), not ok.
    const { scenario } = example('LAZY-INIT-1', 'while the init closure runs, other accesses wait');
    for (let seed = 0; seed < 3; seed++) {
      const run = await runThreads(scenario, reference, { mode: 'controlled', judge: checkerJudge(scenario.model), schedule: seededSchedule(seed) });
      expect(run.verdict, run.summary).toBe('ok');
      expect(run.outcomes).toEqual(['blocks', 'blocks']);
    }
    const once = example('ONCE-CALL-3', 'while a closure runs, others wait and the Once is not complete').scenario;
    const run = await runThreads(once, reference, { mode: 'controlled', judge: checkerJudge(once.model) });
    expect(run.verdict, run.summary).toBe('ok');
    expect(run.outcomes).toEqual(['blocks', { kind: 'Ok', value: false }, 'blocks']);
  });

  it('a LazyLock init closure reaches the workers that adopt the handle: its value, or its panic', async () => {
    const value = example('LAZY-INIT-1', 'two first accesses, one value').scenario;
    const panicking = example('LAZY-POISON-1', 'two racing first accesses: one runs the closure, the other is poisoned').scenario;
    for (const mode of ['controlled', 'stress'] as const) {
      for (let seed = 0; seed < 3; seed++) {
        const ok = await runThreads(value, reference, { mode, judge: checkerJudge(value.model), schedule: seededSchedule(seed) });
        expect(ok.verdict, ok.summary).toBe('ok');
        expect(ok.outcomes).toEqual([{ kind: 'Ok', value: 9 }, { kind: 'Ok', value: 9 }, { kind: 'Ok', value: 9 }]);
        const panic = await runThreads(panicking, reference, { mode, judge: checkerJudge(panicking.model), schedule: seededSchedule(seed) });
        expect(panic.verdict, panic.summary).toBe('ok');
        expect(panic.outcomes.map((o) => (typeof o === 'string' ? o : o.kind)).sort()).toEqual(['Panicked', 'Poisoned']);
      }
    }
  });
});

describe('spurious wakeups', () => {
  it('controlled: the injection replays — a handle\'s first wait really waits, its second returns with nobody notifying (the `if` consumer caught)', async () => {
    // With the fixed seed a handle's first wait really waits and its second returns
    // spuriously: A waits twice with nobody notifying, yet the second wait returns.
    const scenario: Scenario = {
      model: 'condvar',
      objects: [
        { kind: 'mutex', name: 'm0', params: { value: 0 }, handles: { m: 'mutex' } },
        { kind: 'condvar', name: 'cv0', params: {}, handles: { cv: 'condvar' } },
      ],
      prefix: [],
      actors: [
        {
          name: 'A',
          ops: [
            { name: 'lock', target: 'm', args: ['g'] },
            { name: 'wait_timeout', target: 'cv', args: ['g2', 'g', 0] },
            { name: 'wait', target: 'cv', args: ['g3', 'g2'] },
            { name: 'get', target: 'g3', args: [] },
          ],
        },
      ],
      suffix: [],
    };
    const run = await runThreads(scenario, reference, { mode: 'controlled', judge: checkerJudge('condvar') });
    expect(run.verdict, run.summary).toBe('ok');
    // The first wait has a zero timeout: it times out at once (its draw says "really wait").
    expect(run.outcomes.slice(1)).toEqual([{ kind: 'Ok', value: true }, { kind: 'Ok' }, { kind: 'Ok', value: 0 }]);
  });
});

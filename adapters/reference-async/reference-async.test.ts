// The bundled `reference-async` adapter: the reference's promise API on the async
// executor. Every rule of every chapter it has the capabilities for, a few runs each, must
// pass; and the points the mapping had to solve, run directly: timed operations end by the
// executor's signal (virtual time), and operations left blocked by a run give their wait
// records back when it ends (more runs than the reactor's pool could otherwise hold).
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { checkerJudge } from '../../conformance/executors/shared/checker-judge.ts';
import { createCheckRunner } from '../../conformance/executors/shared/check-runner.ts';
import { runAsync } from '../../conformance/executors/async/run-async.ts';
import { runSuite } from '../../conformance/run/runSuite.ts';
import { seededSchedule } from '../../conformance/executors/shared/schedule.ts';
import { scenarioOf } from '../../conformance/testing/test-helpers.ts';
import referenceAsync from './index.ts';

const loaded = await loadSpec({ typecheck: false });
if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n'));
const { spec } = loaded;

describe('the reference-async adapter', () => {
  it('passes every rule it has the capabilities for (3 runs each)', async () => {
    const report = await runSuite({ spec, adapters: [referenceAsync], runner: createCheckRunner({ exampleSchedules: 2 }), runs: 3, seed: 1, version: 'test' });
    const results = report.adapters[0].results;
    expect(results.filter((r) => r.status !== 'pass' && r.status !== 'n/a').map((r) => `${r.rule} ${r.status}: ${r.message}\n${r.counterexample?.timeline ?? ''}`)).toEqual([]);
    // Only the rules that need the executor's spurious signal are out of reach.
    expect(results.filter((r) => r.status === 'n/a').map((r) => r.rule)).toEqual(['CV-CLIENT-1']);
  }, 120_000);

  it("a receive's timeout is the executor's timer: it fires when the schedule says, and a value sent first wins", async () => {
    const scenario = scenarioOf('let tx, rx = channel()\nA: rx.recv_timeout(50)\nB: tx.send(1)');
    const outcomes = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const run = await runAsync(scenario, referenceAsync, { judge: checkerJudge(scenario.model), schedule: seededSchedule(seed) });
      expect(run.verdict, run.summary).toBe('ok');
      outcomes.add(JSON.stringify(run.outcomes));
    }
    expect(outcomes.size).toBeGreaterThan(1);
  });

  it('gives back the wait records of operations a run left blocked: 5,000 runs of a blocked receive', async () => {
    const scenario = scenarioOf('let tx, rx = sync_channel(0)\nA: rx.recv()');
    for (let i = 0; i < 5000; i++) {
      const run = await runAsync(scenario, referenceAsync, { judge: checkerJudge(scenario.model) });
      if (run.verdict !== 'ok') throw new Error(`run ${i}: ${run.summary}`);
    }
  }, 120_000);
});

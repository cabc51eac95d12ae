// The bundled library adapters: each loads through loadAdapter (well formed, known
// capabilities), declares an explained expectation for every rule it lists, each with
// the replay token of a run that showed the failure — and that run, replayed, still
// fails (so the verdict of a listed rule does not depend on the seed); a small run of a
// few cheap rules on all of them gives no error and nothing unexpected.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAdapter } from '../../conformance/adapter/load.ts';
import { replayCheck } from '../../conformance/executors/shared/check-runner.ts';
import { exitCodeOf, type RunReport } from '../../conformance/report/results.ts';
import { loadSpec } from '../../spec/index.ts';

const LIBRARY_ADAPTERS = [
  'ts-chan',
  'async-channel',
  'it-pushable',
  'repeater',
  'queueable',
  'medium',
  'chan',
  'js-csp',
  'thi.ng-csp',
  'esfx-queue',
  'message-channel',
  'whatwg-streams',
  'async-mutex',
  'await-lock',
  'esfx-sync',
  'effect',
  'effect-v3',
];

/** Rules every one of these adapters passes or lacks the capabilities for (seed 7, default runs). */
const CHEAP_RULES = 'CHAN-SEL-2,CHAN-TIMEOUT-1,MUTEX-LOCK-1,MUTEX-EXCL-1,BAR-WAIT-1,RW-READ-1';

describe('bundled library adapters', () => {
  it.each(LIBRARY_ADAPTERS)('%s loads, with known capabilities and explained expectations', async (name) => {
    const loadedSpec = loadSpec();
    if (!loadedSpec.ok) throw new Error('the spec does not load');
    const spec = loadedSpec.spec;
    const loaded = await loadAdapter(name, { capabilities: spec.capabilities.map((c) => c.name) });
    expect(loaded.ok, loaded.ok ? '' : loaded.error).toBe(true);
    if (!loaded.ok) return;
    const ruleIds = new Set(spec.rules.map((r) => r.id));
    expect(loaded.adapter.notes ?? '').not.toBe('');
    for (const [rule, e] of Object.entries(loaded.adapter.expectations ?? {})) {
      expect(ruleIds.has(rule), `${name}: expectation for unknown rule ${rule}`).toBe(true);
      expect(e.status).toBe('fail');
      expect(e.reason.length, `${name}: ${rule} has no reason`).toBeGreaterThan(20);
      expect(e.replay, `${name}: ${rule} has no replay token`).toBeDefined();
    }
  });

  it.each(LIBRARY_ADAPTERS)('%s: the recorded counterexample of every expectation still fails, twice', async (name) => {
    const loadedSpec = loadSpec();
    if (!loadedSpec.ok) throw new Error('the spec does not load');
    const loaded = await loadAdapter(name, { capabilities: loadedSpec.spec.capabilities.map((c) => c.name) });
    if (!loaded.ok) throw new Error(loaded.error);
    const notFailing: string[] = [];
    for (const [rule, e] of Object.entries(loaded.adapter.expectations ?? {})) {
      if (e.replay === undefined) continue; // reported by the test above
      for (let i = 0; i < 2; i++) {
        const replayed = await replayCheck(loaded.adapter, e.replay);
        if (replayed.rule !== rule) notFailing.push(`${rule}: the token is for ${replayed.rule ?? 'no rule'}`);
        else if (replayed.outcome.status !== 'fail') notFailing.push(`${rule}: replay ${i + 1} is ${replayed.outcome.status}`);
      }
    }
    expect(notFailing).toEqual([]);
  }, 120_000);

  it('a small run of a few rules on all of them: no error, nothing unexpected', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'syncspec-libs-')), 'report.json');
    const args = ['tsx', 'conformance/cli/main.ts', 'run', ...LIBRARY_ADAPTERS.flatMap((a) => ['--adapter', a]), '--rules', CHEAP_RULES, '--runs', '5', '--seed', '7', '--reporter', 'json', '--out', out];
    try {
      execFileSync('npx', args, { stdio: 'pipe' });
    } catch {
      // exit code 1 is checked below, from the report itself
    }
    const report = JSON.parse(readFileSync(out, 'utf8')) as RunReport;
    expect(report.adapters.map((a) => a.name).sort()).toEqual([...LIBRARY_ADAPTERS].sort());
    const unexpected = report.adapters.flatMap((a) => a.results.filter((r) => ['error', 'fail', 'unexpected-pass', 'unknown'].includes(r.status)).map((r) => `${a.name} ${r.rule}: ${r.status} ${r.message ?? ''}`));
    expect(unexpected).toEqual([]);
    expect(exitCodeOf(report)).toBe(0);
  }, 240_000);
});

import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import type { Adapter } from '../adapter/types.ts';
import { exitCodeOf } from '../report/results.ts';
import { runSuite, type CheckRunner } from './runSuite.ts';
import { ruleMatcher } from './ruleFilter.ts';

const loaded = loadSpec({ typecheck: false });
if (!loaded.ok) throw new Error('spec does not load');
const spec = loaded.spec;

function adapter(capabilities: string[], expectations: Adapter['expectations'] = {}): Adapter {
  return { name: 'fake', library: { name: 'fake', version: '0.0.0' }, executor: 'async', capabilities, expectations };
}

// A runner whose verdict depends on the rule alone: fails CHAN-FLAVOR-1, throws on CHAN-SEND-3.
const runner: CheckRunner = {
  async run(_adapter, rule) {
    if (rule.id === 'CHAN-SEND-3') throw new Error('boom');
    return rule.id === 'CHAN-FLAVOR-1' ? { status: 'fail', runs: 3, message: 'lost a value' } : { status: 'pass', runs: 2 };
  },
};

describe('runSuite', () => {
  it('marks rules needing missing capabilities n/a, and keys results by rule ID', async () => {
    const report = await runSuite({ spec, adapters: [adapter(['unbounded', 'send', 'recv'])], runner, rules: 'CHAN-FLAVOR-*', runs: 5, seed: 1, version: 't' });
    const byRule = Object.fromEntries(report.adapters[0].results.map((r) => [r.rule, r.status]));
    expect(byRule).toEqual({ 'CHAN-FLAVOR-1': 'fail', 'CHAN-FLAVOR-2': 'n/a', 'CHAN-FLAVOR-3': 'n/a' });
    expect(exitCodeOf(report)).toBe(1);
  });

  it('marks a rule n/a when the adapter has what it needs but none of its checks applies (a property with nothing to generate)', async () => {
    // BAR-COUNT-1's only check is a property: a runner with nothing to generate for it leaves no run at all.
    const nothingToGenerate: CheckRunner = {
      run: async (_a, _rule, check) => (check.kind === 'property' ? { status: 'n/a', runs: 0, message: 'no flavour of the property is available' } : { status: 'pass', runs: 1 }),
    };
    const report = await runSuite({ spec, adapters: [adapter(['barrier'])], runner: nothingToGenerate, rules: 'BAR-COUNT-1', runs: 5, seed: 1, version: 't' });
    const [result] = report.adapters[0].results;
    expect(result.status).toBe('n/a');
    expect(result.message).toMatch(/^no check of the rule applies to fake; property ".+": no flavour of the property is available$/);
    expect(exitCodeOf(report)).toBe(0);
  });

  it('lets the other checks decide a rule when an example cannot be decided on this executor, and says which; unknown when none can', async () => {
    const undecidedExamples = (propertyPasses: boolean): CheckRunner => ({
      run: async (_a, _rule, check) =>
        check.kind === 'example'
          ? { status: 'unknown', runs: 5, message: `no run of the example "${check.title}" could be decided or run on threads (stress)` }
          : propertyPasses
            ? { status: 'pass', runs: 10 }
            : { status: 'unknown', runs: 10, message: 'too hard to decide' },
    });
    const caps = ['rendezvous', 'send', 'recv', 'try_send', 'recv_timeout', 'iter', 'disconnect', 'clone'];
    const passing = await runSuite({ spec, adapters: [adapter(caps)], runner: undecidedExamples(true), rules: 'CHAN-RDV-2', runs: 5, seed: 1, version: 't' });
    const [result] = passing.adapters[0].results;
    expect(result.status).toBe('pass');
    expect(result.message).toMatch(/^no run of the example ".+" could be decided or run on threads \(stress\)/);
    expect(exitCodeOf(passing)).toBe(0);
    const examplesOnly = await runSuite({ spec, adapters: [adapter(['unbounded', 'send', 'recv', 'try_recv', 'recv_timeout'])], runner: undecidedExamples(true), rules: 'CHAN-TIMEOUT-1', runs: 5, seed: 1, version: 't' });
    expect(examplesOnly.adapters[0].results[0].status).toBe('unknown');
    expect(exitCodeOf(examplesOnly)).toBe(1);
  });

  it('turns a declared failure into expected-fail, and a pass of one into unexpected-pass', async () => {
    const caps = ['unbounded', 'bounded', 'send'];
    const expectations = { 'CHAN-FLAVOR-1': { status: 'fail' as const, reason: 'known bug' }, 'CHAN-FLAVOR-2': { status: 'fail' as const, reason: 'fixed since?' } };
    const report = await runSuite({ spec, adapters: [adapter(caps, expectations)], runner, rules: 'CHAN-FLAVOR-1,CHAN-FLAVOR-2', runs: 5, seed: 1, version: 't' });
    expect(report.adapters[0].results.map((r) => r.status)).toEqual(['expected-fail', 'unexpected-pass']);
    expect(exitCodeOf(report)).toBe(1);
  });

  it('replays an expectation\'s recorded counterexample when this seed passes: a rare known failure is expected-fail under every seed', async () => {
    const replaying: CheckRunner = {
      run: async () => ({ status: 'pass', runs: 2 }),
      replay: async (_adapter, token) => (token === 'still-fails' ? { status: 'fail', runs: 1, message: 'lost a value' } : { status: 'pass', runs: 1 }),
    };
    const expectations = {
      'CHAN-FLAVOR-1': { status: 'fail' as const, reason: 'rare bug', replay: 'still-fails' },
      'CHAN-FLAVOR-2': { status: 'fail' as const, reason: 'fixed since', replay: 'fixed-now' },
    };
    const report = await runSuite({ spec, adapters: [adapter(['unbounded', 'bounded', 'send'], expectations)], runner: replaying, rules: 'CHAN-FLAVOR-1,CHAN-FLAVOR-2', runs: 5, seed: 1, version: 't' });
    expect(report.adapters[0].results.map((r) => r.status)).toEqual(['expected-fail', 'unexpected-pass']);
    expect(report.adapters[0].results[0].message).toContain('the recorded counterexample still fails');
  });

  it('reports a crashing check as error, and the rest of the run goes on', async () => {
    const report = await runSuite({ spec, adapters: [adapter(['send', 'disconnect', 'unbounded', 'bounded'])], runner, rules: 'CHAN-SEND-*', runs: 5, seed: 1, version: 't' });
    const send3 = report.adapters[0].results.find((r) => r.rule === 'CHAN-SEND-3')!;
    expect(send3.status).toBe('error');
    expect(send3.message).toContain('boom');
    expect(report.adapters[0].results.find((r) => r.rule === 'CHAN-SEND-2')!.status).toBe('pass');
  });

  it('with bail, stops at the first result that fails the run: later rules and adapters do not run', async () => {
    const ran: string[] = [];
    const counting: CheckRunner = { run: async (a, rule, check, o) => (ran.push(`${a.name}:${rule.id}`), runner.run(a, rule, check, o)) };
    const caps = ['unbounded', 'bounded', 'send', 'recv', 'disconnect'];
    const two = [adapter(caps), { ...adapter(caps), name: 'second' }];
    const report = await runSuite({ spec, adapters: two, runner: counting, rules: 'CHAN-FLAVOR-*,CHAN-SEND-*', runs: 5, seed: 1, version: 't', bail: true });
    expect(report.adapters).toHaveLength(1);
    expect(report.adapters[0].results.map((r) => r.status)).toEqual(['fail']);
    expect(ran.every((r) => r.startsWith('fake:CHAN-FLAVOR-1'))).toBe(true);
    expect(exitCodeOf(report)).toBe(1);
    // without bail, the same run goes on past the failure
    const full = await runSuite({ spec, adapters: two, runner, rules: 'CHAN-FLAVOR-*,CHAN-SEND-*', runs: 5, seed: 1, version: 't' });
    expect(full.adapters).toHaveLength(2);
    expect(full.adapters[0].results.length).toBeGreaterThan(1);
  });
});

describe('ruleMatcher', () => {
  it('matches comma-separated globs', () => {
    const m = ruleMatcher('CHAN-RDV-?, MUTEX-*');
    expect(['CHAN-RDV-2', 'CHAN-RDV-10', 'MUTEX-POISON-1', 'CHAN-SEND-1'].map(m)).toEqual([true, false, true, false]);
  });
});

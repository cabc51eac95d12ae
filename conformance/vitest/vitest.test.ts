// syncspec/vitest on the engine's own adapters: the correct promise adapter's rules as
// tests (one per rule ID), an expected failure that passes, and — run programmatically,
// not as a failing test — the message a failing adapter's test throws.
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../adapter/types.ts';
import { RendezvousBuffersOne } from '../testing/buggy-channels.ts';
import { promiseChannelAdapter } from '../testing/promise-channel-adapter.ts';
import { promiseSync } from '../testing/promise-sync-adapter.ts';
import { defineConformanceTests, runConformanceRule } from './index.ts';

defineConformanceTests(promiseSync, { rules: 'CHAN-RDV-*,CHAN-FLAVOR-*,CHAN-DISC-*,MUTEX-LOCK-*,BAR-WAIT-*,ONCE-*', runs: 20, seed: 11 });

const buffering: Adapter = promiseChannelAdapter('rendezvous-buffers-one', RendezvousBuffersOne);

// A known deviation, declared: its test passes.
defineConformanceTests(
  { ...buffering, expectations: { 'CHAN-FLAVOR-3': { status: 'fail', reason: 'a rendezvous that buffers one value' } } },
  { rules: 'CHAN-FLAVOR-3', runs: 20, seed: 7, name: 'syncspec, expected failure' },
);

describe('runConformanceRule', () => {
  it("gives a failing adapter's message: the rule, the timeline, and the replay command with its token", async () => {
    const { result, failure } = await runConformanceRule(buffering, 'CHAN-FLAVOR-3', { runs: 30, seed: 7, adapterPath: './rendezvous.ts' });
    expect(result.status).toBe('fail');
    expect(typeof result.replay).toBe('string');
    expect(failure).toContain('✗ CHAN-FLAVOR-3 — `sync_channel(0)` is a rendezvous');
    expect(failure).toContain('what happened:');
    expect(failure).toContain(`replay: npx syncspec run --adapter ./rendezvous.ts --replay ${result.replay}`);
    expect(failure).toContain('(seed 7)');
  });

  it('passes an expected failure and a rule the adapter has no capability for (n/a), with no message', async () => {
    const expected = await runConformanceRule({ ...buffering, expectations: { 'CHAN-FLAVOR-3': { status: 'fail', reason: 'known' } } }, 'CHAN-FLAVOR-3', { runs: 20, seed: 7 });
    expect(expected).toMatchObject({ result: { status: 'expected-fail' } });
    expect(expected.failure).toBeUndefined();
    const na = await runConformanceRule(buffering, 'MUTEX-LOCK-1', { runs: 5, seed: 1 });
    expect(na).toEqual({ result: { rule: 'MUTEX-LOCK-1', status: 'n/a', runs: 0, durationMs: 0, message: 'rendezvous-buffers-one lacks mutex' } });
  });
});

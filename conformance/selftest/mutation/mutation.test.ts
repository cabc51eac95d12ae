// The pieces of the Stryker setup that decide something: which rules a mutant runs, which
// literals are never mutated, and how a chunk's results join the committed union. (Stryker
// itself is not run here: `npm run mutation`.)
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module (Stryker loads it as a plugin), no types
import { isErrorMessage, isTraceLabel } from './ignorers.mjs';
import { inChunk, mergeReports, PRIORITY } from './mutation.ts';
import { batchesOf, parseTestId, rulesFor, rulesToRun, SyncspecRuleRunner, testId } from './rule-runner.ts';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@stryker-mutator/api/logging';
import type { MutantRunOptions } from '@stryker-mutator/api/test-runner';
import { fileURLToPath } from 'node:url';

describe('the rule runner', () => {
  it('runs nothing for a mutant whose covering rules are all out of its file\'s reach (an empty --rules would run every rule)', async () => {
    const sandbox = mkdtempSync(join(tmpdir(), 'syncspec-rule-runner-'));
    const cwd = process.cwd();
    try {
      writeFileSync(join(sandbox, '.syncspec-rule-times.json'), JSON.stringify({ 'CHAN-FIFO-1': 10, 'MUTEX-EXCL-1': 5 }));
      process.chdir(sandbox);
      const quiet = { debug: () => {}, info: () => {} } as unknown as Logger;
      const runner = new SyncspecRuleRunner(quiet);
      const options = { activeMutant: { id: '1', fileName: 'reference/sync/barrier.ts', location: { start: { line: 0, column: 0 }, end: { line: 0, column: 1 } }, mutatorName: 'x' }, testFilter: ['CHAN-FIFO-1', 'MUTEX-EXCL-1'], timeout: 1000, disableBail: false } as unknown as MutantRunOptions;
      expect(await runner.mutantRun(options)).toEqual({ status: 'survived', nrOfTests: 0 });
    } finally {
      process.chdir(cwd);
      rmSync(sandbox, { recursive: true, force: true });
    }
  });
});

describe('rulesFor', () => {
  it('maps a file to the chapters whose primitives run it', () => {
    expect(rulesFor('reference/channels/flavors/bounded.ts')).toEqual(['CHAN-*']);
    expect(rulesFor('reference/sync/mutex.ts')).toEqual(['MUTEX-*', 'CV-*', 'RW-*']);
    expect(rulesFor('reference/sync/once.ts')).toEqual(['ONCE-*', 'OL-*', 'LAZY-*']);
    expect(rulesFor('reference/sync/core.ts')).toEqual(['MUTEX-*', 'RW-*', 'CV-*', 'BAR-*', 'ONCE-*', 'OL-*', 'LAZY-*']);
    expect(rulesFor('reference/channels/plain.ts')).toContain('MUTEX-*');
    expect(rulesFor('reference/runtime/lock.ts')).toEqual(['CHAN-*', 'MUTEX-*', 'RW-*', 'CV-*', 'BAR-*', 'ONCE-*', 'OL-*', 'LAZY-*']);
    expect(rulesFor('reference/schedule/hooks.ts')).toEqual(rulesFor('reference/runtime/thread.ts'));
    // Stryker names a mutant's file by its absolute path (in the sandbox or the repository).
    expect(rulesFor('/tmp/syncspec-stryker/sandbox-1/reference/sync/barrier.ts')).toEqual(['BAR-*']);
  });

  it("a mutant runs the covering rules its file can reach, quickest first", () => {
    const ms = new Map([['MUTEX-POISON-1', 900], ['CV-WAIT-1', 300], ['BAR-GEN-1', 10], ['RW-EXCL-1', 600]]);
    // A Condvar waits with a MutexGuard and RwLock shares the mutex's commit; a barrier rule covering it (module load) is out of reach.
    expect(rulesToRun('/sandbox/reference/sync/mutex.ts', ['MUTEX-POISON-1', 'BAR-GEN-1', 'RW-EXCL-1', 'CV-WAIT-1'], ms)).toEqual(['CV-WAIT-1', 'RW-EXCL-1', 'MUTEX-POISON-1']);
    expect(rulesToRun('reference/sync/barrier.ts', ['MUTEX-POISON-1', 'CV-WAIT-1'], ms)).toEqual([]);
    // A rule without a dry-run time counts as instant.
    expect(rulesToRun('reference/runtime/lock.ts', ['MUTEX-POISON-1', 'CHAN-NEW-1'], ms)).toEqual(['CHAN-NEW-1', 'MUTEX-POISON-1']);
  });

  it('a test is a rule on one of the reference adapters: named by the rule on reference, prefixed on reference-async', () => {
    expect(testId({ adapter: 'reference', rule: 'CHAN-FIFO-1' })).toBe('CHAN-FIFO-1');
    expect(testId({ adapter: 'reference-async', rule: 'CHAN-FIFO-1' })).toBe('reference-async:CHAN-FIFO-1');
    expect(parseTestId('reference-async:MUTEX-EXCL-1')).toEqual({ adapter: 'reference-async', rule: 'MUTEX-EXCL-1' });
    expect(() => parseTestId('rust-std:MUTEX-EXCL-1')).toThrow(/unknown adapter/);
  });

  it('a mutant runs the covering tests of both adapters, reach by rule, each adapter in one batch, the quickest test first', () => {
    const ms = new Map([['reference-async:CV-WAIT-1', 50], ['CV-WAIT-1', 300], ['reference-async:BAR-GEN-1', 5], ['MUTEX-POISON-1', 900], ['reference-async:MUTEX-POISON-1', 100]]);
    const ids = rulesToRun('reference/sync/mutex.ts', ['MUTEX-POISON-1', 'CV-WAIT-1', 'reference-async:BAR-GEN-1', 'reference-async:CV-WAIT-1', 'reference-async:MUTEX-POISON-1'], ms);
    expect(ids).toEqual(['reference-async:CV-WAIT-1', 'reference-async:MUTEX-POISON-1', 'CV-WAIT-1', 'MUTEX-POISON-1']);
    expect(batchesOf(ids)).toEqual([
      { adapter: 'reference-async', rules: ['CV-WAIT-1', 'MUTEX-POISON-1'] },
      { adapter: 'reference', rules: ['CV-WAIT-1', 'MUTEX-POISON-1'] },
    ]);
  });

  it('the priority list names every file in scope once', () => {
    const root = fileURLToPath(new URL('../../../reference/', import.meta.url));
    const inScope = ['channels', 'sync', 'runtime', 'schedule'].flatMap((d) =>
      (readdirSync(root + d, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => `reference/${d}/${f}`),
    );
    expect([...PRIORITY].sort()).toEqual(inScope.sort());
  });
});

describe('isTraceLabel', () => {
  // Babel's nodes, as Stryker's ignorer sees them: a string, or a template's text parts around its ${} holes.
  const literal = (src: string) =>
    src.startsWith('`')
      ? { type: 'TemplateLiteral', quasis: src.slice(1, -1).split(/\$\{[^}]*\}/).map((cooked) => ({ value: { cooked, raw: cooked } })) }
      : { type: 'StringLiteral', value: src.slice(1, -1) };
  it('takes schedule-point labels, not names that mean something', () => {
    expect(isTraceLabel(literal("'send:tail'"))).toBe(true);
    expect(isTraceLabel(literal("'wait:parked-'"))).toBe(true);
    expect(isTraceLabel(literal('`${L}:register`'))).toBe(true);
    expect(isTraceLabel(literal('`${this.core.kind}:get`'))).toBe(true);
    expect(isTraceLabel(literal("'Disconnected'"))).toBe(false);
    expect(isTraceLabel(literal("'use after drop: x'"))).toBe(false);
    expect(isTraceLabel(literal("'syncspec:registry'"))).toBe(false);
    expect(isTraceLabel(literal('`${me.registry.id}:${this.channelId}`'))).toBe(false);
    expect(isTraceLabel(literal('`syncspec:${this.key}`'))).toBe(false);
  });

  it('takes the label argument of a labelled call, and only that argument', () => {
    const call = (name: string, args: unknown[]) => ({ type: 'CallExpression', callee: { type: 'Identifier', name }, arguments: args });
    const label = literal("'rdv-send'");
    expect(isTraceLabel(label, call('lock', [{}, {}, {}, label]))).toBe(true);
    expect(isTraceLabel(label, call('unlock', [{}, {}, label]))).toBe(true);
    expect(isTraceLabel(label, call('lock', [label]))).toBe(false);
    expect(isTraceLabel(label, call('postMessage', [{}, {}, {}, label]))).toBe(false);
    expect(isTraceLabel(label, { type: 'CallExpression', callee: { type: 'MemberExpression', property: { type: 'Identifier', name: 'holderCount' } }, arguments: [label] })).toBe(true);
  });
});

describe('isErrorMessage', () => {
  it('takes the message of new …Error(…), not of other constructors', () => {
    const msg = { type: 'StringLiteral', value: 'select needs at least one receiver' };
    const made = (name: string) => ({ type: 'NewExpression', callee: { type: 'Identifier', name }, arguments: [msg] });
    expect(isErrorMessage(msg, made('ChannelUsageError'))).toBe(true);
    expect(isErrorMessage(msg, made('SyncPanic'))).toBe(false);
    expect(isErrorMessage(msg, made('BroadcastChannel'))).toBe(false);
  });
});

describe('inChunk', () => {
  it('knows the files of a chunk: files, line ranges, globs, comma-separated', () => {
    expect(inChunk('reference/sync/once.ts', 'reference/sync/once.ts:1-120')).toBe(true);
    expect(inChunk('reference/sync/once.ts', 'reference/sync/mutex.ts,reference/sync/once.ts')).toBe(true);
    expect(inChunk('reference/sync/core.ts', 'reference/sync/**/*.ts')).toBe(true);
    expect(inChunk('reference/sync/core.ts', 'reference/sync/mutex.ts')).toBe(false);
  });
});

describe('mergeReports', () => {
  const m = (line: number, status: string) => ({ id: String(line), mutatorName: 'X', replacement: 'y', status, location: { start: { line, column: 1 }, end: { line, column: 2 } } });
  const report = (files: Record<string, { source: string; mutants: ReturnType<typeof m>[] }>) => ({
    schemaVersion: '2',
    thresholds: { high: 90, low: 70 },
    files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, { language: 'typescript', ...v }])),
  });

  it('keeps other files, and merges a line-range chunk mutant by mutant when the source is the same', () => {
    const union = report({ 'a.ts': { source: 'A', mutants: [m(1, 'Killed'), m(5, 'Survived')] }, 'b.ts': { source: 'B', mutants: [m(1, 'Killed')] } });
    const chunk = report({ 'a.ts': { source: 'A', mutants: [m(5, 'Killed'), m(9, 'Timeout')] } });
    const merged = mergeReports(union, chunk);
    expect(merged.files['a.ts'].mutants.map((x) => `${x.location.start.line}:${x.status}`)).toEqual(['1:Killed', '5:Killed', '9:Timeout']);
    expect(merged.files['b.ts'].mutants).toHaveLength(1);
  });

  it('replaces a file whose source changed: the old results were of other code', () => {
    const union = report({ 'a.ts': { source: 'A', mutants: [m(1, 'Killed'), m(5, 'Survived')] } });
    const chunk = report({ 'a.ts': { source: 'A2', mutants: [m(5, 'Killed')] } });
    expect(mergeReports(union, chunk).files['a.ts']).toMatchObject({ source: 'A2', mutants: [{ status: 'Killed' }] });
  });
});

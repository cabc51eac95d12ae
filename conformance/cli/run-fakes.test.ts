// `syncspec run` in-process, with fake bundled adapters and a fake engine: the matrix a
// bare run ends with, and the --update-expectations round trip.
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Adapter } from '../adapter/types.ts';
import type { CheckRunner } from '../run/runSuite.ts';
import { registerRunCommand } from './commands/run.ts';
import { createProgram, runProgram } from './program.ts';

function fake(name: string, capabilities: string[]): Adapter {
  return { name, library: { name: `${name}-lib`, version: '1.0.0' }, executor: 'async', capabilities, channel: { create: () => ({}) } } as unknown as Adapter;
}

const registry = {
  alpha: async () => ({ default: fake('alpha', ['unbounded', 'bounded', 'rendezvous', 'send', 'recv']) }),
  beta: async () => ({ default: fake('beta', ['unbounded', 'send']) }),
};

/** Fails the rules in `failing` (adapter:rule; !adapter:rule is an error), passes the rest. */
function runner(failing: Set<string>): CheckRunner {
  return {
    async run(adapter, rule) {
      if (failing.has(`!${adapter.name}:${rule.id}`)) return { status: 'error', runs: 0, message: 'adapter broke' };
      return failing.has(`${adapter.name}:${rule.id}`) ? { status: 'fail', runs: 1, message: `${rule.id} went wrong\nsecond line` } : { status: 'pass', runs: 1 };
    },
  };
}

async function syncspec(failing: Set<string>, expectationsDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const program = createProgram();
  registerRunCommand(program, {
    createRunner: () => runner(failing),
    replay: () => Promise.reject(new Error('no replay here')),
    adapterOf: () => 'alpha',
    registry,
    bundledExpectationsFile: (name) => join(expectationsDir, `${name}.json`),
  });
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await runProgram(program, ['node', 'syncspec', 'run', '--seed', '1', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('syncspec run with no --adapter', () => {
  it('runs every bundled adapter and ends with a rule group × adapter matrix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'syncspec-matrix-'));
    const r = await syncspec(new Set(['alpha:CHAN-FLAVOR-2']), dir, '--rules', 'CHAN-FLAVOR-*,CHAN-RECV-*');
    expect(r.code).toBe(1);
    const matrix = r.stdout.slice(r.stdout.indexOf('matrix:'));
    expect(matrix).toBe(
      [
        'matrix: pass/fail/expected-fail/n/a per rule group, then any other status',
        'rules           alpha     beta',
        'channels',
        '  CHAN-FLAVOR   2/1/0/0   1/0/0/2',
        '  CHAN-RECV     2/0/0/0   0/0/0/2',
        '',
      ].join('\n'),
    );
  });

  it('prints no matrix for a single adapter named with --adapter', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'syncspec-matrix-'));
    const r = await syncspec(new Set(), dir, '--adapter', 'beta', '--rules', 'CHAN-FLAVOR-*');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('matrix:');
  });

  it('counts statuses other than the four after a +', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'syncspec-matrix-'));
    const r = await syncspec(new Set(['!beta:CHAN-FLAVOR-1', 'alpha:CHAN-FLAVOR-2']), dir, '--rules', 'CHAN-FLAVOR-1,CHAN-FLAVOR-2');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('\n  CHAN-FLAVOR   1/1/0/0   0/0/0/1 +1 error\n');
  });
});

describe('syncspec run --update-expectations', () => {
  it('writes the failures into the expectations file; the next run expects them; a fixed rule leaves the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'syncspec-expect-'));
    const file = join(dir, 'alpha.json');
    const rules = ['--adapter', 'alpha', '--rules', 'CHAN-FLAVOR-*'];

    const first = await syncspec(new Set(['alpha:CHAN-FLAVOR-1', 'alpha:CHAN-FLAVOR-3']), dir, ...rules, '--update-expectations');
    expect(first.code).toBe(1); // the run itself had unexpected failures
    expect(first.stderr).toContain(`wrote ${file}: added CHAN-FLAVOR-1, CHAN-FLAVOR-3`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      'CHAN-FLAVOR-1': { status: 'fail', reason: 'fails: CHAN-FLAVOR-1 went wrong' },
      'CHAN-FLAVOR-3': { status: 'fail', reason: 'fails: CHAN-FLAVOR-3 went wrong' },
    });

    const second = await syncspec(new Set(['alpha:CHAN-FLAVOR-1', 'alpha:CHAN-FLAVOR-3']), dir, ...rules, '--reporter', 'json');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).adapters[0].results.map((x: { status: string }) => x.status)).toEqual(['expected-fail', 'pass', 'expected-fail']);

    // CHAN-FLAVOR-3 got fixed: an unexpected pass, until the file is updated.
    const fixed = await syncspec(new Set(['alpha:CHAN-FLAVOR-1']), dir, ...rules, '--reporter', 'json', '--update-expectations');
    expect(fixed.code).toBe(1);
    expect(JSON.parse(fixed.stdout).adapters[0].results[2].status).toBe('unexpected-pass');
    expect(fixed.stderr).toContain(`wrote ${file}: removed CHAN-FLAVOR-3`);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toEqual(['CHAN-FLAVOR-1']);

    const clean = await syncspec(new Set(['alpha:CHAN-FLAVOR-1']), dir, ...rules);
    expect(clean.code).toBe(0);
  });

  it('keeps the reason written by hand, and entries of rules the run did not select', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'syncspec-expect-'));
    const file = join(dir, 'alpha.json');
    await syncspec(new Set(['alpha:CHAN-FLAVOR-1', 'alpha:CHAN-RECV-1']), dir, '--adapter', 'alpha', '--rules', 'CHAN-FLAVOR-1,CHAN-RECV-1', '--update-expectations');
    const edited = JSON.parse(readFileSync(file, 'utf8'));
    edited['CHAN-FLAVOR-1'] = { status: 'fail', reason: 'lib#12: send blocks when full', link: 'https://example.org/lib/issues/12' };
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(edited));
    const r = await syncspec(new Set(['alpha:CHAN-FLAVOR-1']), dir, '--adapter', 'alpha', '--rules', 'CHAN-FLAVOR-*', '--update-expectations');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('expectations unchanged');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      'CHAN-FLAVOR-1': { status: 'fail', reason: 'lib#12: send blocks when full', link: 'https://example.org/lib/issues/12' },
      'CHAN-RECV-1': { status: 'fail', reason: 'fails: CHAN-RECV-1 went wrong' },
    });
  });

  it('refuses an expectations file that names no rule of the spec, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'syncspec-expect-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'beta.json'), JSON.stringify({ 'CHAN-NOPE-1': { status: 'fail', reason: 'x' }, 'CHAN-FLAVOR-1': { status: 'flaky' } }));
    const r = await syncspec(new Set(), dir, '--adapter', 'beta');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(dir, 'beta.json'));
    expect(r.stderr).toContain('CHAN-NOPE-1: no such rule');
    expect(r.stderr).toContain('CHAN-FLAVOR-1: must be { "status": "fail"');
    expect(existsSync(join(dir, 'alpha.json'))).toBe(false);
  });
});

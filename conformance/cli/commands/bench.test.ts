// `syncspec bench`: the command's wiring and output shape. No figure is asserted: speed
// comes from the bench itself, never from a test.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IMPL, type BenchResult } from '../../../reference/bench/rows.ts';
import { prepareRust, measureRust } from '../../../reference/bench/rust.ts';
import { formatBench } from './bench.ts';

const bin = fileURLToPath(new URL('../../../bin/syncspec.js', import.meta.url));

function syncspec(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const hasCargo = spawnSync('cargo', ['--version']).status === 0;

describe('syncspec bench', () => {
  it('--quick --json prints { results } rows of the documented shape, the hook-free build beside the reference', () => {
    const r = syncspec('bench', '--quick', '--json', '--no-rust', '--case', 'unbounded numbers', '--case', 'one thread');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { results: Record<string, unknown>[] };
    expect(Object.keys(out)).toEqual(['results']);
    expect(out.results.map((row) => [row.impl, row.flavor])).toEqual([
      [IMPL.reference, 'bounded(1024), one thread'],
      [IMPL.noHookCheck, 'bounded(1024), one thread'],
      [IMPL.reference, 'unbounded'],
      [IMPL.noHookCheck, 'unbounded'],
      [IMPL.messageChannel, 'unbounded'],
    ]);
    for (const row of out.results) {
      expect(Object.keys(row).sort()).toEqual(['flavor', 'impl', 'messages', 'messagesPerSecond', 'payload', 'seconds']);
      expect(row.payload).toBe('number');
      expect(Number.isInteger(row.messages) && (row.messages as number) > 0).toBe(true);
      expect(row.seconds).toBeGreaterThan(0);
      expect(row.messagesPerSecond).toBeCloseTo((row.messages as number) / (row.seconds as number), 6);
    }
  }, 120_000);

  it('exits 2 on a case filter that matches nothing, naming the cases', () => {
    const r = syncspec('bench', '--quick', '--no-rust', '--case', 'no such case');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no bench case matches "no such case" (the cases: one thread, try_send + try_recv; bounded(1024) numbers;');
  }, 60_000);

  it('exits 2 on a bad --rounds', () => {
    expect(syncspec('bench', '--rounds', '0').status).toBe(2);
  }, 60_000);
});

describe('formatBench', () => {
  const numbers = { name: 'unbounded numbers', flavor: 'unbounded', payload: 'number' } as const;
  const row = (impl: string, messagesPerSecond: number) => ({ impl, flavor: 'unbounded', payload: 'number', messages: 1000, seconds: 1000 / messagesPerSecond, messagesPerSecond });
  const result: BenchResult = {
    rows: [row(IMPL.reference, 20e6), row(IMPL.noHookCheck, 20e6), row(IMPL.messageChannel, 2e6), row(IMPL.rust, 40e6)],
    cases: [numbers, numbers, numbers, numbers],
    samples: [[5e-5, 6e-5, 5e-5], [5e-5, 5e-5, 5e-5], [5e-4], [2.5e-5]],
    rounds: 3,
    load: { start: 1.5, end: 3.25, cpus: 2 },
  };

  it('groups rows by case, with ratios to Rust and to MessageChannel', () => {
    const text = formatBench(result);
    const lines = text.split('\n');
    expect(lines[0]).toBe('syncspec bench: 3 rounds, median per row; ratios are within this run');
    expect(lines[1]).toBe('load average 1.50 before the run, 3.25 at its end (its own threads included), 2 CPUs: other work shares the machine, rows are low and spread');
    expect(lines[3]).toMatch(/^implementation +flavor +messages +msg\/s +× Rust +× MessageChannel$/);
    expect(lines[4]).toBe('unbounded numbers');
    expect(lines[5]).toMatch(/^ {2}syncspec-reference +unbounded +1,000 +20\.00 M +0\.5× +10×$/);
    expect(lines[7]).toMatch(/^ {2}MessageChannel +unbounded +1,000 +2\.00 M +0\.05×$/);
    expect(lines[8]).toMatch(/^ {2}rust std::sync::mpsc +unbounded +1,000 +40\.00 M +1× +20×$/);
    expect(text).toContain('  unbounded numbers: 1.00; rounds of one row differ by up to 20%, so within noise\n');
  });

  it('says why there are no Rust rows', () => {
    const text = formatBench({ ...result, rows: result.rows.slice(0, 3), cases: result.cases.slice(0, 3), samples: result.samples.slice(0, 3), rustSkipped: 'cargo not found on PATH' });
    expect(text).not.toContain('× Rust');
    expect(text).toContain('No Rust rows: cargo not found on PATH');
  });
});

describe.skipIf(!hasCargo)('the Rust bench program', () => {
  it('builds offline (or is reused), then measures std::sync::mpsc', async () => {
    const first = await prepareRust();
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const again = await prepareRust();
    expect(again).toEqual({ ok: true, binary: first.binary, built: false });
    for (const [flavor, payload] of [['rendezvous', 'number'], ['bounded(4)', 'string'], ['unbounded', 'object']] as const) {
      expect(await measureRust(first.binary, flavor, payload, 200)).toBeGreaterThan(0);
    }
    await expect(measureRust(first.binary, 'bounded(x)', 'number', 10)).rejects.toThrow(/unknown flavor/);
  }, 180_000);
});

// The second stage's pieces: the rules a review names, a mutant written into its file as
// Stryker's report describes it, and its kills counted only for the code they were measured on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyMutant, rulesNamedIn, runSecondStage, sourceHash, withSecondStage, type StageResults } from './second-stage.ts';
import { mutantKey, type ReportMutant } from './sample.ts';

describe('rulesNamedIn', () => {
  it('finds rule IDs in a review, once each, in order, and no chapter glob', () => {
    expect(rulesNamedIn('value lost (CHAN-FLAVOR-3, CHAN-RECV-2); see CHAN-RDV-* and CHAN-FLAVOR-3 again, RW-READ-1.')).toEqual(['CHAN-FLAVOR-3', 'CHAN-RECV-2', 'RW-READ-1']);
    expect(rulesNamedIn('a spin count only')).toEqual([]);
  });
});

describe('applyMutant', () => {
  const source = 'const a = 1;\nif (s === TAKEN) {\n  go();\n}\n';
  it('replaces the range (lines and columns from 1, end exclusive)', () => {
    const m = { replacement: 'true', location: { start: { line: 2, column: 5 }, end: { line: 2, column: 16 } } };
    expect(applyMutant(source, m)).toBe('const a = 1;\nif (true) {\n  go();\n}\n');
  });
  it('replaces a range across lines (an emptied block)', () => {
    const m = { replacement: '{}', location: { start: { line: 2, column: 18 }, end: { line: 4, column: 2 } } };
    expect(applyMutant(source, m)).toBe('const a = 1;\nif (s === TAKEN) {}\n');
  });
  it('refuses a mutant without its text or outside the file', () => {
    expect(() => applyMutant(source, { location: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } })).toThrow(/replacement/);
    expect(() => applyMutant(source, { replacement: 'x', location: { start: { line: 9, column: 1 }, end: { line: 9, column: 2 } } })).toThrow(/line 9/);
  });
});

describe('withSecondStage', () => {
  const FILE = 'reference/a.ts';
  const source = 'if (s === TAKEN) {}\n';
  const at = (column: number, status: string): ReportMutant => ({ id: String(column), mutatorName: 'ConditionalExpression', replacement: 'true', status, location: { start: { line: 1, column }, end: { line: 1, column: column + 1 } } });
  const caught = at(5, 'NoCoverage');
  const missed = at(6, 'Survived');
  const stale = at(7, 'Survived');
  const results = { [FILE]: { source, mutants: [caught, missed, stale, at(8, 'Killed')] } };
  const base = { runs: 100, seed: 6, rules: ['CHAN-FLAVOR-3'], seconds: 1 };
  const stage: StageResults = {
    [mutantKey(FILE, caught)]: { ...base, source: sourceHash(source), result: 'killed', by: 'CHAN-FLAVOR-3' },
    [mutantKey(FILE, missed)]: { ...base, source: sourceHash(source), result: 'survived' },
    [mutantKey(FILE, stale)]: { ...base, source: sourceHash('older code'), result: 'killed', by: 'CHAN-FLAVOR-3' },
  };
  it('counts a mutant the stage killed on the same code as killed, and nothing else', () => {
    const statuses = withSecondStage(results, stage)[FILE].mutants.map((m) => m.status);
    expect(statuses).toEqual(['Killed', 'Survived', 'Survived', 'Killed']);
  });
  it('leaves the results it was given as they were', () => {
    withSecondStage(results, stage);
    expect(caught.status).toBe('NoCoverage');
  });
});

describe('runSecondStage', () => {
  const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
  const FILE = 'reference/runtime/watch.ts';
  const mutant: ReportMutant = { id: '1', mutatorName: 'ConditionalExpression', replacement: 'true', status: 'Survived', location: { start: { line: 37, column: 7 }, end: { line: 37, column: 26 } } };
  const run = async (results: Record<string, { source?: string; mutants: ReportMutant[] }>, why: string) => {
    const lines: string[] = [];
    const recorded: string[] = [];
    await runSecondStage([{ file: FILE, mutant }], { [mutantKey(FILE, mutant)]: { verdict: 'unreached', why } }, results, {
      root: ROOT, runs: 100, seed: 6, previous: {}, force: false, log: (l) => lines.push(l), onResult: (key) => recorded.push(key),
    });
    return { lines, recorded };
  };
  it('skips a mutant measured on other code, without running the suite', async () => {
    const { lines, recorded } = await run({ [FILE]: { source: 'older code', mutants: [mutant] } }, 'breaks CHAN-DISC-1');
    expect(lines.join('\n')).toMatch(/skipped: measured on other code/);
    expect(recorded).toEqual([]);
  });
  it('skips a mutant whose review names no rule its file can reach', async () => {
    const source = readFileSync(join(ROOT, FILE), 'utf8');
    const { lines, recorded } = await run({ [FILE]: { source, mutants: [mutant] } }, 'a spin count only');
    expect(lines.join('\n')).toMatch(/names no rule/);
    expect(recorded).toEqual([]);
  });
});

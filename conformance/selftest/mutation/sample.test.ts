// The random sample of mutant locations: the same draw everywhere, Stryker's ranges and the
// ignorer agree on what is in it, and only whole measured locations enter the score.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module (Stryker loads it as a plugin), no types
import { outsideSample } from './ignorers.mjs';
import { drawSample, ignorerRanges, lineMap, locationKey, measuredPrefix, moveSample, mutatePattern, parseHunks, pendingLocations, scoreSample, wilson, type ReportMutant } from './sample.ts';

const at = (line: number, column: number, endColumn: number, mutatorName: string, status = 'Survived'): ReportMutant => ({
  id: `${line}:${column}:${mutatorName}`,
  mutatorName,
  status,
  location: { start: { line, column }, end: { line, column: endColumn } },
});

const files = {
  'reference/a.ts': { mutants: [at(1, 5, 9, 'Equality'), at(1, 5, 9, 'Conditional'), at(2, 1, 3, 'Block'), at(3, 1, 20, 'Label', 'Ignored')] },
  'reference/b.ts': { mutants: [at(7, 2, 4, 'Boolean')] },
};

describe('drawSample', () => {
  it('draws every non-ignored location once, in an order fixed by the seed', () => {
    const s = drawSample(files, 1);
    expect(s.population).toEqual({ locations: 3, mutants: 4 });
    expect(s.order.map((l) => `${l.file}:${l.start.line}`).sort()).toEqual(['reference/a.ts:1', 'reference/a.ts:2', 'reference/b.ts:7']);
    expect(s.order.find((l) => l.start.line === 1)?.mutants).toEqual(['Equality|', 'Conditional|']);
    expect(drawSample(files, 1)).toEqual(s);
  });

  it('puts each location first about equally often over seeds', () => {
    const many = { 'f.ts': { mutants: Array.from({ length: 10 }, (_, i) => at(i + 1, 1, 2, 'X')) } };
    const firsts = new Map<number, number>();
    for (let seed = 0; seed < 2000; seed++) {
      const line = drawSample(many, seed).order[0].start.line;
      firsts.set(line, (firsts.get(line) ?? 0) + 1);
    }
    expect(firsts.size).toBe(10);
    for (const count of firsts.values()) expect(count).toBeGreaterThan(120); // 200 expected each
  });
});

describe('ranges', () => {
  it('gives Stryker and the ignorer Babel columns (from 0), the report has them from 1', () => {
    const l = { file: 'reference/a.ts', start: { line: 1, column: 5 }, end: { line: 1, column: 9 }, mutants: [] };
    expect(mutatePattern(l)).toBe('reference/a.ts:1:4-1:8');
    expect(ignorerRanges([l])).toEqual({ 'reference/a.ts': [{ start: { line: 1, column: 4 }, end: { line: 1, column: 8 } }] });
  });

  it('the ignorer keeps a sampled node and its ancestors, drops the nodes inside it that hold no sampled range', () => {
    const ranges = { 'reference/a.ts': [{ start: { line: 2, column: 0 }, end: { line: 9, column: 1 } }] };
    const loc = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, column: sc }, end: { line: el, column: ec } });
    expect(outsideSample(ranges, '/tmp/sandbox/reference/a.ts', loc(2, 0, 9, 1))).toBe(false); // the sampled node
    expect(outsideSample(ranges, '/tmp/sandbox/reference/a.ts', loc(1, 0, 12, 0))).toBe(false); // an ancestor
    expect(outsideSample(ranges, '/tmp/sandbox/reference/a.ts', loc(3, 2, 3, 9))).toBe(true); // inside, not sampled
    expect(outsideSample(ranges, '/tmp/sandbox/reference/b.ts', loc(3, 2, 3, 9))).toBe(false); // a file the sample does not name
    expect(outsideSample(undefined, '/tmp/sandbox/reference/a.ts', loc(3, 2, 3, 9))).toBe(false); // no sample run
  });
});

describe('scoreSample', () => {
  const sample = drawSample(files, 3);
  it('counts only locations whose every mutant has a result', () => {
    const results = {
      'reference/a.ts': { mutants: [at(1, 5, 9, 'Equality', 'Killed'), at(2, 1, 3, 'Block', 'Survived')] }, // line 1 half measured
      'reference/b.ts': { mutants: [at(7, 2, 4, 'Boolean', 'NoCoverage')] },
    };
    const s = scoreSample(sample, 3, results);
    expect(s).toMatchObject({ measuredLocations: 2, mutants: 2, killed: 0, survived: 1, noCoverage: 1, score: 0 });
    expect(pendingLocations(sample, 3, results).map((l) => l.start.line)).toEqual([1]);
    // The prefix to score stops at the first location not measured in full: seed 3 orders them a:2, a:1, b:7.
    expect(sample.order.map((l) => l.start.line)).toEqual([2, 1, 7]);
    expect(measuredPrefix(sample, results)).toBe(1);
    expect(measuredPrefix(sample, {})).toBe(0);
  });

  it('scores killed and timed-out mutants as detected', () => {
    const results = { 'reference/a.ts': { mutants: [at(1, 5, 9, 'Equality', 'Killed'), at(1, 5, 9, 'Conditional', 'Timeout'), at(2, 1, 3, 'Block', 'Killed')] }, 'reference/b.ts': { mutants: [at(7, 2, 4, 'Boolean', 'Survived')] } };
    expect(scoreSample(sample, 3, results)).toMatchObject({ mutants: 4, killed: 2, timeout: 1, survived: 1, score: 0.75 });
  });
});

describe('wilson', () => {
  it('is the textbook interval (45 of 50: 78.6 % to 95.7 %) and stays within 0..1', () => {
    const w = wilson(45, 50);
    expect(w.low).toBeCloseTo(0.786, 3);
    expect(w.high).toBeCloseTo(0.9565, 3);
    expect(wilson(10, 10).high).toBeCloseTo(1, 12);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
  });
});

describe('moving the sample to changed code', () => {
  // Line 3 replaced by two lines, two lines inserted after line 10, line 20 deleted.
  const diff = '@@ -3 +3,2 @@ x\n-a\n+b\n+c\n@@ -10,0 +12,2 @@ y\n+d\n+e\n@@ -20 +21,0 @@ z\n-f\n';

  it('maps unchanged lines through the hunks of git diff -U0, and changed ones to nothing', () => {
    const map = lineMap(parseHunks(diff));
    expect([1, 2, 3, 4, 10, 11, 19, 20, 21].map(map)).toEqual([1, 2, undefined, 5, 11, 14, 22, undefined, 23]);
  });

  it('keeps a location whose first and last lines are unchanged and whose mutants the new code still has there; drops the rest', () => {
    const sample = drawSample({ 'reference/a.ts': { mutants: [at(2, 1, 3, 'Block'), at(3, 1, 3, 'Equality'), at(11, 4, 9, 'Boolean'), at(19, 1, 2, 'Arrow')] } }, 1);
    const maps = new Map([['reference/a.ts', lineMap(parseHunks(diff))]]);
    // The new code: the Arrow at line 22 (was 19) became a Block.
    const now = new Map([['reference/a.ts@2:1-2:3', ['Block|']], ['reference/a.ts@14:4-14:9', ['Boolean|']], ['reference/a.ts@22:1-22:2', ['Block|']]]);
    const { sample: moved, moved: keys, dropped } = moveSample(sample, maps, (file, l) => now.get(locationKey(file, l)) ?? []);
    expect(moved.order.map((l) => locationKey(l.file, l)).sort()).toEqual(['reference/a.ts@14:4-14:9', 'reference/a.ts@2:1-2:3']);
    expect(dropped.map((l) => l.start.line).sort()).toEqual([19, 3]);
    expect(keys.get('reference/a.ts@11:4-11:9')).toBe('reference/a.ts@14:4-14:9');
    // What is kept keeps its relative order: a prefix is still a uniform sample of it.
    const rank = (line: number) => sample.order.findIndex((l) => l.start.line === line);
    expect(moved.order.map((l) => l.start.line)).toEqual(rank(2) < rank(11) ? [2, 14] : [14, 2]);
  });
});

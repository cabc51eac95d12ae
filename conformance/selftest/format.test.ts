// The time-to-detect figures: medians, and the worst runs and seconds each with the mutant that took them.
import { describe, expect, it } from 'vitest';
import { summarizeDetections, worstMutants } from './format.ts';
import type { Detection } from './selftest.ts';

const found = (id: string, runs: number, seconds: number) => ({ id, detection: { rule: 'R-1', runs, seconds, ruleRuns: runs, verdict: 'safety' } as unknown as Detection });

describe('summarizeDetections', () => {
  it('names the mutant with the most runs and the one with the most seconds, which may differ', () => {
    const s = summarizeDetections([found('many-runs', 900, 0.5), found('slow', 300, 4), found('quick', 1, 0.01)]);
    expect(s).toMatchObject({ detected: 3, medianRuns: 300, medianSeconds: 0.5, worstRuns: 900, worstRunsMutant: 'many-runs', worstSeconds: 4, worstSecondsMutant: 'slow' });
    expect(worstMutants(s)).toBe('most runs: many-runs; most seconds: slow');
    expect(worstMutants(summarizeDetections([found('both', 900, 4), found('quick', 1, 0.01)]))).toBe('both');
  });

  it('has nothing to name when nothing was detected', () => {
    expect(summarizeDetections([])).toMatchObject({ detected: 0, worstRuns: 0, worstRunsMutant: '-', worstSeconds: 0, worstSecondsMutant: '-' });
  });
});

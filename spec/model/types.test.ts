import { describe, expect, it } from 'vitest';
import { formatOutcome, outcome, sameOutcome } from './types.ts';

describe('outcomes', () => {
  it('print in the notation of the chapters', () => {
    expect(formatOutcome(outcome('Ok'))).toBe('Ok');
    expect(formatOutcome(outcome('Full', 2))).toBe('Full(2)');
    expect(formatOutcome(outcome('Ok', [1, 2]))).toBe('Ok([1,2])');
  });
  it('compare by kind and value', () => {
    expect(sameOutcome(outcome('Ok', 1), outcome('Ok', 1))).toBe(true);
    expect(sameOutcome(outcome('Ok', 1), outcome('Ok', 2))).toBe(false);
    expect(sameOutcome(outcome('Ok'), outcome('Ok', 0))).toBe(false);
  });
});

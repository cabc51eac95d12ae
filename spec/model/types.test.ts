import { describe, expect, it } from 'vitest';
import { canonicalJson, formatOutcome, outcome, sameOutcome, type Value } from './types.ts';

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
  it('compare objects whatever order their keys come in (JSON objects are unordered), own __proto__ keys included', () => {
    const written = JSON.parse('{"k":1,"ключ":[""],"__proto__":{"b":2,"a":1}}') as Value;
    const sorted = JSON.parse('{"__proto__":{"a":1,"b":2},"k":1,"ключ":[""]}') as Value;
    expect(sameOutcome(outcome('Ok', written), outcome('Ok', sorted))).toBe(true);
    expect(sameOutcome(outcome('Ok', written), outcome('Ok', JSON.parse('{"k":1,"ключ":[""]}') as Value))).toBe(false);
    expect(sameOutcome(outcome('Ok', [1, 2]), outcome('Ok', [2, 1]))).toBe(false);
    expect(canonicalJson(written)).toBe(canonicalJson(sorted));
  });
});

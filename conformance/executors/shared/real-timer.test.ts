import { describe, expect, it } from 'vitest';
import { returnedBeforeTimeout } from './real-timer.ts';

describe('returnedBeforeTimeout', () => {
  it('catches a timed wait that returned at once or after a fraction of its timeout', () => {
    expect(returnedBeforeTimeout(5, 0.05)).toBe(true);
    expect(returnedBeforeTimeout(100, 50)).toBe(true);
  });

  it('lets a correct one through, a timer that fired a millisecond early included', () => {
    expect(returnedBeforeTimeout(5, 4.1)).toBe(false);
    expect(returnedBeforeTimeout(100, 99)).toBe(false);
    expect(returnedBeforeTimeout(0, 0)).toBe(false);
    expect(returnedBeforeTimeout(60_000, 60_003)).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeviationSweep, scheduleArbitrary, ScheduleCursor } from './schedule.ts';

describe('ScheduleCursor', () => {
  it('consumes a choice only where two or more events are ready, and records how many were', () => {
    const cursor = new ScheduleCursor([4, 1]);
    expect([cursor.choose(1), cursor.choose(3), cursor.choose(1), cursor.choose(2), cursor.choose(5)]).toEqual([0, 1, 0, 1, 0]);
    expect(cursor.used).toBe(2);
    expect(cursor.arities).toEqual([3, 2, 5]);
  });
});

describe('DeviationSweep', () => {
  it('hands out the base schedule, then every schedule one step away from it, earliest step first', () => {
    const sweep = new DeviationSweep(10);
    expect(sweep.next()).toEqual([]);
    sweep.learn([3, 1, 2]);
    const rest: (readonly number[])[] = [];
    for (let s = sweep.next(); s !== undefined; s = sweep.next()) rest.push(s);
    expect(rest).toEqual([[1], [2], [0, 0, 1]]);
  });

  it('stops at its limit', () => {
    const sweep = new DeviationSweep(2);
    sweep.next();
    sweep.learn([4]);
    expect([sweep.next(), sweep.next()]).toEqual([[1], undefined]);
  });

  it('knows its size once it has learned the base run: every deviation, up to its limit', () => {
    const sweep = new DeviationSweep(10);
    expect(sweep.size()).toBe(1);
    sweep.next();
    sweep.learn([3, 1, 2]);
    expect(sweep.size()).toBe(4);
    const capped = new DeviationSweep(3);
    capped.next();
    capped.learn([9]);
    expect(capped.size()).toBe(3);
  });

  it('cut short by its limit, keeps the first deviations for half its room and samples the rest all along the run', () => {
    const sweep = new DeviationSweep(7);
    sweep.next();
    sweep.learn(new Array<number>(12).fill(2));
    const at = Array.from({ length: 7 }, () => sweep.next()).map((s) => (s === undefined ? undefined : s.length - 1));
    expect(at).toEqual([0, 1, 2, 3, 6, 9, undefined]);
  });

  it('learns from the base run only', () => {
    const sweep = new DeviationSweep(10);
    sweep.next();
    sweep.learn([2]);
    sweep.learn([4, 4]);
    expect([sweep.next(), sweep.next()]).toEqual([[1], undefined]);
  });
});

describe('scheduleArbitrary', () => {
  it('is dense unless asked for sparse schedules, which deviate from choice 0 at one to three steps', () => {
    const dense = fc.sample(scheduleArbitrary(), { numRuns: 200, seed: 1 });
    const mixed = fc.sample(scheduleArbitrary({ sparse: true }), { numRuns: 200, seed: 1 });
    const deviations = (s: readonly number[]) => s.filter((c) => c !== 0).length;
    const sparse = mixed.filter((s) => s.length > 0 && s[s.length - 1] !== 0 && deviations(s) <= 3 && s.length > 3 * deviations(s));
    expect(sparse.length).toBeGreaterThan(30); // one in four of 200: 50 expected (44 to 52 over seeds 1-8)
    expect(dense.filter((s) => s.length > 3 * deviations(s) && deviations(s) > 0).length).toBeLessThan(20);
  });

  it('shrinks to [] when any schedule fails, sparse ones included', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const out = fc.check(fc.property(scheduleArbitrary({ sparse: true }), () => false), { seed });
      expect(out.counterexample, `seed ${seed}`).toEqual([[]]);
    }
  });
});

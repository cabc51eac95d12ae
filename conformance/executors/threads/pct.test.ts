// PCT's chooser: the highest-priority worker runs, and at a change point it drops below
// every other, at any step the schedule names (not only every tenth).
import { describe, expect, it } from 'vitest';
import { PctChooser, PctSweep, pctSchedule } from './pct.ts';

/** The slots a chooser runs over `steps` steps when both workers always have a step ready. */
function run(choices: number[], steps: number): number[] {
  const chooser = new PctChooser(choices, 2);
  const events = [{ kind: 'step', slot: 0 }, { kind: 'step', slot: 1 }];
  return Array.from({ length: steps }, () => events[chooser.choose(events)].slot);
}

describe('PctChooser', () => {
  it('runs the highest-priority worker until a change point, then the other', () => {
    // Priorities 5 and 1: worker 0 first. A change at 0 × 10 + 2 + 1 = step 3.
    expect(run([5, 1, 0, 2], 6)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('can place a change point at every step, not only on multiples of ten', () => {
    const firstSwitch = (unit: number, offset: number) => run([5, 1, unit, offset], 40).indexOf(1);
    const reached = new Set<number>();
    for (let unit = 0; unit < 3; unit++) for (let offset = 0; offset < 10; offset++) reached.add(firstSwitch(unit, offset));
    expect([...reached].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('without change points, one worker runs first; timers only when nothing else is ready', () => {
    expect(run([], 3)).toEqual([0, 0, 0]);
    const chooser = new PctChooser([1, 5], 2);
    expect(chooser.choose([{ kind: 'timeout' }, { kind: 'step', slot: 0 }])).toBe(1);
    expect(chooser.used).toBe(2);
  });
});

describe('pctSchedule', () => {
  it('gives the workers of an order falling priorities, and one change point at the named step', () => {
    // Worker 1 first, then 0; worker 1 drops below 0 after its 4th step.
    expect(run(pctSchedule([1, 0], 4), 7)).toEqual([1, 1, 1, 1, 0, 0, 0]);
    expect(run(pctSchedule([0, 1]), 3)).toEqual([0, 0, 0]);
  });
});

describe('PctChooser.changePoints', () => {
  it('lists the steps where another worker could run next, with their place in the operation', () => {
    const chooser = new PctChooser([], 2);
    // Worker 0 starts operation 1 alone, worker 1 arrives; worker 0 then starts operation 2.
    chooser.choose([{ kind: 'step', slot: 0, op: 1 }]);
    chooser.choose([{ kind: 'step', slot: 0, op: 1 }, { kind: 'step', slot: 1, op: 1 }]);
    chooser.choose([{ kind: 'step', slot: 0, op: 2 }, { kind: 'probe', slot: 1 }]);
    chooser.choose([{ kind: 'step', slot: 0, op: 2 }, { kind: 'timeout', slot: 1 }]);
    expect(chooser.changePoints).toEqual([
      { step: 2, inOp: 1 },
      { step: 3, inOp: 0 },
    ]);
  });
});

describe('PctSweep', () => {
  it('runs a few orders without change points, then each change point once, the earliest in an operation first', () => {
    const sweep = new PctSweep(3, 1, 2);
    const base1 = sweep.next()!;
    const base2 = sweep.next()!;
    // Main first in every order; the two actors in both orders.
    expect(base1[0]).toBe(3);
    expect(base2[0]).toBe(3);
    expect(new Set([base1[1], base2[1]])).toEqual(new Set([1, 2]));
    sweep.learn(base1, [{ step: 5, inOp: 2 }, { step: 6, inOp: 0 }]);
    sweep.learn(base2, [{ step: 3, inOp: 0 }, { step: 4, inOp: 1 }]);
    // A run with a change point teaches nothing new (its steps after the change are another run's).
    sweep.learn([...base1, 0, 1], [{ step: 1, inOp: 0 }]);
    const next = [sweep.next(), sweep.next(), sweep.next(), sweep.next()];
    const changeAt = (s: number[] | undefined) => (s === undefined ? undefined : s[3] * 10 + s[4] + 1);
    // Position 0 of both orders first (either order), then 1, then 2.
    expect(new Set(next.slice(0, 2).map(changeAt))).toEqual(new Set([6, 3]));
    expect(next.slice(2).map(changeAt)).toEqual([4, 5]);
    expect(next[2]!.slice(0, 3)).toEqual(base2);
    // Nothing left: the sweep runs nothing twice.
    expect(sweep.next()).toBeUndefined();
  });
});

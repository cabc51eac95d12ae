// PCT's chooser: the highest-priority worker runs, and at a change point it drops below
// every other, at any step the schedule names (not only every tenth).
import { describe, expect, it } from 'vitest';
import { PctChooser } from './pct.ts';

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

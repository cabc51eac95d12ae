// PCT's chooser: the highest-priority worker runs, and at a change point — a step named by
// its operation and its place in it — it drops below every other.
import { describe, expect, it } from 'vitest';
import { PctChooser, PctSweep, pctSchedule } from './pct.ts';

/**
 * The slots a chooser runs when both workers always have a step ready and each operation
 * takes `stepsPerOp` steps (worker w's k-th operation has count k in its step events).
 */
function run(choices: number[], steps: number, stepsPerOp = 4, ops = 10): number[] {
  const chooser = new PctChooser(choices, 2, ops);
  const taken = [0, 0];
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const events = [0, 1].map((slot) => ({ kind: 'step', slot, op: Math.floor(taken[slot] / stepsPerOp) + 1 }));
    const slot = events[chooser.choose(events)].slot;
    taken[slot]++;
    out.push(slot);
  }
  return out;
}

describe('PctChooser', () => {
  it('runs the highest-priority worker until a change point, then the other', () => {
    // Priorities 5 and 1: worker 0 first. A change at operation 1 (0 + 1), its step 2 (the third).
    expect(run([5, 1, 0, 2], 6)).toEqual([0, 0, 0, 1, 1, 1]);
  });

  it('can place a change point at every step of an operation, in any operation of the run', () => {
    const firstSwitch = (op: number, inOp: number) => run([5, 1, op, inOp], 40).indexOf(1);
    const reached = new Set<number>();
    for (let op = 0; op < 3; op++) for (let inOp = 0; inOp < 4; inOp++) reached.add(firstSwitch(op, inOp));
    expect([...reached].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // Operations count modulo the scenario's: a change point always lands in the run.
    expect(run([5, 1, 10, 0], 6, 4, 10)).toEqual(run([5, 1, 0, 0], 6, 4, 10));
  });

  it('without change points, one worker runs first; timers only when nothing else is ready', () => {
    expect(run([], 3)).toEqual([0, 0, 0]);
    const chooser = new PctChooser([1, 5], 2, 4);
    expect(chooser.choose([{ kind: 'timeout' }, { kind: 'step', slot: 0 }])).toBe(1);
    expect(chooser.used).toBe(2);
  });

  it('lists the steps where another worker could run next, by operation and place in it', () => {
    const chooser = new PctChooser([], 2, 4);
    // Worker 0 starts its first operation alone, worker 1 arrives; worker 0 then starts its second.
    chooser.choose([{ kind: 'step', slot: 0, op: 1 }]);
    chooser.choose([{ kind: 'step', slot: 0, op: 1 }, { kind: 'step', slot: 1, op: 1 }]);
    chooser.choose([{ kind: 'step', slot: 0, op: 2 }, { kind: 'probe', slot: 1 }]);
    chooser.choose([{ kind: 'step', slot: 0, op: 2 }, { kind: 'timeout', slot: 1 }]);
    expect(chooser.changePoints).toEqual([
      { op: 1, inOp: 1 },
      { op: 2, inOp: 0 },
    ]);
  });
});

describe('pctSchedule', () => {
  it('gives the workers of an order falling priorities, and one change point where named', () => {
    // Worker 1 first, then 0; worker 1 drops below 0 after step 1 of its second operation.
    expect(run(pctSchedule([1, 0], { op: 2, inOp: 1 }), 8, 3)).toEqual([1, 1, 1, 1, 1, 0, 0, 0]);
    expect(run(pctSchedule([0, 1]), 3)).toEqual([0, 0, 0]);
  });
});

describe('PctSweep', () => {
  it('runs a few orders without change points, then each change point once, the earliest in an operation first', () => {
    const sweep = new PctSweep(3, 1, 2);
    // learn() is about the run of the schedule next() gave last.
    const base1 = sweep.next()!;
    sweep.learn([{ op: 1, inOp: 2 }, { op: 2, inOp: 0 }]);
    const base2 = sweep.next()!;
    sweep.learn([{ op: 3, inOp: 0 }, { op: 3, inOp: 1 }]);
    // Main first in every order; the two actors in both orders.
    expect(base1[0]).toBe(3);
    expect(base2[0]).toBe(3);
    expect(new Set([base1[1], base2[1]])).toEqual(new Set([1, 2]));
    const change = (s: number[] | undefined) => (s === undefined ? undefined : `${s[3] + 1}:${s[4]}`);
    const first = sweep.next();
    // A run with a change point teaches nothing (its steps after the change are another run's).
    sweep.learn([{ op: 4, inOp: 0 }]);
    const rest = [sweep.next(), sweep.next(), sweep.next()];
    // Place 0 of both orders first (either order), then 1, then 2.
    expect(new Set([first, rest[0]].map(change))).toEqual(new Set(['2:0', '3:0']));
    expect(rest.slice(1).map(change)).toEqual(['3:1', '1:2']);
    expect(rest[1]!.slice(0, 3)).toEqual(base2);
    // Nothing left: the sweep runs nothing twice.
    expect(sweep.next()).toBeUndefined();
  });

  it('draws distinct orders, main first, when the actors are too many to list every order (16 here)', () => {
    const sweep = new PctSweep(17, 1, 100);
    const orders = Array.from({ length: 100 }, () => {
      const schedule = sweep.next()!;
      sweep.learn([]);
      // Priorities per slot (pctSchedule): main, slot 0, always has the highest.
      expect(Math.max(...schedule)).toBe(schedule[0]);
      return schedule.join();
    });
    expect(new Set(orders).size).toBe(100);
  });
});

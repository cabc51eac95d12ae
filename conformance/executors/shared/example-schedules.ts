// Which schedules an example runs, per executor: the one place that knows each
// executor's way of trying a fixed scenario under many interleavings, so that the
// example runner stays the same for all of them.
import type { Adapter } from '../../adapter/types.ts';
import type { Scenario } from '../../scenario/types.ts';
import { PctSweep } from '../threads/pct.ts';
import type { ThreadsMode } from './execute.ts';
import { DeviationSweep, seededSchedule, type Schedule } from './schedule.ts';
import type { ScenarioRun } from './scenario-run.ts';

/** The schedules of one example, in order; each run's result may shape the later ones. */
export interface ExampleSchedules {
  /** The schedule of the i-th run (i = 0, 1, ...). */
  scheduleFor(i: number): Schedule;
  /** What the run of the schedule last handed out showed. */
  learn(run: ScenarioRun): void;
}

/**
 * `[]` first (the first ready event always), then seeded random schedules — except where
 * a sweep does better: under PCT, depth-one runs (PctSweep, a quarter of the runs for base
 * orders); on the async executor, the schedules one step away from `[]` (DeviationSweep,
 * three runs in four). A sweep that runs out leaves the rest to random schedules.
 */
export function exampleSchedules(adapter: Adapter, mode: ThreadsMode | undefined, scenario: Scenario, seed: number, count: number): ExampleSchedules {
  const random = (i: number): Schedule => (i === 0 ? [] : seededSchedule(seed + i));
  if (mode === 'pct') {
    const sweep = new PctSweep(1 + scenario.actors.length, seed, Math.max(1, Math.floor(count / 4)));
    return { scheduleFor: (i) => sweep.next() ?? random(i), learn: (run) => sweep.learn(run.changePoints ?? []) };
  }
  if (adapter.executor === 'async') {
    const sweep = new DeviationSweep(Math.floor((count * 3) / 4));
    return { scheduleFor: (i) => sweep.next() ?? random(i), learn: (run) => sweep.learn(run.choiceArities ?? []) };
  }
  return { scheduleFor: random, learn: () => {} };
}

// Which schedules an example runs, per executor: the one place that knows each
// executor's way of trying a fixed scenario under many interleavings, so that the
// example runner stays the same for all of them.
import type { Adapter } from '../../adapter/types.ts';
import { operationCount, type Scenario } from '../../scenario/types.ts';
import { PctSweep } from '../threads/pct.ts';
import type { ThreadsMode } from './execute.ts';
import { DeviationSweep, seededSchedule, type Schedule } from './schedule.ts';
import type { ScenarioRun } from './scenario-run.ts';

/** The schedules of one example, in order; each run's result may shape the later ones. */
export interface ExampleSchedules {
  /** How many runs the example makes: the count asked for, or more where a sweep is longer (known once the first run is learned). */
  runs(): number;
  /** The schedule of the i-th run (i = 0, 1, ...). */
  scheduleFor(i: number): Schedule;
  /** What the run of the schedule last handed out showed. */
  learn(run: ScenarioRun): void;
}

/**
 * Async examples run every schedule one step away from `[]`, up to this many schedules in
 * all (`[]` included), even when that is more than the count asked for: async runs cost
 * microseconds, and a bug that needs one precise deviation sits at any step (a
 * notification taken by a wait that began after it needs the 23rd of the 30 of CV-NOTIFY-1's
 * fourth example, as counted in session 9, with ticks and late timers among the events).
 * 128, not 64: CV-TIMEOUT-1's four-party example has 83 on promise-sync (session 10's review).
 */
const MAX_DEVIATIONS = 128;

/**
 * A run costs in proportion to its operations: an example of more than 100 (a flood, hundreds
 * of clones) gets fewer deviations, spread over its steps, so that it costs about what 128
 * runs of a 100-operation example do.
 */
const DEVIATION_OPERATIONS = MAX_DEVIATIONS * 100;

/**
 * `[]` first (the first ready event always), then seeded random schedules — except where
 * a sweep does better: under PCT, depth-one runs (PctSweep, a quarter of the runs for base
 * orders); on the async executor, every schedule one step away from `[]` (DeviationSweep:
 * as many as the example has, up to three in four of the count or MAX_DEVIATIONS — fewer for
 * a long example —, whichever is more), then a quarter of the count of random ones. A sweep that runs out leaves the rest to random schedules.
 */
export function exampleSchedules(adapter: Adapter, mode: ThreadsMode | undefined, scenario: Scenario, seed: number, count: number): ExampleSchedules {
  const random = (i: number): Schedule => (i === 0 ? [] : seededSchedule(seed + i));
  if (mode === 'pct') {
    const sweep = new PctSweep(1 + scenario.actors.length, seed, Math.max(1, Math.floor(count / 4)));
    return { runs: () => count, scheduleFor: (i) => sweep.next() ?? random(i), learn: (run) => sweep.learn(run.changePoints ?? []) };
  }
  if (adapter.executor === 'async') {
    const swept = Math.floor((count * 3) / 4);
    const sweep = new DeviationSweep(Math.max(swept, Math.min(MAX_DEVIATIONS, Math.floor(DEVIATION_OPERATIONS / Math.max(1, operationCount(scenario))))));
    return { runs: () => count + Math.max(0, sweep.size() - swept), scheduleFor: (i) => sweep.next() ?? random(i), learn: (run) => sweep.learn(run.choiceArities ?? [], run.choiceNewest ?? []) };
  }
  return { runs: () => count, scheduleFor: random, learn: () => {} };
}

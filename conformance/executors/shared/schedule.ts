// A schedule is data: a list of choices, each taken modulo the number of events ready
// at that point. When the list runs out, the first ready event is chosen. fast-check
// generates and shrinks the list like any other value, and a replay token carries it,
// so a run is reproduced exactly.
import fc from 'fast-check';

export type Schedule = readonly number[];

/** Reads a schedule one choice at a time. A choice is consumed only where there is a real choice (two or more ready events). */
export class ScheduleCursor {
  private position = 0;

  constructor(private readonly choices: Schedule) {}

  choose(ready: number): number {
    if (ready <= 1) return 0;
    if (this.position >= this.choices.length) return 0;
    return this.choices[this.position++] % ready;
  }

  /** Choices consumed so far: the part of the schedule that mattered. */
  get used(): number {
    return this.position;
  }
}

/** Long enough for the scenarios the generator writes (about two events per operation); shrinks towards [] (always the first ready event). */
export const MAX_SCHEDULE_LENGTH = 96;

export function scheduleArbitrary(maxLength = MAX_SCHEDULE_LENGTH): fc.Arbitrary<Schedule> {
  // 0..59 is evenly divisible by every ready count from 1 to 6, so small choices stay fair.
  return fc.array(fc.nat({ max: 59 }), { maxLength });
}

/** A reproducible pseudo-random number generator (mulberry32): numbers in [0, 1), the same for a seed on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A reproducible pseudo-random schedule, for running an example under many interleavings. */
export function seededSchedule(seed: number, length = MAX_SCHEDULE_LENGTH): Schedule {
  const next = seededRandom(seed);
  return Array.from({ length }, () => Math.floor(next() * 60));
}

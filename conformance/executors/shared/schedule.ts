// A schedule is data: a list of choices, each taken modulo the number of events ready
// at that point. When the list runs out, the first ready event is chosen. fast-check
// generates and shrinks the list like any other value, and a replay token carries it,
// so a run is reproduced exactly.
import fc from 'fast-check';

export type Schedule = readonly number[];

/** Reads a schedule one choice at a time. A choice is consumed only where there is a real choice (two or more ready events). */
export class ScheduleCursor {
  private position = 0;
  private readonly readyCounts: number[] = [];
  private readonly newestCounts: number[] = [];

  constructor(private readonly choices: Schedule) {}

  /** One of `ready` events; the last `newest` of them are of the newest kinds (a sweep tries them last). */
  choose(ready: number, newest = 0): number {
    if (ready <= 1) return 0;
    this.readyCounts.push(ready);
    this.newestCounts.push(newest);
    if (this.position >= this.choices.length) return 0;
    return this.choices[this.position++] % ready;
  }

  /** Choices consumed so far: the part of the schedule that mattered. */
  get used(): number {
    return this.position;
  }

  /** How many events were ready at each real choice of the run (past the schedule's end too): where another schedule could have gone elsewhere. */
  get arities(): readonly number[] {
    return this.readyCounts;
  }

  /** At each real choice, how many of the ready events (the last ones) were of the newest kinds. */
  get newest(): readonly number[] {
    return this.newestCounts;
  }
}

/** Long enough for the scenarios the generator writes (about two events per operation); shrinks towards [] (always the first ready event). */
export const MAX_SCHEDULE_LENGTH = 96;

/**
 * Dense: a random choice at every step. With `sparse` (the async executor, whose runs
 * take a few dozen choices), one schedule in four is sparse instead: the first ready event
 * everywhere but at one to three steps, whose choice is 1..59 (another event, unless the
 * number is a multiple of how many are ready there). A bug that needs one
 * precise interleaving (a notify between a waiter's unlock and its registration) needs one
 * deviation from running each lane as far as it goes, which a dense schedule rarely
 * leaves alone elsewhere. Both shrink towards [].
 */
export function scheduleArbitrary({ maxLength = MAX_SCHEDULE_LENGTH, sparse: withSparse = false }: { maxLength?: number; sparse?: boolean } = {}): fc.Arbitrary<Schedule> {
  // 0..59 is evenly divisible by every ready count from 1 to 6, so small choices stay fair.
  const dense = fc.array(fc.nat({ max: 59 }), { maxLength });
  if (!withSparse) return dense;
  const deviation = fc.record({ at: fc.nat({ max: Math.min(maxLength, 40) - 1 }), choice: fc.integer({ min: 1, max: 59 }) });
  const sparse = fc.array(deviation, { minLength: 1, maxLength: 3 }).map((deviations) => {
    const schedule = new Array<number>(Math.max(...deviations.map((d) => d.at)) + 1).fill(0);
    for (const d of deviations) schedule[d.at] = d.choice;
    return schedule;
  });
  // Cross-shrinking lets a sparse schedule shrink to the dense one's smallest, []: a counterexample keeps no needless deviation.
  return fc.oneof({ withCrossShrink: true }, { arbitrary: dense, weight: 3 }, { arbitrary: sparse, weight: 1 });
}

/**
 * Schedules for an example: the first ready event always, then every schedule that
 * deviates from it at one step (earliest steps first; deviations to an event of the newest
 * kinds after all others, so that adding kinds of events does not push the older ones past
 * the limit), as the run of the first shows them; at most `limit` in all. `next()` is
 * undefined once they are handed out.
 */
export class DeviationSweep {
  private readonly pending: Schedule[] = [[]];
  private handedOut = 0;
  private learned = false;

  constructor(private readonly limit: number) {}

  /** How many schedules the sweep hands out in all, as far as it knows (every deviation once the first run is learned). */
  size(): number {
    return Math.min(this.limit, this.handedOut + this.pending.length);
  }

  next(): Schedule | undefined {
    if (this.handedOut >= this.limit) return undefined;
    const next = this.pending.shift();
    if (next !== undefined) this.handedOut++;
    return next;
  }

  /** The arities (ScheduleCursor.arities, and .newest) of a run; only the first run's, that of `[]`, are learned. */
  learn(arities: readonly number[], newest: readonly number[] = []): void {
    if (this.learned) return;
    this.learned = true;
    const deviation = (at: number, choice: number) => [...new Array<number>(at).fill(0), choice];
    const older = (at: number) => arities[at] - (newest[at] ?? 0);
    const all: [number, number][] = [];
    arities.forEach((_, at) => {
      for (let choice = 1; choice < older(at); choice++) all.push([at, choice]);
    });
    arities.forEach((ready, at) => {
      for (let choice = Math.max(1, older(at)); choice < ready; choice++) all.push([at, choice]);
    });
    // More deviations than the limit leaves room for: half the room for the first ones, where
    // a run sets up its races (a waiter between its unlock and its sleep while another actor
    // starts), and an even sample of the rest, so that a long run is deviated all along.
    const room = Math.max(0, this.limit - this.handedOut - this.pending.length);
    const first = Math.ceil(room / 2);
    const rest = all.slice(first);
    const kept = all.length <= room ? all : [...all.slice(0, first), ...Array.from({ length: room - first }, (_, k) => rest[Math.floor((k * rest.length) / (room - first))])];
    for (const [at, choice] of kept) this.pending.push(deviation(at, choice));
  }
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

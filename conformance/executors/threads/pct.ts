// PCT (Burckhardt, Kothari, Musuvathi, Nagarakatte, "A randomized scheduler with
// probabilistic guarantees of finding bugs", ASPLOS 2010) as a controlled-run strategy:
// each worker has a priority, the highest-priority worker with something to do runs, and
// at a few change points the running worker drops below every other. A bug that needs d
// ordering constraints is found with probability at least 1/(n·k^(d-1)) per run.
//
// The schedule stays data: its first numbers are the workers' priorities, the next pairs
// (up to MAX_CHANGES) the change points, in steps. fast-check shrinks it like any other
// schedule (towards [], which is "worker 0 first"), and a replay token reproduces it.
const MAX_CHANGES = 3;
/**
 * A change point is `unit × STEPS_PER_UNIT + offset + 1` steps in, from two of the
 * schedule's numbers (0..59): every step from 1 to 600 can be one. (With the unit alone, only
 * every tenth step could, and a window between two adjacent steps was out of reach unless it
 * happened to fall on one.)
 */
const STEPS_PER_UNIT = 10;

export interface PctEvent {
  readonly kind: string;
  readonly slot?: number;
}

export class PctChooser {
  private readonly priority: number[];
  private readonly changes: Set<number>;
  private steps = 0;
  private lowest: number;

  constructor(
    private readonly choices: readonly number[],
    private readonly workers: number,
  ) {
    // Distinct priorities: the schedule's number first, the slot breaks ties.
    this.priority = Array.from({ length: workers }, (_, s) => (choices[s] ?? 0) * workers + (workers - 1 - s));
    this.lowest = Math.min(...this.priority);
    this.changes = new Set();
    for (let i = 0; i < MAX_CHANGES; i++) {
      const unit = choices[workers + 2 * i];
      if (unit === undefined) break;
      this.changes.add(unit * STEPS_PER_UNIT + ((choices[workers + 2 * i + 1] ?? 0) % STEPS_PER_UNIT) + 1);
    }
  }

  /** The index of the event to run: a step, or a probe, of the highest-priority worker; timers and moving on only when nothing else is ready. */
  choose(events: readonly PctEvent[]): number {
    let best = 0;
    let bestRank = -Infinity;
    events.forEach((e, i) => {
      const rank = e.slot === undefined || e.kind === 'timeout' ? -Infinity : this.priority[e.slot] * 2 + (e.kind === 'step' ? 1 : 0);
      if (rank > bestRank) {
        best = i;
        bestRank = rank;
      }
    });
    const chosen = events[best];
    if (chosen.kind === 'step' && chosen.slot !== undefined && this.changes.has(++this.steps)) this.priority[chosen.slot] = --this.lowest;
    return best;
  }

  /** How many of the schedule's numbers this strategy reads: all of them matter to a replay. */
  get used(): number {
    return Math.min(this.choices.length, this.workers + 2 * MAX_CHANGES);
  }
}

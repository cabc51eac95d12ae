// PCT (Burckhardt, Kothari, Musuvathi, Nagarakatte, "A randomized scheduler with
// probabilistic guarantees of finding bugs", ASPLOS 2010) as a controlled-run strategy:
// each worker has a priority, the highest-priority worker with something to do runs, and
// at a few change points the running worker drops below every other. A bug that needs d
// ordering constraints is found with probability at least 1/(n·k^(d-1)) per run.
//
// The schedule stays data: its first numbers are the workers' priorities, the next pairs
// (up to MAX_CHANGES) the change points, in steps. fast-check shrinks it like any other
// schedule (towards [], which is "worker 0 first"), and a replay token reproduces it.
import { seededRandom } from '../shared/schedule.ts';

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
  /** On a step: its worker's count of invoked operations (a new count starts an operation). */
  readonly op?: number;
}

/** A step of a run where a change point makes a difference: another worker could run next. */
export interface ChangePoint {
  /** The step (1-based, as change points count). */
  readonly step: number;
  /** Where it falls in its worker's operation: 0 for the operation's first step. */
  readonly inOp: number;
}

export class PctChooser {
  private readonly priority: number[];
  private readonly changes: Set<number>;
  private steps = 0;
  private lowest: number;
  private readonly opOf: (number | undefined)[] = [];
  private readonly inOp: number[] = [];
  private readonly points: ChangePoint[] = [];

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
    if (chosen.kind === 'step' && chosen.slot !== undefined) {
      const slot = chosen.slot;
      this.steps++;
      this.inOp[slot] = chosen.op !== this.opOf[slot] ? 0 : (this.inOp[slot] ?? 0) + 1;
      this.opOf[slot] = chosen.op;
      if (events.some((e) => e.slot !== undefined && e.slot !== slot && e.kind !== 'timeout')) this.points.push({ step: this.steps, inOp: this.inOp[slot] });
      if (this.changes.has(this.steps)) this.priority[slot] = --this.lowest;
    }
    return best;
  }

  /** The steps so far where another worker had a step or a probe ready: a change point anywhere else changes nothing yet. */
  get changePoints(): readonly ChangePoint[] {
    return this.points;
  }

  /** How many of the schedule's numbers this strategy reads: all of them matter to a replay. */
  get used(): number {
    return Math.min(this.choices.length, this.workers + 2 * MAX_CHANGES);
  }
}


/**
 * The schedule of one PCT run: the workers' priorities from `order` (slots, the first runs
 * first) and, if `changeAt` is given, one change point at that step (1-based).
 */
export function pctSchedule(order: readonly number[], changeAt?: number): number[] {
  const choices = new Array<number>(order.length).fill(0);
  order.forEach((slot, rank) => {
    choices[slot] = order.length - rank;
  });
  if (changeAt === undefined) return choices;
  return [...choices, Math.floor((changeAt - 1) / STEPS_PER_UNIT), (changeAt - 1) % STEPS_PER_UNIT];
}

/**
 * PCT runs of depth one for a small fixed scenario, in the order a small budget is best
 * spent on. A random change point almost never lands on the one step a narrow window
 * needs (a receiver preempted between two adjacent loads: one step in 150). So: first a
 * run without change points for a few priority orders (main first, the actors in each
 * order); each tells at which steps a change point makes a difference (another worker
 * could run: PctChooser.changePoints); then one run per such step, the earliest steps of
 * each operation first (a check-then-act window sits in an operation's first few shared
 * accesses), the orders taken in turn. Nothing is run twice.
 */
export class PctSweep {
  private readonly orders: number[][];
  private based = 0;
  private readonly candidates: { order: number; step: number; inOp: number; turn: number; tie: number }[] = [];
  private readonly tried = new Set<string>();
  /** Per order and operation position: candidates so far (orders and operations take turns). */
  private readonly turns = new Map<string, number>();
  private readonly random: () => number;

  /** `workers`: main and the actors. `bases`: how many orders get a run of their own before the change points. */
  constructor(
    workers: number,
    seed: number,
    private readonly bases: number,
  ) {
    this.random = seededRandom(seed);
    const actors = Array.from({ length: workers - 1 }, (_, i) => i + 1);
    // Main first always: it runs alone before and after the actors, so its rank matters least.
    this.orders = permutations(actors.length).map((p) => [0, ...p.map((i) => actors[i])]);
    for (let i = this.orders.length - 1; i > 1; i--) {
      const j = 1 + Math.floor(this.random() * i);
      [this.orders[i], this.orders[j]] = [this.orders[j], this.orders[i]];
    }
  }

  /** The next schedule to run, or undefined when there is nothing left to try. */
  next(): number[] | undefined {
    if (this.based < Math.min(this.bases, this.orders.length) || (this.candidates.length === 0 && this.based < this.orders.length)) {
      return pctSchedule(this.orders[this.based++]);
    }
    this.candidates.sort((a, b) => a.inOp - b.inOp || a.turn - b.turn || a.tie - b.tie);
    const next = this.candidates.shift();
    return next === undefined ? undefined : pctSchedule(this.orders[next.order], next.step);
  }

  /** What a run without change points showed: where a change point would make a difference. */
  learn(schedule: readonly number[], changePoints: readonly ChangePoint[]): void {
    if (schedule.length > this.orders[0].length) return;
    const order = this.orders.findIndex((o) => pctSchedule(o).every((v, i) => v === schedule[i]));
    if (order < 0) return;
    for (const { step, inOp } of changePoints) {
      const key = `${order}:${step}`;
      if (this.tried.has(key)) continue;
      this.tried.add(key);
      const turn = this.turns.get(`${order}:${inOp}`) ?? 0;
      this.turns.set(`${order}:${inOp}`, turn + 1);
      this.candidates.push({ order, step, inOp, turn, tie: this.random() });
    }
  }
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((rest) => Array.from({ length: n }, (_, i) => [...rest.slice(0, i), n - 1, ...rest.slice(i)]));
}

// PCT (Burckhardt, Kothari, Musuvathi, Nagarakatte, "A randomized scheduler with
// probabilistic guarantees of finding bugs", ASPLOS 2010) as a controlled-run strategy:
// each worker has a priority, the highest-priority worker with something to do runs, and
// at a few change points the running worker drops below every other. A bug that needs d
// ordering constraints is found with probability at least 1/(n·k^(d-1)) per run.
//
// The schedule stays data: its first numbers are the workers' priorities, the next pairs
// (up to MAX_CHANGES) the change points. fast-check shrinks it like any other schedule
// (towards [], which is "worker 0 first"), and a replay token reproduces it.
//
// A change point names a step by its place in an operation, not by its number in the run:
// (which operation, counted in the order the operations were invoked; which step of it).
// Its operation then always exists (a step past the end of a short one changes nothing),
// and it falls mostly early in an operation, where a check-then-act window sits (a receiver between two adjacent loads) — a step drawn from
// the whole run's length would mostly fall on the long stretches of one worker alone.
import { seededRandom } from '../shared/schedule.ts';
import type { ChangePoint } from '../shared/scenario-run.ts';

const MAX_CHANGES = 3;
/** A change point's step within its operation is the schedule's number modulo this: 0..19. */
const STEPS_IN_OP = 20;
/** Orders of the actors a sweep draws from: all of them up to 7 actors (7! = 5,040), that many random ones beyond (16! would not fit in memory). */
const MAX_ORDERS = 5_040;

export interface PctEvent {
  readonly kind: string;
  readonly slot?: number;
  /** On a step: its worker's count of invoked operations (a new count starts an operation). */
  readonly op?: number;
}


export class PctChooser {
  private readonly priority: number[];
  /** Change points as `op:inOp`. */
  private readonly changes: Set<string>;
  private lowest: number;
  private invoked = 0;
  /** Per slot, its last step: the worker's own count of operations then (PctEvent.op), and where that step was. */
  private readonly last: ({ readonly count: number | undefined; readonly at: ChangePoint } | undefined)[] = [];
  private readonly points: ChangePoint[] = [];

  /** `ops`: how many operations the scenario has (a change point names one of them). */
  constructor(
    private readonly choices: readonly number[],
    private readonly workers: number,
    ops: number,
  ) {
    // Distinct priorities: the schedule's number first, the slot breaks ties.
    this.priority = Array.from({ length: workers }, (_, s) => (choices[s] ?? 0) * workers + (workers - 1 - s));
    this.lowest = Math.min(...this.priority);
    this.changes = new Set();
    for (let i = 0; i < MAX_CHANGES; i++) {
      const op = choices[workers + 2 * i];
      if (op === undefined) break;
      this.changes.add(`${(op % Math.max(1, ops)) + 1}:${(choices[workers + 2 * i + 1] ?? 0) % STEPS_IN_OP}`);
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
      const last = this.last[slot];
      // A new count: the step starts the worker's next operation, the run's next.
      const point = last !== undefined && last.count === chosen.op ? { op: last.at.op, inOp: last.at.inOp + 1 } : { op: ++this.invoked, inOp: 0 };
      this.last[slot] = { count: chosen.op, at: point };
      if (events.some((e) => e.slot !== undefined && e.slot !== slot && e.kind !== 'timeout')) this.points.push(point);
      if (this.changes.has(`${point.op}:${point.inOp}`)) this.priority[slot] = --this.lowest;
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
 * first) and, if `change` is given, one change point there.
 */
export function pctSchedule(order: readonly number[], change?: ChangePoint): number[] {
  const choices = new Array<number>(order.length).fill(0);
  order.forEach((slot, rank) => {
    choices[slot] = order.length - rank;
  });
  if (change === undefined) return choices;
  return [...choices, change.op - 1, change.inOp];
}

/**
 * PCT runs of depth one for a small fixed scenario, in the order a small budget is best
 * spent on. A random change point almost never lands on the one step a narrow window
 * needs (a receiver preempted between two adjacent loads: in the example measured, 3 of 900 change points: executors/README.md). So: first a
 * run without change points for a few priority orders (main first, the actors in each
 * order); each tells at which steps a change point makes a difference (another worker
 * could run: PctChooser.changePoints); then one run per such step, the earliest steps of
 * each operation first (a check-then-act window sits in an operation's first few shared
 * accesses), the orders taken in turn. Nothing is run twice.
 */
export class PctSweep {
  private readonly orders: number[][];
  private based = 0;
  /** The order of the last schedule handed out, if it had no change point: what its run shows is learned. */
  private learning: number | undefined;
  /** Sorted: earliest place in an operation first, then orders and operations in turn. */
  private readonly candidates: { order: number; point: ChangePoint; turn: number; tie: number }[] = [];
  /** Per order and place in an operation: candidates so far (orders and operations take turns). */
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
    if (factorial(actors.length) <= MAX_ORDERS) {
      this.orders = permutations(actors.length).map((p) => [0, ...p.map((i) => actors[i])]);
      for (let i = this.orders.length - 1; i > 1; i--) {
        const j = 1 + Math.floor(this.random() * i);
        [this.orders[i], this.orders[j]] = [this.orders[j], this.orders[i]];
      }
    } else {
      this.orders = distinctShuffles(actors, MAX_ORDERS, this.random).map((order) => [0, ...order]);
    }
  }

  /** The next schedule to run, or undefined when there is nothing left to try. */
  next(): number[] | undefined {
    this.learning = undefined;
    if (this.based < Math.min(this.bases, this.orders.length) || (this.candidates.length === 0 && this.based < this.orders.length)) {
      this.learning = this.based++;
      return pctSchedule(this.orders[this.learning]);
    }
    const next = this.candidates.shift();
    return next === undefined ? undefined : pctSchedule(this.orders[next.order], next.point);
  }

  /** What the run of the last schedule `next()` gave showed (its PctChooser.changePoints); only a run without change points teaches anything. */
  learn(changePoints: readonly ChangePoint[]): void {
    const order = this.learning;
    this.learning = undefined;
    if (order === undefined) return;
    // Each order runs without change points once, and a run's points are distinct: nothing is queued twice.
    for (const point of changePoints) {
      if (point.inOp >= STEPS_IN_OP) continue;
      const turn = this.turns.get(`${order}:${point.inOp}`) ?? 0;
      this.turns.set(`${order}:${point.inOp}`, turn + 1);
      this.candidates.push({ order, point, turn, tie: this.random() });
    }
    this.candidates.sort((a, b) => a.point.inOp - b.point.inOp || a.turn - b.turn || a.tie - b.tie);
  }
}

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

/** `count` distinct orders of `items`, the identity first, the others drawn at random (Fisher–Yates). */
function distinctShuffles(items: readonly number[], count: number, random: () => number): number[][] {
  const seen = new Set([items.join()]);
  const out = [[...items]];
  while (out.length < count) {
    const order = [...items];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    if (seen.has(order.join())) continue;
    seen.add(order.join());
    out.push(order);
  }
  return out;
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((rest) => Array.from({ length: n }, (_, i) => [...rest.slice(0, i), n - 1, ...rest.slice(i)]));
}

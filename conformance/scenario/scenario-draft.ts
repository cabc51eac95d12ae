// The raw material of a generated scenario: plain numbers and small choices that
// fast-check generates and shrinks. build-scenario.ts turns a draft into a well-formed
// Scenario deterministically, so whatever fast-check shrinks — fewer actors, fewer
// intents, smaller numbers — still builds a valid scenario, and every number shrinks
// towards the simplest choice (index 0: the simplest flavour, the smallest capacity, the
// first operation, no fill).
import fc from 'fast-check';
import type { GenerationPlan } from './generation-plan.ts';
import { valueStyleArbitrary, type ValueStyle } from './scenario-values.ts';

export type RoleWish = 'sender' | 'receiver' | 'both';

/**
 * One step an actor means to take. Which operation it becomes depends on the handles the
 * actor holds at that point: `pick` chooses among the feasible operations (weighted),
 * `which` among the eligible handles, `detail` a duration for recv_timeout.
 */
export interface IntentDraft {
  readonly pick: number;
  readonly which: number;
  readonly detail: number;
}

export interface ActorDraft {
  /** The handles the actor asks for; it gets what is still available (see build-scenario.ts). */
  readonly wants: RoleWish;
  readonly intents: readonly IntentDraft[];
  /** Whether the actor ends by dropping what it still holds, as a Rust thread does when it ends. */
  readonly dropsAtEnd: boolean;
}

export interface ChannelDraft {
  /** Index into the plan's channel shapes (simplest first). */
  readonly shape: number;
  /** Added to the shape's minimum capacity, clamped to its maximum. */
  readonly capacity: number;
  /** Values main sends in a `prefix: fill`, clamped to what the channel accepts without blocking. */
  readonly fill: number;
  /**
   * `prefix: flood`: burst sizes, alternately sends and receives, that main runs through
   * the channel before the fill (build-scenario.ts). Empty otherwise.
   */
  readonly flood: readonly number[];
  /**
   * A long flood (each one flood in LONG_FLOOD_ODDS): `deep`, its first burst sends LONG_FLOOD
   * more values and its second receives as many more; `paced`, its second burst receives
   * PACED_FLOOD more, in send/receive pairs once the buffer is empty; `sawtooth`, SAWTOOTH's
   * rises and falls come before its bursts.
   */
  readonly longFlood: 'none' | 'deep' | 'paced' | 'sawtooth';
  /** How the flood receives: 0 `recv` (or `try_recv`), 1 through one `iter`, 2 through one `try_iter` (where the adapter has them). */
  readonly floodVia: number;
}

export interface ScenarioDraft {
  readonly channels: readonly ChannelDraft[];
  readonly actors: readonly ActorDraft[];
  /** False: the last sender actor gets main's own sender rather than a clone, so the actors alone can disconnect the channel. */
  readonly mainKeepsSenders: boolean;
  /** The same for receivers of mpmc channels. */
  readonly mainKeepsReceivers: boolean;
  /** What the values look like (scenario-values.ts): counting from 1 or 0, of every kind, or each twice. */
  readonly values: ValueStyle;
}

export const MAX_INTENTS = 4;
/**
 * An intent's `pick` is a position in [0, PICK_RANGE) scaled onto the weights of the
 * operations feasible at that point, so a smaller pick is never a later operation:
 * shrinking moves monotonically towards the first feasible one.
 */
export const PICK_RANGE = 840;
/** An unbounded channel is filled with at most this many values. */
export const UNBOUNDED_FILL = 3;
/**
 * `prefix: flood`: at most this many bursts (sends, receives, sends, ...) of at most
 * FLOOD_BURST each, so a few hundred values may pass through a channel before the actors
 * start: past the block, chunk and growth sizes of common queue implementations.
 */
export const FLOOD_BURSTS = 4;
export const FLOOD_BURST = 160;
/**
 * One flood in LONG_FLOOD_ODDS is long: its first burst sends LONG_FLOOD more values and
 * its second receives as many more, so an unbounded channel holds more than 8,192 at once
 * (past 2,048, the block of Node's own FixedQueue, and 4,096 and 8,192, where a queue's
 * chunks, a ring's growth, a sequence number or a fixed capacity may stop: red team 16's
 * sequence numbers wrapping at 4,096 passed 2,100) and a bounded one wraps its ring
 * thousands of times. Rare, because a long run costs a second; not longer, because the
 * cost of a run grows with it (the model's buffer is a persistent list, so not much: 8,400
 * made the channel chapter 6 % slower than 4,200).
 */
export const LONG_FLOOD = 8400;
/**
 * A paced long flood passes PACED_FLOOD values one at a time, the buffer emptied by every
 * receive: counters that restart, renumber or compact every 2^k receives (1,024, 2,048)
 * only when the channel is empty at that moment meet that moment here.
 */
export const PACED_FLOOD = 2100;
/**
 * A sawtooth flood, for each size 2^k (k = 2..8): 2^k + 1 sends, past the power of two; two
 * receives; 2^k send/receive pairs, once round the storage; then receives down to one value.
 * A ring that grows, or shrinks, while its values wrap around its end, at any size up to 256,
 * meets that moment here (red team 18's ring that shrank without unwrapping).
 */
export const SAWTOOTH: readonly number[] = [2, 3, 4, 5, 6, 7, 8].map((k) => 2 ** k);
const LONG_FLOOD_ODDS = 24;

export function scenarioDraftArbitrary(plan: GenerationPlan): fc.Arbitrary<ScenarioDraft> {
  const capacitySpan = Math.max(0, ...plan.channels.map((s) => (s.capacity ? s.capacity.max - s.capacity.min : 0)));
  const fillMax = Math.max(UNBOUNDED_FILL, ...plan.channels.map((s) => s.capacity?.max ?? 0));
  const channel: fc.Arbitrary<ChannelDraft> = fc.record({
    shape: fc.nat({ max: plan.channels.length - 1 }),
    capacity: fc.nat({ max: capacitySpan }),
    fill: plan.prefix === 'fill' || plan.prefix === 'flood' ? fc.nat({ max: fillMax }) : fc.constant(0),
    flood: plan.prefix === 'flood' ? fc.array(fc.nat({ max: FLOOD_BURST }), { maxLength: FLOOD_BURSTS }) : fc.constant([]),
    // The last two of the odds, so that shrinking (towards 0) leaves the long flood; noBias, or fast-check would favour the bound (it did: 4 % of drafts with odds of 1 in 32).
    longFlood:
      plan.prefix === 'flood'
        ? fc.noBias(fc.nat({ max: LONG_FLOOD_ODDS - 1 })).map((n) => (n === LONG_FLOOD_ODDS - 1 ? 'deep' : n === LONG_FLOOD_ODDS - 2 ? 'paced' : n === LONG_FLOOD_ODDS - 3 ? 'sawtooth' : 'none'))
        : fc.constant('none' as const),
    floodVia: plan.prefix === 'flood' ? fc.nat({ max: 2 }) : fc.constant(0),
  });
  const intent: fc.Arbitrary<IntentDraft> = fc.record({
    pick: fc.nat({ max: PICK_RANGE - 1 }),
    which: fc.nat({ max: 5 }),
    detail: fc.nat({ max: 2 }),
  });
  const actor: fc.Arbitrary<ActorDraft> = fc.record({
    wants: fc.constantFrom<RoleWish>('sender', 'receiver', 'both'),
    intents: fc.array(intent, { minLength: 1, maxLength: MAX_INTENTS }),
    // Three in four actors drop their handles at the end; shrinking prefers keeping them (fewer operations).
    dropsAtEnd: fc.nat({ max: 3 }).map((n) => n !== 0),
  });
  return fc.record({
    channels: fc.array(channel, { minLength: plan.count, maxLength: plan.count }),
    actors: fc.array(actor, { minLength: plan.actors.min, maxLength: plan.actors.max }),
    mainKeepsSenders: fc.boolean(),
    mainKeepsReceivers: fc.boolean(),
    values: valueStyleArbitrary(),
  });
}

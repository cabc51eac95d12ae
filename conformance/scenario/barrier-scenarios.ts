// Scenarios for the barrier chapter's properties (spec/barrier.md): every actor waits on
// the one barrier `b` a few times (with `count: n`, on one of the barriers `b1`..`bn`, each
// of its own size); `suffix: wait` adds one wait by main on each barrier once the actors
// are done or blocked. The keys are documented in README.md beside this file.
import fc from 'fast-check';
import { parseChoice, parseInteger, parseRange, PropertyConfigError, splitList, type IntRange } from './property-config.ts';
import type { ScenarioGenerator } from './scenario-generator.ts';
import { actorName, type Scenario, type ScenarioOp } from './types.ts';

export interface BarrierConfig {
  /** The party counts the constructors allow, smallest first. */
  readonly sizes: readonly number[];
  /** `parties`: as many actors as the barrier has parties, each making the same number of waits (every generation fills: nobody is left waiting). */
  readonly actors: IntRange | 'parties';
  readonly waits: IntRange;
  /** How many barriers the scenario declares (`count:`, 1..3): each actor waits on one of them. */
  readonly count: number;
  readonly suffix: 'none' | 'wait';
}

const KEYS = ['barriers', 'count', 'actors', 'waits', 'suffix'];
/**
 * Barriers of up to 17 parties, met by up to 17 actors: a party count kept in 4 bits, or
 * waiters in a fixed table of 8 or 16, fails only there (red team 14's 16-party barrier).
 * The checker takes such histories in its stride (the model picks the leader as parties
 * return); the cost is the threads (a worker per actor).
 */
const MAX_PARTIES = 17;
const MAX_ACTORS = 17;

export function parseBarrierConfig(raw: Readonly<Record<string, string>>): BarrierConfig {
  for (const key of Object.keys(raw)) {
    if (key === 'title' || key === 'rule') continue;
    if (!KEYS.includes(key)) throw new PropertyConfigError(key, `is not a barrier generator key (known: ${KEYS.join(', ')})`);
  }
  if (raw.barriers === undefined) throw new PropertyConfigError('barriers', 'is required, e.g. `barriers: Barrier::new(2..4)`');
  const sizes = new Set<number>();
  for (const item of splitList(raw.barriers)) {
    const match = /^Barrier::new\((.*)\)$/.exec(item);
    if (!match) throw new PropertyConfigError('barriers', `cannot read \`${item}\`: expected Barrier::new(n) or Barrier::new(a..b)`);
    const range = parseRange('barriers', match[1]);
    if (range.min < 0 || range.max > MAX_PARTIES) throw new PropertyConfigError('barriers', `\`${item}\`: n lies within 0..${MAX_PARTIES}`);
    for (let n = range.min; n <= range.max; n++) sizes.add(n);
  }
  const actors = raw.actors === undefined ? { min: 2, max: 3 } : raw.actors === 'n' ? 'parties' : parseRange('actors', raw.actors);
  if (actors !== 'parties' && (actors.min < 1 || actors.max > MAX_ACTORS)) throw new PropertyConfigError('actors', `must lie within 1..${MAX_ACTORS}, or be n, got ${raw.actors}`);
  const waits = raw.waits === undefined ? { min: 1, max: 2 } : parseRange('waits', raw.waits);
  if (waits.min < 1 || waits.max > 17) throw new PropertyConfigError('waits', `must lie within 1..17, got ${raw.waits}`);
  const count = raw.count === undefined ? 1 : parseInteger('count', raw.count);
  if (count < 1 || count > 3) throw new PropertyConfigError('count', `must lie within 1..3, got ${raw.count}`);
  if (actors === 'parties' && count > 1) throw new PropertyConfigError('actors', 'n (one actor per party) needs a single barrier, without `count:`');
  return { sizes: [...sizes].sort((a, b) => a - b), actors, waits, count, suffix: parseChoice('suffix', raw.suffix, ['none', 'wait'] as const) };
}

export function barrierScenarios(raw: Readonly<Record<string, string>>, capabilities: readonly string[]): ScenarioGenerator {
  const config = parseBarrierConfig(raw);
  if (!capabilities.includes('barrier')) return { ok: false, reason: 'the adapter lacks barrier' };
  const sizes = config.sizes.filter((n) => n > 0 || capabilities.includes('barrier_zero'));
  if (sizes.length === 0) return { ok: false, reason: 'the property only uses Barrier::new(0), and the adapter lacks barrier_zero' };
  const parties = config.actors === 'parties';
  // With `actors: n` only the first actor's count of waits is drawn: the rest follow from n.
  const actors = parties ? { min: 1, max: 1 } : config.actors;
  const draft = fc.record({
    // Shrinks towards the smallest barrier.
    size: fc.nat({ max: sizes.length - 1 }),
    waits: fc.array(fc.integer({ min: config.waits.min, max: config.waits.max }), { minLength: actors.min, maxLength: actors.max }),
    // With several barriers (`count`): the other barriers' sizes, and the barrier each actor waits on.
    more: fc.array(fc.nat({ max: sizes.length - 1 }), { minLength: config.count - 1, maxLength: config.count - 1 }),
    on: fc.array(fc.nat({ max: config.count - 1 }), { minLength: actors.max, maxLength: actors.max }),
  });
  return {
    ok: true,
    scenarios: draft.map(({ size, waits, more, on }): Scenario => {
      const handles = Array.from({ length: config.count }, (_, i) => (config.count > 1 ? `b${i + 1}` : 'b'));
      const wait = (target: string): ScenarioOp => ({ name: 'wait', target, args: [] });
      // `actors: n`: one actor per party (at least one), each making the drawn count of waits, on the one barrier.
      const counts = parties ? Array.from({ length: Math.max(1, sizes[size]) }, () => waits[0]) : waits;
      return {
        model: 'barrier',
        objects: handles.map((handle, i) => ({ kind: 'barrier', name: `b${i}`, params: { n: sizes[[size, ...more][i]] }, handles: { [handle]: 'barrier' } })),
        prefix: [],
        actors: counts.map((k, i) => ({ name: actorName(i), ops: Array.from({ length: k }, () => wait(parties ? handles[0] : handles[on[i]])) })),
        suffix: config.suffix === 'wait' ? handles.map(wait) : [],
      };
    }),
  };
}

// Scenarios for the barrier chapter's properties (spec/barrier.md): every actor waits on
// the one barrier `b` a few times; `suffix: wait` adds one wait by main once the actors
// are done or blocked. The keys are documented in README.md beside this file.
import fc from 'fast-check';
import { parseChoice, parseRange, PropertyConfigError, splitList, type IntRange } from './property-config.ts';
import type { ScenarioGenerator } from './scenario-generator.ts';
import type { Scenario, ScenarioOp } from './types.ts';

export interface BarrierConfig {
  /** The party counts the constructors allow, smallest first. */
  readonly sizes: readonly number[];
  readonly actors: IntRange;
  readonly waits: IntRange;
  readonly suffix: 'none' | 'wait';
}

const KEYS = ['barriers', 'actors', 'waits', 'suffix'];

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
    if (range.min < 0 || range.max > 6) throw new PropertyConfigError('barriers', `\`${item}\`: n lies within 0..6`);
    for (let n = range.min; n <= range.max; n++) sizes.add(n);
  }
  const actors = raw.actors === undefined ? { min: 2, max: 3 } : parseRange('actors', raw.actors);
  if (actors.min < 1 || actors.max > 4) throw new PropertyConfigError('actors', `must lie within 1..4, got ${raw.actors}`);
  const waits = raw.waits === undefined ? { min: 1, max: 2 } : parseRange('waits', raw.waits);
  if (waits.min < 1 || waits.max > 17) throw new PropertyConfigError('waits', `must lie within 1..17, got ${raw.waits}`);
  return { sizes: [...sizes].sort((a, b) => a - b), actors, waits, suffix: parseChoice('suffix', raw.suffix, ['none', 'wait'] as const) };
}

export function barrierScenarios(raw: Readonly<Record<string, string>>, capabilities: readonly string[]): ScenarioGenerator {
  const config = parseBarrierConfig(raw);
  if (!capabilities.includes('barrier')) return { ok: false, reason: 'the adapter lacks barrier' };
  const sizes = config.sizes.filter((n) => n > 0 || capabilities.includes('barrier_zero'));
  if (sizes.length === 0) return { ok: false, reason: 'the property only uses Barrier::new(0), and the adapter lacks barrier_zero' };
  const draft = fc.record({
    // Shrinks towards the smallest barrier.
    size: fc.nat({ max: sizes.length - 1 }),
    waits: fc.array(fc.integer({ min: config.waits.min, max: config.waits.max }), { minLength: config.actors.min, maxLength: config.actors.max }),
  });
  return {
    ok: true,
    scenarios: draft.map(({ size, waits }): Scenario => {
      const wait = (): ScenarioOp => ({ name: 'wait', target: 'b', args: [] });
      return {
        model: 'barrier',
        objects: [{ kind: 'barrier', name: 'b0', params: { n: sizes[size] }, handles: { b: 'barrier' } }],
        prefix: [],
        actors: waits.map((k, i) => ({ name: 'ABCD'[i], ops: Array.from({ length: k }, wait) })),
        suffix: config.suffix === 'wait' ? [wait()] : [],
      };
    }),
  };
}

// Scenarios for the properties of the once chapter (spec/once.md): one Once, OnceLock or
// LazyLock, actors that each make a few calls on it, an optional first initialization
// by main (`prefix`) and a final read (`suffix`). Every initializer and `set` gets a value
// no other operation uses, so which one ran is visible. The keys are documented in
// README.md beside this file.
import fc from 'fast-check';
import type { Value } from '../../spec/model/types.ts';
import { parseChoice, parseInteger, parseRange, PropertyConfigError, splitList, type IntRange } from './property-config.ts';
import type { ScenarioGenerator } from './scenario-generator.ts';
import { actorName, type ObjectDecl, type Scenario, type ScenarioOp } from './types.ts';
import { DISTINCT_STYLES, ValueSequence, valueStyleArbitrary } from './scenario-values.ts';

type Kind = 'once' | 'oncelock' | 'lazylock';

/** Each object's operations, in the order shrinking moves towards, with the capabilities each needs. */
const OPS: { readonly [k in Kind]: readonly (readonly [string, readonly string[]])[] } = {
  once: [
    ['call_once', ['once']],
    ['is_completed', ['once']],
    ['call_once_force', ['once_force']],
    ['call_once_panic', ['once', 'once_poison']],
    ['call_once_force_panic', ['once_force', 'once_poison']],
    ['wait', ['once_wait']],
    ['wait_force', ['once_wait']],
    ['call_once_hang', ['once']],
    ['call_once_force_hang', ['once_force']],
  ],
  oncelock: [
    ['get_or_init', ['oncelock']],
    ['get', ['oncelock']],
    ['set', ['oncelock']],
    ['get_or_init_panic', ['oncelock', 'oncelock_panic']],
    ['wait', ['oncelock_wait']],
    ['take', ['oncelock_take']],
    ['get_or_init_hang', ['oncelock']],
  ],
  lazylock: [
    ['force', ['lazylock']],
    ['get', ['lazylock_get']],
  ],
};

/** The capabilities an operation on a `kind` object needs (`take` on a OnceLock: oncelock, oncelock_take). */
export function onceCapabilitiesOf(kind: string, op: string): readonly string[] {
  return OPS[kind as Kind]?.find(([name]) => name === op)?.[1] ?? [];
}

interface CellShape {
  readonly kind: Kind;
  /** LazyLock: what its init closure does. */
  readonly params: ObjectDecl['params'];
  readonly text: string;
}

export interface OnceConfig {
  readonly cells: readonly CellShape[];
  /** How many cells of the drawn kind the scenario declares (`count:`, 1..3); each operation targets one of them. */
  readonly count: number;
  readonly actors: IntRange;
  readonly ops: readonly string[];
  readonly prefix: 'none' | 'init' | 'poison';
  readonly suffix: 'none' | 'read' | 'take';
}

const KEYS = ['cells', 'count', 'actors', 'ops', 'prefix', 'suffix'];

function parseCell(item: string): CellShape {
  if (item === 'Once::new()') return { kind: 'once', params: {}, text: item };
  if (item === 'OnceLock::new()') return { kind: 'oncelock', params: {}, text: item };
  if (item === 'LazyLock::new_panic()') return { kind: 'lazylock', params: { init: 'panic' }, text: item };
  if (item === 'LazyLock::new_hang()') return { kind: 'lazylock', params: { init: 'hang' }, text: item };
  const lazy = /^LazyLock::new\((.+)\)$/.exec(item);
  if (lazy) {
    try {
      return { kind: 'lazylock', params: { init: 'value', value: JSON.parse(lazy[1]) as Value }, text: item };
    } catch {
      throw new PropertyConfigError('cells', `\`${item}\`: ${lazy[1]} is not a JSON value`);
    }
  }
  throw new PropertyConfigError('cells', `cannot read \`${item}\`: expected Once::new(), OnceLock::new(), LazyLock::new(v), LazyLock::new_panic() or LazyLock::new_hang()`);
}

export function parseOnceConfig(raw: Readonly<Record<string, string>>): OnceConfig {
  for (const key of Object.keys(raw)) {
    if (key === 'title' || key === 'rule') continue;
    if (!KEYS.includes(key)) throw new PropertyConfigError(key, `is not a once generator key (known: ${KEYS.join(', ')})`);
  }
  if (raw.cells === undefined) throw new PropertyConfigError('cells', 'is required, e.g. `cells: OnceLock::new()`');
  if (raw.ops === undefined) throw new PropertyConfigError('ops', 'is required, e.g. `ops: get_or_init, get`');
  const cells = splitList(raw.cells).map(parseCell);
  const known = new Set(Object.values(OPS).flatMap((list) => list.map(([op]) => op)));
  const ops = splitList(raw.ops);
  for (const op of ops) if (!known.has(op)) throw new PropertyConfigError('ops', `unknown operation \`${op}\` (known: ${[...known].join(', ')})`);
  for (const cell of cells) {
    if (!ops.some((op) => OPS[cell.kind].some(([name]) => name === op))) throw new PropertyConfigError('ops', `lists no operation of ${cell.text}`);
  }
  const actors = raw.actors === undefined ? { min: 2, max: 3 } : parseRange('actors', raw.actors);
  if (actors.min < 1 || actors.max > 17) throw new PropertyConfigError('actors', `must lie within 1..17, got ${raw.actors}`);
  const suffix = parseChoice('suffix', raw.suffix, ['none', 'read', 'take'] as const);
  // OnceLock::take needs &mut self: nothing else may be using the cell. Only main's suffix takes, and only
  // when no actor can still be inside the cell when it runs (the suffix runs once actors finish or wait).
  if (ops.includes('take')) throw new PropertyConfigError('ops', 'cannot list `take`: it needs &mut self, so no actor may call it while others use the cell (use `suffix: take`)');
  const lingering = ops.filter((op) => op === 'wait' || op.endsWith('_hang'));
  if (suffix === 'take' && lingering.length > 0) throw new PropertyConfigError('suffix', `\`take\` would run while an actor may still be inside the cell (${lingering.join(', ')} can leave it waiting)`);
  const count = raw.count === undefined ? 1 : parseInteger('count', raw.count);
  if (count < 1 || count > 3) throw new PropertyConfigError('count', `must lie within 1..3, got ${raw.count}`);
  return {
    cells,
    count,
    actors,
    ops,
    prefix: parseChoice('prefix', raw.prefix, ['none', 'init', 'poison'] as const),
    suffix,
  };
}

const PICK_RANGE = 840;

export function onceScenarios(raw: Readonly<Record<string, string>>, capabilities: readonly string[]): ScenarioGenerator {
  const config = parseOnceConfig(raw);
  const has = (caps: readonly string[]) => caps.every((c) => capabilities.includes(c));
  const usable = config.cells
    .map((cell) => ({ cell, ops: OPS[cell.kind].filter(([op, caps]) => config.ops.includes(op) && has(caps)).map(([op]) => op) }))
    .filter(({ cell, ops }) => ops.length > 0 && has([cell.kind]) && (cell.params.init !== 'panic' || capabilities.includes('lazylock_poison')));
  if (usable.length === 0) return { ok: false, reason: `the adapter lacks what ${config.cells.map((c) => c.text).join(', ')} with ${config.ops.join(', ')} need` };
  const draft = fc.record({
    cell: fc.nat({ max: usable.length - 1 }),
    // With several cells a pick also names the cell (pick / PICK_RANGE), shrinking towards the first.
    actors: fc.array(fc.array(fc.nat({ max: PICK_RANGE * config.count - 1 }), { minLength: 1, maxLength: 3 }), { minLength: config.actors.min, maxLength: config.actors.max }),
    valueStyle: valueStyleArbitrary(DISTINCT_STYLES),
  });
  return {
    ok: true,
    scenarios: draft.map(({ cell: index, actors, valueStyle }): Scenario => {
      const { cell, ops } = usable[index];
      const values = new ValueSequence(valueStyle);
      const base = cell.kind === 'once' ? 'o' : cell.kind === 'oncelock' ? 'cell' : 'lazy';
      // Several cells of one kind (`count`): state one of them keeps in common with another (a static table, a shared parking lot) shows.
      const handles = Array.from({ length: config.count }, (_, i) => (config.count > 1 ? `${base}${i + 1}` : base));
      const call = (name: string, handle: string): ScenarioOp => ({ name, target: handle, args: name === 'get_or_init' || name === 'set' ? [values.take()] : [] });
      const prefix: ScenarioOp[] = [];
      for (const handle of handles) {
        if (config.prefix === 'init') prefix.push(call(cell.kind === 'once' ? 'call_once' : cell.kind === 'oncelock' ? 'set' : 'force', handle));
        if (config.prefix === 'poison') {
          if (cell.kind === 'once' && has(['once_poison'])) prefix.push(call('call_once_panic', handle));
          if (cell.kind === 'oncelock' && has(['oncelock_panic'])) prefix.push(call('get_or_init_panic', handle));
          if (cell.kind === 'lazylock' && cell.params.init === 'panic') prefix.push(call('force', handle));
        }
      }
      const actorOps = actors.map((picks, i) => ({
        name: actorName(i),
        ops: picks.map((pick) => call(ops[Math.floor(((pick % PICK_RANGE) * ops.length) / PICK_RANGE)], handles[Math.floor(pick / PICK_RANGE)])),
      }));
      const suffix: ScenarioOp[] = [];
      for (const handle of handles) {
        if (config.suffix === 'read') {
          if (cell.kind === 'once') suffix.push(call('is_completed', handle));
          if (cell.kind === 'oncelock') suffix.push(call('get', handle));
          if (cell.kind === 'lazylock' && has(['lazylock_get'])) suffix.push(call('get', handle));
        }
        // OnceLock::take needs &mut self: main's, once the actors are done (parseOnceConfig refuses operations that could leave one waiting).
        if (config.suffix === 'take' && cell.kind === 'oncelock' && has(['oncelock_take'])) suffix.push(call('take', handle), call('get', handle), call('set', handle), call('take', handle));
      }
      const objects = handles.map((handle, i) => ({ kind: cell.kind, name: `o${i}`, params: cell.params, handles: { [handle]: cell.kind } }));
      return { model: 'once', objects, prefix, actors: actorOps, suffix };
    }),
  };
}

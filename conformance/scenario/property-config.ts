// The `key: value` lines of a ```property block, read into a typed configuration for
// the channel scenario generator. The keys are documented in README.md beside this
// file; the toolchain hands us the raw strings (`Property.config`).

export type Profile = 'mpsc' | 'mpmc';
export type Flavor = 'unbounded' | 'bounded' | 'rendezvous';

/** An inclusive range of integers: `2..4` is 2, 3 or 4. */
export interface IntRange {
  readonly min: number;
  readonly max: number;
}

/**
 * One kind of channel the generator may declare. `capacity` is the range of buffer
 * sizes for a bounded channel (always ≥ 1); a rendezvous channel has capacity 0 and an
 * unbounded one none. `sync_channel(0..2)` becomes two shapes: rendezvous and bounded 1..2.
 */
export interface ChannelShape {
  readonly profile: Profile;
  readonly flavor: Flavor;
  readonly capacity?: IntRange;
}

/**
 * The operations a property may ask for, in the order shrinking moves towards: plain
 * transfers and drops first, operations that create handles (and so add operations) last.
 */
export const OPERATIONS = ['send', 'recv', 'drop', 'try_send', 'try_recv', 'recv_timeout', 'select', 'clone', 'try_iter', 'iter'] as const;
export type Operation = (typeof OPERATIONS)[number];

export interface PropertyConfig {
  readonly channels: readonly ChannelShape[];
  /** How many channels each scenario declares (`count: 2` for select). */
  readonly count: number;
  readonly actors: IntRange;
  readonly ops: readonly Operation[];
  /**
   * `fill`: main sends some values before the actors start. `flood`: main first moves
   * many values through each buffered channel (bursts of sends, receiving the oldest
   * whenever a bounded buffer is full, and bursts of receives), so the actors meet a
   * channel that has wrapped around and grown, then fills it as `fill` does.
   */
  readonly prefix: 'none' | 'fill' | 'flood';
  /** `drain`: main drops its senders and receives until disconnection; `drop`: main drops every handle. */
  readonly suffix: 'none' | 'drain' | 'drop';
}

export class PropertyConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`property \`${key}:\` ${message}`);
    this.name = 'PropertyConfigError';
  }
}

const KEYS = ['channels', 'count', 'actors', 'ops', 'prefix', 'suffix'] as const;
const DEFAULT_ACTORS: IntRange = { min: 2, max: 3 };
/** More actors than this make histories the checker cannot afford, and say nothing more. */
const MAX_ACTORS = 4;
const MAX_COUNT = 3;

/**
 * Reads a property block's configuration (every key but `title` and `rule`).
 * Throws a PropertyConfigError naming the key on anything malformed or unknown.
 */
export function parsePropertyConfig(raw: Readonly<Record<string, string>>): PropertyConfig {
  for (const key of Object.keys(raw)) {
    if (key === 'title' || key === 'rule') continue;
    if (!(KEYS as readonly string[]).includes(key)) throw new PropertyConfigError(key, `is not a generator key (known: ${KEYS.join(', ')})`);
  }
  if (raw.channels === undefined) throw new PropertyConfigError('channels', 'is required, e.g. `channels: channel(), sync_channel(1..3)`');
  if (raw.ops === undefined) throw new PropertyConfigError('ops', 'is required, e.g. `ops: send, recv, drop`');
  const actors = raw.actors === undefined ? DEFAULT_ACTORS : parseRange('actors', raw.actors);
  if (actors.min < 1 || actors.max > MAX_ACTORS) throw new PropertyConfigError('actors', `must lie within 1..${MAX_ACTORS}, got ${raw.actors}`);
  const count = raw.count === undefined ? 1 : parseInteger('count', raw.count);
  if (count < 1 || count > MAX_COUNT) throw new PropertyConfigError('count', `must lie within 1..${MAX_COUNT}, got ${raw.count}`);
  return {
    channels: parseChannels(raw.channels),
    count,
    actors,
    ops: parseOps(raw.ops),
    prefix: parseChoice('prefix', raw.prefix, ['none', 'fill', 'flood'] as const),
    suffix: parseChoice('suffix', raw.suffix, ['none', 'drain', 'drop'] as const),
  };
}

const CHANNEL_CALL = /^(mpmc::)?(channel|sync_channel)\(\s*([^)]*?)\s*\)$/;

function parseChannels(text: string): ChannelShape[] {
  const shapes: ChannelShape[] = [];
  for (const item of splitList(text)) {
    const match = CHANNEL_CALL.exec(item);
    if (!match) throw new PropertyConfigError('channels', `cannot read \`${item}\`: expected channel(), sync_channel(n), sync_channel(a..b) or their mpmc:: forms`);
    const profile: Profile = match[1] === undefined ? 'mpsc' : 'mpmc';
    const [, , ctor, args] = match;
    if (ctor === 'channel') {
      if (args !== '') throw new PropertyConfigError('channels', `\`${item}\`: channel() takes no argument`);
      shapes.push({ profile, flavor: 'unbounded' });
      continue;
    }
    const range = parseRange('channels', args);
    if (range.min < 0) throw new PropertyConfigError('channels', `\`${item}\`: a capacity is ≥ 0`);
    if (range.min === 0) shapes.push({ profile, flavor: 'rendezvous' });
    if (range.max >= 1) shapes.push({ profile, flavor: 'bounded', capacity: { min: Math.max(1, range.min), max: range.max } });
  }
  if (shapes.length === 0) throw new PropertyConfigError('channels', 'lists no channel');
  return shapes;
}

function parseOps(text: string): Operation[] {
  const ops: Operation[] = [];
  for (const item of splitList(text)) {
    if (!(OPERATIONS as readonly string[]).includes(item)) throw new PropertyConfigError('ops', `unknown operation \`${item}\` (known: ${OPERATIONS.join(', ')})`);
    if (!ops.includes(item as Operation)) ops.push(item as Operation);
  }
  if (ops.length === 0) throw new PropertyConfigError('ops', 'lists no operation');
  return ops;
}

export function parseChoice<T extends string>(key: string, text: string | undefined, choices: readonly T[]): T {
  if (text === undefined) return choices[0];
  const value = text.trim();
  if (!(choices as readonly string[]).includes(value)) throw new PropertyConfigError(key, `must be one of ${choices.join(', ')}, got \`${value}\``);
  return value as T;
}

/** `3` or `1..3` (inclusive). */
export function parseRange(key: string, text: string): IntRange {
  const parts = text.split('..').map((p) => p.trim());
  if (parts.length === 1) {
    const n = parseInteger(key, parts[0]);
    return { min: n, max: n };
  }
  if (parts.length !== 2) throw new PropertyConfigError(key, `cannot read the range \`${text}\`: expected n or a..b`);
  const min = parseInteger(key, parts[0]);
  const max = parseInteger(key, parts[1]);
  if (min > max) throw new PropertyConfigError(key, `the range \`${text}\` is empty`);
  return { min, max };
}

export function parseInteger(key: string, text: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new PropertyConfigError(key, `\`${text}\` is not an integer`);
  return Number(text.trim());
}

export function splitList(text: string): string[] {
  // Commas inside parentheses never occur in these lists, so a plain split is enough.
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

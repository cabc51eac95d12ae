// Scenarios for the properties of the lock chapters (spec/mutex.md, spec/rwlock.md,
// spec/condvar.md): a property block's configuration and an adapter's capabilities in,
// a fast-check arbitrary of well-formed Scenarios out. The keys are documented in
// README.md beside this file.
//
// Each actor is a sequence of critical sections — a locking operation, some reads,
// writes, condvar waits and notifications under the guard, then `drop` or `panic` —
// with the lock's own operations (`is_poisoned`, `clear_poison`, `get_mut`) and
// notifications between them. An actor holds at most one guard at a time, so the only
// deadlocks are those the spec allows (a guard kept at the end, a wait nobody notifies).
// What fast-check generates and shrinks is a draft of small numbers; the builder turns
// every draft into a valid scenario, deterministically.
import fc from 'fast-check';
import { holds } from '../../spec/generated/condvar.model.ts';
import type { Value } from '../../spec/model/types.ts';
import { parseChoice, parseInteger, parseRange, PropertyConfigError, splitList, type IntRange } from './property-config.ts';
import { actorName, type Actor, type ObjectDecl, type Scenario, type ScenarioOp } from './types.ts';
import type { ScenarioGenerator } from './scenario-generator.ts';
import { CHANGING_STYLES, NUMERIC_STYLES, ValueSequence, valueStyleArbitrary, type ValueStyle } from './scenario-values.ts';

export type LockFamily = 'mutex' | 'rwlock' | 'condvar';

/** Every operation a lock property may list, in the order shrinking moves towards. */
export const LOCK_OPERATIONS = [
  'lock', 'read', 'write', 'get', 'set', 'drop', 'notify_one', 'notify_all', 'wait_while', 'wait',
  'try_lock', 'try_read', 'try_write', 'is_poisoned', 'panic', 'clear_poison', 'wait_timeout', 'wait_timeout_while', 'get_mut', 'into_inner',
] as const;
export type LockOperation = (typeof LOCK_OPERATIONS)[number];

const FAMILY_OPS: { readonly [f in LockFamily]: readonly LockOperation[] } = {
  mutex: ['lock', 'try_lock', 'get', 'set', 'drop', 'panic', 'is_poisoned', 'clear_poison', 'get_mut', 'into_inner'],
  rwlock: ['read', 'write', 'try_read', 'try_write', 'get', 'set', 'drop', 'panic', 'is_poisoned', 'clear_poison', 'get_mut', 'into_inner'],
  condvar: ['lock', 'try_lock', 'get', 'set', 'drop', 'panic', 'wait', 'wait_timeout', 'wait_while', 'wait_timeout_while', 'notify_one', 'notify_all'],
};

/** The capability an operation needs, per family (the chapters' ```capabilities blocks). */
const CAPABILITY: { readonly [f in LockFamily]: { readonly [op: string]: string } } = {
  mutex: { lock: 'mutex', get: 'mutex', set: 'mutex', drop: 'mutex', try_lock: 'mutex:try_lock', panic: 'mutex:poison', is_poisoned: 'mutex:poison', clear_poison: 'mutex:clear_poison', get_mut: 'mutex:into_inner', into_inner: 'mutex:into_inner' },
  rwlock: { read: 'rwlock', write: 'rwlock', get: 'rwlock', set: 'rwlock', drop: 'rwlock', try_read: 'rwlock:try', try_write: 'rwlock:try', panic: 'rwlock:poison', is_poisoned: 'rwlock:poison', clear_poison: 'rwlock:clear_poison', get_mut: 'rwlock:into_inner', into_inner: 'rwlock:into_inner' },
  condvar: {
    lock: 'mutex', get: 'mutex', set: 'mutex', drop: 'mutex', try_lock: 'mutex:try_lock', panic: 'mutex:poison',
    wait: 'condvar', notify_one: 'condvar', notify_all: 'condvar', wait_while: 'condvar:wait_while', wait_timeout: 'condvar:wait_timeout', wait_timeout_while: 'condvar:wait_timeout_while',
  },
};

/** The capability a lock chapter's operation needs (`try_lock` in the mutex chapter: `mutex:try_lock`); the condvar chapter's mutex operations are the mutex chapter's. */
export function lockCapabilityOf(family: LockFamily, op: string): string | undefined {
  return CAPABILITY[family][op] ?? (family === 'condvar' ? CAPABILITY.mutex[op] : undefined);
}

/** Relative frequency among the feasible operations. */
const WEIGHT: { readonly [op in LockOperation]: number } = {
  lock: 4, read: 3, write: 3, get: 2, set: 3, drop: 3, notify_one: 3, notify_all: 2, wait_while: 3, wait: 3,
  try_lock: 2, try_read: 2, try_write: 2, is_poisoned: 2, panic: 1, clear_poison: 1, wait_timeout: 2, wait_timeout_while: 2, get_mut: 1, into_inner: 0,
};

const LOCKING: readonly LockOperation[] = ['lock', 'try_lock', 'read', 'write', 'try_read', 'try_write'];
const WAITS: readonly LockOperation[] = ['wait', 'wait_timeout', 'wait_while', 'wait_timeout_while'];
/** Timed waits' durations, ms. Time is virtual: only 0 ("give up at once") differs. */
export const WAIT_TIMEOUTS_MS = [0, 1, 50] as const;

export interface LockConfig {
  readonly family: LockFamily;
  /** The protected values the constructors give (`Mutex::new(0)` → 0). */
  readonly values: readonly Value[];
  /** Locks per scenario. */
  readonly count: number;
  /** Condition variables per scenario (condvar chapter). */
  readonly condvars: number;
  /** `wait_while` predicates (`value == 0`). */
  readonly predicates: readonly string[];
  readonly actors: IntRange;
  readonly ops: readonly LockOperation[];
  readonly prefix: 'none' | 'poison' | 'churn';
  readonly suffix: 'none' | 'check' | 'notify_all' | 'inner';
  /**
   * `mixed`: three actors in four drop a guard they still hold at the end; `drop`: all do;
   * `wait` (condvar): every actor ends with a wait, locking first if it holds no guard, then
   * drops the guard the wait gives back.
   */
  readonly end: 'mixed' | 'drop' | 'wait';
}

/**
 * A crowd of more than 32, so that a library that wakes waiters in batches of 32 and stops
 * (Tokio's `NUM_WAKERS`), or keeps them in a 32-bit mask, leaves some behind. A thread per
 * actor on the threads executors. The mutex serializes a condvar crowd for the checker;
 * callers that commute (readers; barrier parties and once waiters, whose chapters stop at
 * 17) cost it up to 2^n on a failing history.
 */
const MAX_ACTORS = 40;

const KEYS: { readonly [f in LockFamily]: readonly string[] } = {
  mutex: ['mutexes', 'count', 'actors', 'ops', 'prefix', 'suffix', 'end'],
  rwlock: ['rwlocks', 'count', 'actors', 'ops', 'prefix', 'suffix', 'end'],
  condvar: ['mutexes', 'condvars', 'predicates', 'count', 'actors', 'ops', 'prefix', 'suffix', 'end'],
};

export function parseLockConfig(family: LockFamily, raw: Readonly<Record<string, string>>): LockConfig {
  for (const key of Object.keys(raw)) {
    if (key === 'title' || key === 'rule') continue;
    if (!KEYS[family].includes(key)) throw new PropertyConfigError(key, `is not a ${family} generator key (known: ${KEYS[family].join(', ')})`);
  }
  const ctorKey = family === 'rwlock' ? 'rwlocks' : 'mutexes';
  const ctor = family === 'rwlock' ? 'RwLock::new' : 'Mutex::new';
  const ctorText = raw[ctorKey];
  if (ctorText === undefined) throw new PropertyConfigError(ctorKey, `is required, e.g. \`${ctorKey}: ${ctor}(0)\``);
  const values = splitList(ctorText).map((item) => {
    const match = new RegExp(`^${ctor.replace(/[:]/g, '\\$&')}\\((.*)\\)$`).exec(item);
    if (!match) throw new PropertyConfigError(ctorKey, `cannot read \`${item}\`: expected ${ctor}(v)`);
    try {
      return JSON.parse(match[1]) as Value;
    } catch {
      throw new PropertyConfigError(ctorKey, `\`${item}\`: ${match[1]} is not a JSON value`);
    }
  });
  if (raw.ops === undefined) throw new PropertyConfigError('ops', `is required, e.g. \`ops: ${FAMILY_OPS[family].slice(0, 4).join(', ')}\``);
  const ops = splitList(raw.ops).map((op) => {
    if (!(FAMILY_OPS[family] as readonly string[]).includes(op)) throw new PropertyConfigError('ops', `unknown operation \`${op}\` (known: ${FAMILY_OPS[family].join(', ')})`);
    return op as LockOperation;
  });
  const actors = raw.actors === undefined ? { min: 2, max: 3 } : parseRange('actors', raw.actors);
  if (actors.min < 1 || actors.max > MAX_ACTORS) throw new PropertyConfigError('actors', `must lie within 1..${MAX_ACTORS}, got ${raw.actors}`);
  const count = raw.count === undefined ? 1 : parseInteger('count', raw.count);
  if (count < 1 || count > 3) throw new PropertyConfigError('count', `must lie within 1..3, got ${raw.count}`);
  const condvars = raw.condvars === undefined ? 1 : parseInteger('condvars', raw.condvars);
  if (condvars < 1 || condvars > 3) throw new PropertyConfigError('condvars', `must lie within 1..3, got ${raw.condvars}`);
  const predicates = raw.predicates === undefined ? ['value == 0'] : splitList(raw.predicates);
  for (const p of predicates) {
    try {
      holds(p, 0);
    } catch (e) {
      if (!/compares values of different kinds/.test(String(e))) throw new PropertyConfigError('predicates', String(e instanceof Error ? e.message : e));
    }
  }
  const suffixes = family === 'condvar' ? (['none', 'check', 'notify_all'] as const) : (['none', 'check', 'inner'] as const);
  return {
    family,
    values,
    count,
    condvars,
    predicates,
    actors,
    ops: LOCK_OPERATIONS.filter((op) => ops.includes(op)),
    prefix: parseChoice('prefix', raw.prefix, ['none', 'poison', 'churn'] as const),
    suffix: parseChoice('suffix', raw.suffix, suffixes),
    end: parseEnd(family, raw.end, ops),
  };
}

function parseEnd(family: LockFamily, text: string | undefined, ops: readonly LockOperation[]): LockConfig['end'] {
  const end = parseChoice('end', text, ['mixed', 'drop', 'wait'] as const);
  if (end === 'wait' && family !== 'condvar') throw new PropertyConfigError('end', '`wait` is a condvar ending: a mutex or RwLock actor has nothing to wait on');
  if (end === 'wait' && !ops.some((op) => WAITS.includes(op))) throw new PropertyConfigError('end', '`wait` needs a wait among the operations (`wait`, `wait_while`, ...)');
  return end;
}

interface IntentDraft {
  readonly pick: number;
  readonly which: number;
  readonly detail: number;
}

interface ActorDraft {
  readonly intents: readonly IntentDraft[];
  /** Whether the actor drops a guard it still holds at the end (three in four do; all with `end: drop` or `end: wait`). */
  readonly dropsAtEnd: boolean;
  /** With `end: wait` only: the wait the actor ends with (which one, on which condvar, with what predicate or timeout). */
  readonly finalWait: IntentDraft | undefined;
}

interface LockDraft {
  /** Per lock: index into the configuration's values. */
  readonly values: readonly number[];
  /** What `set` writes (scenario-values.ts); numbers only where predicates read the value. */
  readonly valueStyle: ValueStyle;
  readonly actors: readonly ActorDraft[];
  /** `prefix: churn`: how many rounds main makes alone first (0 without it). */
  readonly churn: number;
}

/**
 * `prefix: churn` draws this many rounds: around 256, so that a counter kept in 8 bits
 * (tickets, sequence numbers, waiter ids) wraps just before, or between, the actors' own
 * waits and lockings.
 */
export const CHURN_ROUNDS = { min: 252, max: 256 } as const;

const PICK_RANGE = 840;
const MAX_INTENTS = 6;

export function lockScenarios(family: LockFamily, raw: Readonly<Record<string, string>>, capabilities: readonly string[]): ScenarioGenerator {
  const config = parseLockConfig(family, raw);
  const has = new Set(capabilities);
  const base = family === 'condvar' ? ['condvar', 'mutex'] : [family];
  const missing = base.filter((c) => !has.has(c));
  if (missing.length > 0) return { ok: false, reason: `the adapter lacks ${missing.join(', ')}` };
  const ops = config.ops.filter((op) => has.has(CAPABILITY[family][op]));
  if (!ops.some((op) => LOCKING.includes(op) || op === 'notify_one' || op === 'notify_all')) {
    return { ok: false, reason: `the adapter has none of the locking operations the property uses (${config.ops.join(', ')})` };
  }
  const plan = { ...config, ops, capabilities: has };
  const intent: fc.Arbitrary<IntentDraft> = fc.record({ pick: fc.nat({ max: PICK_RANGE - 1 }), which: fc.nat({ max: 5 }), detail: fc.nat({ max: 2 }) });
  const actor: fc.Arbitrary<ActorDraft> = fc.record({
    intents: fc.array(intent, { minLength: 1, maxLength: MAX_INTENTS }),
    // A kept guard leaves the others blocked, as the model allows, which hides a waiter
    // left behind: `end: drop` and `end: wait` keep none, for crowds of waiters.
    dropsAtEnd: config.end === 'mixed' ? fc.nat({ max: 3 }).map((n) => n !== 0) : fc.constant(true),
    // Drawn only when used: a constant takes no randomness, so the other properties' seeds
    // give the scenarios they gave before `end` existed.
    finalWait: config.end === 'wait' ? intent : fc.constant(undefined),
  });
  const draft: fc.Arbitrary<LockDraft> = fc.record({
    values: fc.array(fc.nat({ max: config.values.length - 1 }), { minLength: config.count, maxLength: config.count }),
    valueStyle: valueStyleArbitrary(family === 'condvar' ? NUMERIC_STYLES : CHANGING_STYLES),
    actors: fc.array(actor, { minLength: config.actors.min, maxLength: config.actors.max }),
    churn: config.prefix === 'churn' ? fc.integer(CHURN_ROUNDS) : fc.constant(0),
  });
  return { ok: true, scenarios: draft.map((d) => new LockBuilder(plan, d).build()) };
}

interface Plan extends LockConfig {
  readonly capabilities: ReadonlySet<string>;
}

interface Held {
  readonly name: string;
  readonly lock: string;
  readonly mode: 'mutex' | 'read' | 'write';
}

class LockBuilder {
  private readonly setValues: ValueSequence;
  private readonly locks: string[];
  private readonly condvars: string[];
  private readonly guardCounters = new Map<string, number>();

  constructor(
    private readonly plan: Plan,
    private readonly draft: LockDraft,
  ) {
    // A lock is never written a value it may start with (condvar scenarios write numbers for their predicates).
    this.setValues = new ValueSequence(draft.valueStyle, plan.family === 'condvar' ? [] : plan.values);
    const several = plan.count > 1;
    const prefix = plan.family === 'rwlock' ? 'l' : 'm';
    this.locks = Array.from({ length: plan.count }, (_, i) => (several ? `${prefix}${i + 1}` : prefix));
    this.condvars = plan.family === 'condvar' ? Array.from({ length: plan.condvars }, (_, i) => (plan.condvars > 1 ? `cv${i + 1}` : 'cv')) : [];
  }

  build(): Scenario {
    const prefix = this.writePrefix();
    const actors: Actor[] = this.draft.actors.map((a, i) => ({ name: actorName(i), ops: this.writeActor(actorName(i), a) }));
    const suffix = this.writeSuffix();
    return { model: this.plan.family, objects: this.declarations(), prefix, actors, suffix };
  }

  private declarations(): ObjectDecl[] {
    const kind = this.plan.family === 'rwlock' ? 'rwlock' : 'mutex';
    const objectPrefix = kind === 'rwlock' ? 'rw' : 'm';
    const locks: ObjectDecl[] = this.locks.map((handle, i) => ({
      kind,
      name: `${objectPrefix}${i}`,
      params: { value: this.plan.values[Math.min(this.draft.values[i] ?? 0, this.plan.values.length - 1)] },
      handles: { [handle]: kind },
    }));
    const condvars: ObjectDecl[] = this.condvars.map((handle, i) => ({ kind: 'condvar', name: `cv${i}`, params: {}, handles: { [handle]: 'condvar' } }));
    return [...locks, ...condvars];
  }

  private guardName(actor: string): string {
    const k = (this.guardCounters.get(actor) ?? 0) + 1;
    this.guardCounters.set(actor, k);
    // Actors are capital letters up to Q, so main's guards are `gm…`: `gM` would be actor M's.
    return `g${actor === 'main' ? 'm' : actor}${k === 1 ? '' : k}`;
  }

  private has(op: LockOperation): boolean {
    return this.plan.ops.includes(op);
  }

  private can(capability: string): boolean {
    return this.plan.capabilities.has(capability);
  }

  /**
   * `prefix: poison`: main panics under each lock's (write) guard before the actors start.
   * `prefix: churn`: main alone makes `churn` rounds on each lock first — lock and drop (an
   * RwLock: a read, then a write, in turn); with condvars, one `wait_timeout(g, 0)` per
   * round on each condvar, under its lock, each taking a turn as a waiter and timing out.
   */
  private writePrefix(): ScenarioOp[] {
    if (this.plan.prefix === 'churn') return this.writeChurn();
    const ops: ScenarioOp[] = [];
    const poison = this.plan.family === 'rwlock' ? 'rwlock:poison' : 'mutex:poison';
    if (this.plan.prefix !== 'poison' || !this.can(poison)) return ops;
    for (const lock of this.locks) {
      const g = this.guardName('main');
      ops.push({ name: this.plan.family === 'rwlock' ? 'write' : 'lock', target: lock, args: [g] }, { name: 'panic', target: g, args: [] });
    }
    return ops;
  }

  private writeChurn(): ScenarioOp[] {
    const ops: ScenarioOp[] = [];
    if (this.plan.family === 'condvar' && this.can(CAPABILITY.condvar.wait_timeout)) {
      this.condvars.forEach((cv, i) => {
        let held = this.guardName('main');
        ops.push({ name: 'lock', target: this.locks[i % this.locks.length], args: [held] });
        for (let round = 0; round < this.draft.churn; round++) {
          const g = this.guardName('main');
          ops.push({ name: 'wait_timeout', target: cv, args: [g, held, 0] });
          held = g;
        }
        ops.push({ name: 'drop', target: held, args: [] });
      });
      return ops;
    }
    for (const lock of this.locks) {
      for (let round = 0; round < this.draft.churn; round++) {
        const g = this.guardName('main');
        const lockOp = this.plan.family !== 'rwlock' ? 'lock' : round % 2 === 0 ? 'read' : 'write';
        ops.push({ name: lockOp, target: lock, args: [g] }, { name: 'drop', target: g, args: [] });
      }
    }
    return ops;
  }

  private writeActor(actor: string, draft: ActorDraft): ScenarioOp[] {
    const ops: ScenarioOp[] = [];
    let held: Held | undefined;
    for (const intent of draft.intents) {
      const feasible = this.feasible(held);
      if (feasible.length === 0) continue;
      const op = weightedPick(feasible, intent.pick);
      const lock = this.locks[intent.which % this.locks.length];
      const cv = this.condvars[intent.which % Math.max(1, this.condvars.length)];
      switch (op) {
        case 'lock':
        case 'try_lock':
        case 'read':
        case 'write':
        case 'try_read':
        case 'try_write': {
          const g = this.guardName(actor);
          ops.push({ name: op, target: lock, args: [g] });
          held = { name: g, lock, mode: op === 'read' || op === 'try_read' ? 'read' : op === 'write' || op === 'try_write' ? 'write' : 'mutex' };
          break;
        }
        case 'get':
          ops.push({ name: 'get', target: held!.name, args: [] });
          break;
        case 'set':
          ops.push({ name: 'set', target: held!.name, args: [this.setValues.take()] });
          break;
        case 'drop':
        case 'panic':
          ops.push({ name: op, target: held!.name, args: [] });
          held = undefined;
          break;
        case 'is_poisoned':
        case 'clear_poison':
        case 'get_mut':
          ops.push({ name: op, target: lock, args: [] });
          break;
        case 'notify_one':
        case 'notify_all':
          ops.push({ name: op, target: cv, args: [] });
          break;
        case 'wait':
        case 'wait_timeout':
        case 'wait_while':
        case 'wait_timeout_while':
          held = this.writeWait(actor, op, cv, held!, intent.detail, ops);
          break;
        case 'into_inner':
          break;
      }
    }
    if (draft.finalWait !== undefined) held = this.writeFinalWait(actor, draft.finalWait, held, ops);
    if (held !== undefined && draft.dropsAtEnd) ops.push({ name: 'drop', target: held.name, args: [] });
    return ops;
  }

  /** `g2 = cv.wait(g)` (with its timeout or predicate): the guard given back replaces the one taken. */
  private writeWait(actor: string, op: LockOperation, cv: string, held: Held, detail: number, ops: ScenarioOp[]): Held {
    const g = this.guardName(actor);
    const args: Value[] = [g, held.name];
    if (op === 'wait_timeout' || op === 'wait_timeout_while') args.push(WAIT_TIMEOUTS_MS[detail % WAIT_TIMEOUTS_MS.length]);
    if (op === 'wait_while' || op === 'wait_timeout_while') args.push(this.plan.predicates[detail % this.plan.predicates.length]);
    ops.push({ name: op, target: cv, args });
    return { ...held, name: g };
  }

  /** `end: wait`: one more wait, under the guard held or under a lock taken for it. */
  private writeFinalWait(actor: string, intent: IntentDraft, held: Held | undefined, ops: ScenarioOp[]): Held | undefined {
    const waits = this.plan.ops.filter((op) => WAITS.includes(op));
    if (waits.length === 0) return held;
    let guard = held;
    if (guard === undefined) {
      const lock = this.locks[intent.which % this.locks.length];
      guard = { name: this.guardName(actor), lock, mode: 'mutex' };
      ops.push({ name: 'lock', target: lock, args: [guard.name] });
    }
    const cv = this.condvars[intent.which % this.condvars.length];
    return this.writeWait(actor, weightedPick(waits, intent.pick), cv, guard, intent.detail, ops);
  }

  /** The operations an actor can take now: with a guard, the guard's and the waits; without, lockings and the lock's own. */
  private feasible(held: Held | undefined): LockOperation[] {
    return this.plan.ops.filter((op) => {
      if (op === 'notify_one' || op === 'notify_all') return true;
      if (op === 'into_inner') return false;
      if (held === undefined) return LOCKING.includes(op) || op === 'is_poisoned' || op === 'clear_poison' || op === 'get_mut';
      if (op === 'get' || op === 'drop' || op === 'panic') return true;
      if (op === 'set') return held.mode !== 'read';
      return WAITS.includes(op) && held.mode === 'mutex';
    }).concat(held !== undefined && !this.has('drop') ? (['drop'] as const) : []);
  }

  /**
   * `check`: main locks every lock (the write lock of an RwLock) and reads its value.
   * `notify_all`: main sets every value so that no predicate holds, under the lock,
   * and notifies every condvar. Then `into_inner` of every lock, if the property lists it.
   * `inner`: main calls `get_mut`, then `into_inner`, on every lock.
   */
  private writeSuffix(): ScenarioOp[] {
    const ops: ScenarioOp[] = [];
    const lockOp = this.plan.family === 'rwlock' ? 'write' : 'lock';
    if (this.plan.suffix === 'check') {
      for (const lock of this.locks) {
        const g = this.guardName('main');
        ops.push({ name: lockOp, target: lock, args: [g] }, { name: 'get', target: g, args: [] }, { name: 'drop', target: g, args: [] });
      }
    }
    if (this.plan.suffix === 'notify_all') {
      for (const lock of this.locks) {
        const g = this.guardName('main');
        ops.push({ name: 'lock', target: lock, args: [g] }, { name: 'set', target: g, args: [this.unsatisfying()] });
        for (const cv of this.condvars) ops.push({ name: 'notify_all', target: cv, args: [] });
        ops.push({ name: 'drop', target: g, args: [] });
      }
    }
    if (this.plan.suffix === 'inner') {
      // get_mut, then into_inner, of every lock: each waits for any guard still live (an actor may end holding one).
      for (const lock of this.locks) ops.push({ name: 'get_mut', target: lock, args: [] }, { name: 'into_inner', target: lock, args: [] });
    } else if (this.has('into_inner')) for (const lock of this.locks) ops.push({ name: 'into_inner', target: lock, args: [] });
    return ops;
  }

  /** A fresh value for which no predicate holds (so every wait_while may return), else the next one. */
  private unsatisfying(): Value {
    // Condvar scenarios draw numeric styles only (NUMERIC_STYLES).
    const fresh = Number(this.setValues.take());
    const literals = this.plan.predicates.map((p) => /(==|!=|<=|>=|<|>)\s*(.+)$/.exec(p)?.[2]).flatMap((t) => {
      try {
        return t === undefined ? [] : [JSON.parse(t) as Value];
      } catch {
        return [];
      }
    });
    const candidates: Value[] = [fresh, ...literals, ...literals.map((l) => (typeof l === 'number' ? l + 1000 : l)), -fresh];
    const fits = (v: Value) => this.plan.predicates.every((p) => {
      try {
        return !holds(p, v);
      } catch {
        return false;
      }
    });
    return candidates.find(fits) ?? fresh;
  }
}

function weightedPick<T extends LockOperation>(ops: readonly T[], pick: number): T {
  const weight = (op: T) => Math.max(WEIGHT[op], 1);
  const total = ops.reduce((sum, op) => sum + weight(op), 0);
  let rest = (Math.min(pick, PICK_RANGE - 1) * total) / PICK_RANGE;
  for (const op of ops) {
    if (rest < weight(op)) return op;
    rest -= weight(op);
  }
  return ops[ops.length - 1];
}

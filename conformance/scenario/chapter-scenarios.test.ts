// The generators of the lock, barrier and once chapters: every property of those
// chapters yields well-formed scenarios (the model runs every interleaving of them
// without a misused handle), with unique values where the checker benefits, reaching
// the states the properties are about; and nothing an adapter lacks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../spec/index.ts';
import { modelNamed } from '../../spec/models.ts';
import { exploreScenario, numberOps } from '../../spec/model/explore.ts';
import { promiseSync } from '../testing/promise-sync-adapter.ts';
import { chapterOfConfig, scenariosFor, CHAPTER_GENERATORS } from './chapter-scenarios.ts';
import { PropertyConfigError } from './property-config.ts';
import { CHURN_ROUNDS, parseLockConfig } from './lock-scenarios.ts';
import type { Scenario } from './types.ts';
import { CHANGING_STYLES, DISTINCT_STYLES, NUMERIC_STYLES, styleOf, type ValueStyle } from './scenario-values.ts';
import { sameValue, type Value } from '../../spec/model/types.ts';

const loaded = await loadSpec({ typecheck: false });
if (!loaded.ok) throw new Error('the spec does not load');
const properties = loaded.spec.properties.filter((p) => p.chapter !== 'channels');

function sample(chapter: string, config: Readonly<Record<string, string>>, n: number, seed: number, capabilities = promiseSync.capabilities): Scenario[] {
  const generator = scenariosFor(chapter, config, capabilities);
  if (!generator.ok) throw new Error(generator.reason);
  return fc.sample(generator.scenarios, { numRuns: n, seed });
}

describe('generated lock, barrier and once scenarios', () => {
  it('exist for every property of those chapters, against the chapter model', () => {
    expect(new Set(properties.map((p) => p.chapter))).toEqual(new Set(['mutex', 'rwlock', 'condvar', 'barrier', 'once']));
    for (const p of properties) {
      expect(chapterOfConfig(p.config), p.title).toBe(p.chapter);
      for (const s of sample(p.chapter, p.config, 3, 1)) expect(s.model).toBe(CHAPTER_GENERATORS[p.chapter].model);
    }
  });

  it('are well formed: the model runs their interleavings without a misused handle', () => {
    for (const p of properties) {
      for (const s of sample(p.chapter, p.config, 8, 7)) {
        // Many actors: fewer states (each costs more, and there are far too many to see them all anyway);
        // a long prefix (churn): fewer runs, each of which walks it again.
        const maxStates = s.actors.length > 4 ? 2_000 : 20_000;
        const maxRuns = s.prefix.length > 100 ? 20 : 300;
        expect(() => exploreScenario(modelNamed(s.model), s, { maxRuns, maxStates }), `${p.rule}: ${JSON.stringify(s)}`).not.toThrow();
      }
    }
  });

  it('write and offer values in op order in one value style, each once: a lock is never written the value it holds', () => {
    const seen = new Map<string, Set<ValueStyle>>();
    for (const p of properties) {
      const styles = p.chapter === 'once' ? DISTINCT_STYLES : p.chapter === 'condvar' ? NUMERIC_STYLES : CHANGING_STYLES;
      for (const s of sample(p.chapter, p.config, 20, 3)) {
        const values = numberOps(s).filter((op) => ['set', 'get_or_init'].includes(op.name)).map((op) => op.args.at(-1) as Value);
        if (p.chapter === 'condvar') {
          // The notify_all suffix may write, instead of the next value, one no predicate holds of: still each once.
          expect(new Set(values.map((v) => JSON.stringify(v))).size, `${p.rule}`).toBe(values.length);
          continue;
        }
        // The locks' initial values are never written again (LockBuilder skips them), so a lost write shows.
        const initial = p.chapter === 'mutex' || p.chapter === 'rwlock' ? parseLockConfig(p.chapter, p.config).values : [];
        const style = styleOf(values, styles, initial);
        expect(style, `${p.rule}: ${JSON.stringify(values)}`).toBeDefined();
        // A lost write must show: no lock is ever written its initial value, and no value is written twice.
        if (p.chapter !== 'once') {
          expect(values.filter((v) => initial.some((i) => sameValue(v, i))), `${p.rule}: ${JSON.stringify(values)}`).toEqual([]);
          expect(new Set(values.map((v) => JSON.stringify(v))).size, `${p.rule}`).toBe(values.length);
        }
        // Two values tell the styles in play apart (and from `repeating`).
        if (values.length >= 2) seen.set(p.chapter, (seen.get(p.chapter) ?? new Set()).add(style!));
      }
    }
    expect([...seen.get('mutex')!].sort()).toEqual([...CHANGING_STYLES].sort());
    expect([...seen.get('rwlock')!].sort()).toEqual([...CHANGING_STYLES].sort());
    expect([...seen.get('once')!].sort()).toEqual([...DISTINCT_STYLES].sort());
  });

  it('reach the states the properties are about: condvar waiters with notifies before and after, poisoned locks, several generations', () => {
    const condvar = properties.find((p) => p.rule === 'CV-WAIT-2')!;
    const shapes = sample('condvar', condvar.config, 200, 5).map((s) => numberOps(s).map((op) => op.name));
    const waitsThenNotify = shapes.filter((names) => names.findIndex((n) => n.startsWith('wait')) >= 0 && names.lastIndexOf('notify_one') > names.findIndex((n) => n.startsWith('wait')));
    expect(waitsThenNotify.length).toBeGreaterThan(20);
    expect(shapes.some((names) => names.filter((n) => n.startsWith('wait')).length >= 2)).toBe(true);
    const poisoned = sample('mutex', { mutexes: 'Mutex::new(0)', ops: 'lock, panic, is_poisoned', prefix: 'poison' }, 5, 1);
    for (const s of poisoned) expect(s.prefix.map((op) => op.name)).toEqual(['lock', 'panic']);
    const barriers = sample('barrier', { barriers: 'Barrier::new(2)', actors: '2', waits: '2' }, 5, 1);
    for (const s of barriers) expect(numberOps(s).length).toBe(4);
  });

  it('churn: main alone goes round each lock 252 to 256 times first, a condvar by chained zero timed waits under its mutex', () => {
    const rounds = (s: Scenario, name: string) => s.prefix.filter((op) => op.name === name).length;
    const mutexes = sample('mutex', { mutexes: 'Mutex::new(0)', count: '2', ops: 'lock, drop', prefix: 'churn' }, 10, 1);
    for (const s of mutexes) {
      const n = rounds(s, 'lock') / 2;
      expect(n).toBeGreaterThanOrEqual(CHURN_ROUNDS.min);
      expect(n).toBeLessThanOrEqual(CHURN_ROUNDS.max);
      expect(s.prefix.filter((op) => op.name === 'lock').map((op) => op.target)).toEqual([...Array(n).fill('m1'), ...Array(n).fill('m2')]);
    }
    expect(new Set(mutexes.map((s) => rounds(s, 'lock'))).size).toBeGreaterThan(1);
    const [rw] = sample('rwlock', { rwlocks: 'RwLock::new(0)', ops: 'read, write, drop', prefix: 'churn' }, 1, 1);
    expect(rw.prefix.slice(0, 4).map((op) => op.name)).toEqual(['read', 'drop', 'write', 'drop']);
    for (const s of sample('condvar', { mutexes: 'Mutex::new(0)', ops: 'lock, wait, notify_one', prefix: 'churn' }, 5, 1)) {
      const [lock, ...rest] = s.prefix;
      expect(lock).toMatchObject({ name: 'lock', target: 'm' });
      const waits = rest.slice(0, -1);
      expect(waits.length).toBeGreaterThanOrEqual(CHURN_ROUNDS.min);
      // Each wait gives back the guard the next one waits with; the last is dropped.
      waits.forEach((op, i) => expect(op).toEqual({ name: 'wait_timeout', target: 'cv', args: [op.args[0], i === 0 ? lock.args[0] : waits[i - 1].args[0], 0] }));
      expect(rest.at(-1)).toEqual({ name: 'drop', target: waits.at(-1)!.args[0], args: [] });
    }
  });

  it("end a OnceLock scenario with main's take, empty read, refill and take, when asked and when the adapter can take", () => {
    const config = { cells: 'OnceLock::new()', ops: 'set, get_or_init', suffix: 'take' };
    for (const s of sample('once', config, 5, 1)) expect(s.suffix.map((op) => op.name)).toEqual(['take', 'get', 'set', 'take']);
    const noTake = promiseSync.capabilities.filter((c) => c !== 'oncelock_take');
    for (const s of sample('once', config, 5, 1, noTake)) expect(s.suffix).toEqual([]);
  });

  it('use only what the adapter has, and are not applicable without the primitive', () => {
    const noTry = promiseSync.capabilities.filter((c) => c !== 'mutex:try_lock');
    for (const s of sample('mutex', { mutexes: 'Mutex::new(0)', ops: 'lock, try_lock, get, set, drop' }, 50, 2, noTry)) {
      expect(numberOps(s).some((op) => op.name === 'try_lock')).toBe(false);
    }
    expect(scenariosFor('rwlock', { rwlocks: 'RwLock::new(0)', ops: 'read, write' }, ['mutex'])).toMatchObject({ ok: false });
    expect(scenariosFor('barrier', { barriers: 'Barrier::new(0)' }, ['barrier'])).toMatchObject({ ok: false });
    expect(scenariosFor('once', { cells: 'Once::new()', ops: 'call_once_force' }, ['once'])).toMatchObject({ ok: false });
  });

  it('reject a malformed configuration naming the key', () => {
    expect(() => scenariosFor('mutex', { mutexes: 'Mutex::new(0)', ops: 'lock', fill: 'yes' }, promiseSync.capabilities)).toThrow(PropertyConfigError);
    expect(() => scenariosFor('mutex', { mutexes: 'Mutex::new(0)', ops: 'lock, fly' }, promiseSync.capabilities)).toThrow(/unknown operation `fly`/);
    expect(() => scenariosFor('barrier', { barriers: 'Barrier(2)' }, promiseSync.capabilities)).toThrow(/barriers/);
    expect(() => scenariosFor('once', { cells: 'OnceLock::new()', ops: 'call_once' }, promiseSync.capabilities)).toThrow(/lists no operation of OnceLock::new\(\)/);
    // take needs &mut self: never an actor's, and main's suffix only where no actor can still be inside the cell.
    expect(() => scenariosFor('once', { cells: 'OnceLock::new()', ops: 'set, take' }, promiseSync.capabilities)).toThrow(/cannot list `take`/);
    expect(() => scenariosFor('once', { cells: 'OnceLock::new()', ops: 'wait, set', suffix: 'take' }, promiseSync.capabilities)).toThrow(/`take` would run while an actor may still be inside the cell \(wait can leave it waiting\)/);
    expect(() => scenariosFor('condvar', { mutexes: 'Mutex::new(0)', predicates: 'value ~ 1', ops: 'wait' }, promiseSync.capabilities)).toThrow(/predicates/);
  });
});

describe('barriers of many parties', () => {
  it('actors: n gives one actor per party, all making the same number of waits, so every generation fills', () => {
    const scenarios = sample('barrier', { barriers: 'Barrier::new(5..17)', actors: 'n', waits: '1..3' }, 60, 4);
    for (const s of scenarios) {
      const n = s.objects[0].params.n as number;
      expect(s.actors.map((a) => a.name)).toEqual(Array.from({ length: n }, (_, i) => String.fromCharCode(65 + i)));
      expect(new Set(s.actors.map((a) => a.ops.length)).size).toBe(1);
    }
    expect(Math.max(...scenarios.map((s) => s.actors.length))).toBe(17);
    // Too many interleavings to explore them all: the explorer stops at its state cap and says so.
    const largest = scenarios.find((s) => s.actors.length === 17)!;
    expect(exploreScenario(modelNamed('barrier'), largest, { maxStates: 1_000 }).truncated).toBe(true);
    expect(() => scenariosFor('barrier', { barriers: 'Barrier::new(5)', actors: 'n', count: '2' }, promiseSync.capabilities)).toThrow(/single barrier/);
    expect(() => scenariosFor('barrier', { barriers: 'Barrier::new(18)' }, promiseSync.capabilities)).toThrow(/0\.\.17/);
  });
});

describe('count: several objects of one kind in a scenario', () => {
  it('barriers: each of its own drawn size, every actor waiting on one of them, all of them used across samples', () => {
    const scenarios = sample('barrier', { barriers: 'Barrier::new(1..3)', count: '2', actors: '2..4', suffix: 'wait' }, 60, 3);
    for (const s of scenarios) {
      expect(s.objects.map((o) => Object.keys(o.handles)[0])).toEqual(['b1', 'b2']);
      for (const a of s.actors) expect(new Set(a.ops.map((op) => op.target)).size).toBe(1);
      expect(s.suffix.map((op) => op.target)).toEqual(['b1', 'b2']);
    }
    expect(new Set(scenarios.flatMap((s) => s.actors.flatMap((a) => a.ops.map((op) => op.target))))).toEqual(new Set(['b1', 'b2']));
    expect(new Set(scenarios.map((s) => s.objects.map((o) => o.params.n).join(','))).size).toBeGreaterThan(2);
  });

  it('once cells: two of the drawn kind, calls spread over both', () => {
    const scenarios = sample('once', { cells: 'OnceLock::new()', count: '2', ops: 'get_or_init, set, get, wait', suffix: 'read' }, 60, 3);
    for (const s of scenarios) {
      expect(s.objects.map((o) => Object.keys(o.handles)[0])).toEqual(['cell1', 'cell2']);
      expect(s.suffix.map((op) => op.target)).toEqual(['cell1', 'cell2']);
    }
    expect(new Set(scenarios.flatMap((s) => s.actors.flatMap((a) => a.ops.map((op) => op.target))))).toEqual(new Set(['cell1', 'cell2']));
  });

  it('refuses a count beyond 1..3', () => {
    expect(() => scenariosFor('barrier', { barriers: 'Barrier::new(2)', count: '4' }, promiseSync.capabilities)).toThrow(/count/);
    expect(() => scenariosFor('once', { cells: 'Once::new()', ops: 'call_once', count: '0' }, promiseSync.capabilities)).toThrow(/count/);
  });
});

describe('locks with many threads', () => {
  it('up to 17 actors, whose guards are never named like main’s', () => {
    const scenarios = sample('condvar', { mutexes: 'Mutex::new(0)', actors: '13..17', ops: 'lock, set, drop, wait, notify_all', suffix: 'notify_all' }, 20, 3);
    expect(Math.max(...scenarios.map((s) => s.actors.length))).toBe(17);
    for (const s of scenarios) {
      const mainGuards = new Set(s.suffix.flatMap((op) => op.args).filter((a) => typeof a === 'string' && a.startsWith('g')));
      const actorGuards = s.actors.flatMap((a) => a.ops.flatMap((op) => op.args)).filter((a) => typeof a === 'string' && a.startsWith('g'));
      expect(actorGuards.filter((g) => mainGuards.has(g))).toEqual([]);
    }
    expect(() => scenariosFor('mutex', { mutexes: 'Mutex::new(0)', actors: '2..41', ops: 'lock, drop' }, promiseSync.capabilities)).toThrow(/1\.\.40/);
    expect(() => scenariosFor('once', { cells: 'Once::new()', actors: '2..18', ops: 'call_once, wait' }, promiseSync.capabilities)).toThrow(/1\.\.17/);
  });

  it('a crowd of up to 40 with end: wait — every actor ends waiting, then drops the guard it gets back', () => {
    const crowd = { mutexes: 'Mutex::new(0)', actors: '33..40', ops: 'lock, drop, wait, wait_while', suffix: 'notify_all' };
    const scenarios = sample('condvar', { ...crowd, end: 'wait' }, 20, 3);
    expect(Math.max(...scenarios.map((s) => s.actors.length))).toBe(40);
    for (const s of scenarios) {
      expect(s.actors.length).toBeGreaterThanOrEqual(33);
      for (const a of s.actors) {
        const [wait, drop] = a.ops.slice(-2);
        expect(wait.name).toMatch(/^wait/);
        expect(drop).toEqual({ name: 'drop', target: wait.args[0], args: [] });
      }
    }
    // Without it, many actors never wait, and some keep their guard; `end: drop` only drops.
    const mixed = sample('condvar', crowd, 20, 3);
    expect(mixed.every((s) => s.actors.filter((a) => a.ops.some((op) => op.name.startsWith('wait'))).length < 33)).toBe(true);
    expect(mixed.some((s) => s.actors.some((a) => a.ops.at(-1)!.name !== 'drop'))).toBe(true);
    expect(sample('condvar', { ...crowd, end: 'drop' }, 20, 3).every((s) => s.actors.every((a) => a.ops.at(-1)!.name === 'drop'))).toBe(true);
    expect(() => scenariosFor('condvar', { ...crowd, end: 'all' }, promiseSync.capabilities)).toThrow(/end/);
    expect(() => scenariosFor('condvar', { ...crowd, ops: 'lock, notify_all', end: 'wait' }, promiseSync.capabilities)).toThrow(/needs a wait/);
    expect(() => scenariosFor('mutex', { mutexes: 'Mutex::new(0)', ops: 'lock, drop', end: 'wait' }, promiseSync.capabilities)).toThrow(/condvar ending/);
  });
});

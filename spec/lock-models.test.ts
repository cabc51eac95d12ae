import { describe, expect, it } from 'vitest';
import { holds, condvarModel } from './generated/condvar.model.ts';
import { mutexModel } from './generated/mutex.model.ts';
import { rwlockModel } from './generated/rwlock.model.ts';
import type { Model, OpCall, Value } from './model/types.ts';

// What the lock chapters' examples cannot show: scenario mistakes throw, the flags the
// checker relies on are set, the predicate language.

const mutexDecl = { kind: 'mutex', name: 'm0', params: { value: 0 }, handles: { m: 'mutex' } };
const condvarDecl = { kind: 'condvar', name: 'cv1', params: {}, handles: { cv: 'condvar' } };
const rwlockDecl = { kind: 'rwlock', name: 'rw0', params: { value: 0 }, handles: { l: 'rwlock' } };

let id = 0;
const call = (actor: string, target: string, name: string, ...args: Value[]): OpCall => ({ id: id++, actor, name, target, args });

/** Runs ops to completion, each taking the first transition of each phase. */
function run<S>(model: Model<S, unknown>, state: S, ...ops: OpCall[]): S {
  for (const op of ops) {
    const phases = model.phases(op, state);
    for (let phase = 0; phase < phases; phase++) {
      const [t] = model.step(state, op, phase);
      if (t === undefined) throw new Error(`${op.name} is not enabled`);
      state = t.state;
    }
  }
  return state;
}

describe('the mutex model', () => {
  const start = mutexModel.init([mutexDecl]);
  it('refuses another thread’s guard, a dropped guard, and dropping the mutex', () => {
    const locked = run(mutexModel, start, call('A', 'm', 'lock', 'g'));
    expect(() => mutexModel.step(locked, call('B', 'g', 'get'), 0)).toThrow('is not Send');
    const dropped = run(mutexModel, locked, call('A', 'g', 'drop'));
    expect(() => mutexModel.step(dropped, call('A', 'g', 'get'), 0)).toThrow('neither a mutex nor a live guard');
    expect(() => mutexModel.step(dropped, call('A', 'm', 'drop'), 0)).toThrow('only guards are dropped');
  });
  it('gives a re-lock by the holder two phases: panic or deadlock', () => {
    const locked = run(mutexModel, start, call('A', 'm', 'lock', 'g'));
    const relock = call('A', 'm', 'lock', 'g2');
    expect(mutexModel.phases(relock, locked)).toBe(2);
    expect(mutexModel.phases(call('B', 'm', 'lock', 'h'), locked)).toBe(1);
    const choices = mutexModel.step(locked, relock, 0);
    expect(choices.map((t) => mutexModel.step(t.state, relock, 1).map((u) => u.result?.kind))).toEqual([['Panicked'], []]);
  });
});

describe('the rwlock model', () => {
  it('refuses a write through a read guard', () => {
    const state = run(rwlockModel, rwlockModel.init([rwlockDecl]), call('A', 'l', 'read', 'r'));
    expect(() => rwlockModel.step(state, call('A', 'r', 'set', 1), 0)).toThrow('writes through a read guard');
  });
});

describe('the condvar model', () => {
  const start = condvarModel.init([mutexDecl, condvarDecl]);
  it('lets an un-notified waiter wake only spuriously: timed and spurious', () => {
    const wait = call('A', 'cv', 'wait', 'g2', 'g');
    const waiting = run(condvarModel, start, call('A', 'm', 'lock', 'g'));
    const [registered] = condvarModel.step(waiting, wait, 0);
    const wakeups = condvarModel.step(registered.state, wait, 1);
    expect(wakeups.map((t) => [t.result?.kind, t.timed, t.spurious])).toEqual([['Ok', true, true]]);
    const [notified] = condvarModel.step(registered.state, call('main', 'cv', 'notify_one'), 0);
    expect(condvarModel.step(notified.state, wait, 1).map((t) => [t.result?.kind, t.timed ?? false])).toEqual([['Ok', false]]);
  });
  it('throws on a wait with another thread’s guard', () => {
    const locked = run(condvarModel, start, call('A', 'm', 'lock', 'g'));
    expect(() => condvarModel.step(locked, call('B', 'cv', 'wait', 'g2', 'g'), 0)).toThrow('is not Send');
  });
  it('reads predicates: value OP JSON literal', () => {
    expect(holds('value < 5', 3)).toBe(true);
    expect(holds('value >= "b"', 'a')).toBe(false);
    expect(holds('value == [1, 2]', [1, 2])).toBe(true);
    expect(holds('value != null', null)).toBe(false);
    expect(() => holds('x < 5', 3)).toThrow('cannot read the predicate');
    expect(() => holds('value < "5"', 3)).toThrow('different kinds');
  });
});

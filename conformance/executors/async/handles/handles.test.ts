// The dispatch of every primitive onto the async adapter API: each misstep of an adapter
// (a throw, a rejection, a wrong shape, a missing method or factory) is an AdapterFault
// naming the method; what the executor alone manages (guards that hold nothing) never
// reaches the adapter; handles move out and in with take and put.
import { describe, expect, it } from 'vitest';
import type { OpCall, Outcome } from '../../../../spec/model/types.ts';
import type { Adapter, AsyncMutex, AsyncOnce } from '../../../adapter/types.ts';
import type { ObjectDecl } from '../../../scenario/types.ts';
import { promiseSync } from '../../../testing/promise-sync-adapter.ts';
import { scenarioOf } from '../../../testing/test-helpers.ts';
import { AdapterFault } from '../../shared/adapter-failure.ts';
import { checkerJudge } from '../../shared/checker-judge.ts';
import { runAsync } from '../run-async.ts';
import { AsyncHandles, type Invocation } from './index.ts';

const never = new AbortController().signal;
let nextId = 0;
const op = (target: string, name: string, ...args: OpCall['args'][number][]): OpCall => ({ id: nextId++, actor: 'A', name, target, args });
const mutexDecl: ObjectDecl = { kind: 'mutex', name: 'm0', params: { value: 0 }, handles: { m: 'mutex' } };
const decl = (kind: string, params: ObjectDecl['params'] = {}): ObjectDecl => ({ kind, name: `${kind}0`, params, handles: { x: kind } });

async function settled(invocation: Invocation): Promise<Outcome> {
  return 'result' in invocation ? invocation.result : invocation.pending;
}

function faultOf(f: () => unknown): AdapterFault {
  try {
    f();
  } catch (e) {
    if (e instanceof AdapterFault) return e;
    throw e;
  }
  throw new Error('no fault');
}

/** promise-sync with its mutex replaced by `mutex`. */
function withMutex(mutex: Record<string, unknown>): Adapter {
  return { ...promiseSync, name: 'broken', mutex: { create: () => mutex as unknown as AsyncMutex } };
}

describe('the async dispatch', () => {
  it('hands the adapter copies of the values, so an adapter that mutates one leaves the scenario as it was', async () => {
    const held = { a: 1 };
    const decl: ObjectDecl = { kind: 'mutex', name: 'm0', params: { value: [1, 2] }, handles: { m: 'mutex' } };
    const setting = op('g', 'set', held);
    const handles = new AsyncHandles(promiseSync, [decl]);
    await settled(handles.invoke(op('m', 'lock', 'g'), never));
    await settled(handles.invoke(setting, never));
    const inside = (await settled(handles.invoke(op('g', 'get'), never))) as unknown as { value: { a: number; b?: number } };
    inside.value.b = 2;
    expect(setting.args).toEqual([{ a: 1 }]);
    expect(held).toEqual({ a: 1 });
    expect(decl.params.value).toEqual([1, 2]);
  });

  it('maps a mutex, its guards and a condvar onto the adapter', async () => {
    const handles = new AsyncHandles(promiseSync, [mutexDecl, { kind: 'condvar', name: 'cv0', params: {}, handles: { cv: 'condvar' } }]);
    expect(await settled(handles.invoke(op('m', 'lock', 'g'), never))).toEqual({ kind: 'Ok' });
    expect(await settled(handles.invoke(op('g', 'set', 5), never))).toEqual({ kind: 'Ok' });
    expect(await settled(handles.invoke(op('g', 'get'), never))).toEqual({ kind: 'Ok', value: 5 });
    expect(handles.wakesSpuriously(op('cv', 'wait', 'g2', 'g'))).toBe(true);
    expect(handles.wakesSpuriously(op('m', 'lock', 'g9'))).toBe(false);
    const timer = new AbortController();
    const wait = handles.invoke(op('cv', 'wait_timeout', 'g2', 'g', 50), timer.signal);
    expect(handles.handles()).toEqual({ m: 'mutex', cv: 'condvar' });
    timer.abort();
    expect(await settled(wait)).toEqual({ kind: 'Ok', value: true });
    expect(handles.handles()).toEqual({ m: 'mutex', cv: 'condvar', g2: 'mutex-guard' });
    expect(await settled(handles.invoke(op('g2', 'panic'), never))).toEqual({ kind: 'Panicked' });
    expect(await settled(handles.invoke(op('m', 'is_poisoned'), never))).toEqual({ kind: 'Ok', value: true });
  });

  it('keeps a guard that holds nothing to itself: NoGuard, and an Ok drop, without calling the adapter', async () => {
    const handles = new AsyncHandles(promiseSync, [mutexDecl]);
    await settled(handles.invoke(op('m', 'lock', 'g'), never));
    expect(await settled(handles.invoke(op('m', 'try_lock', 'h'), never))).toEqual({ kind: 'WouldBlock' });
    expect(handles.handles()).toEqual({ m: 'mutex', g: 'mutex-guard', h: 'no-guard' });
    expect(handles.invoke(op('h', 'get'), never)).toEqual({ result: { kind: 'NoGuard' } });
    expect(handles.invoke(op('h', 'set', 1), never)).toEqual({ result: { kind: 'NoGuard' } });
    expect(handles.invoke(op('h', 'drop'), never)).toEqual({ result: { kind: 'Ok' } });
    expect(handles.handles()).toEqual({ m: 'mutex', g: 'mutex-guard' });
  });

  it('moves handles out and in with take and put (the threads executor moves them between workers)', async () => {
    const handles = new AsyncHandles(promiseSync, [mutexDecl]);
    const taken = handles.take('m');
    expect(taken.role).toBe('mutex');
    expect(() => handles.invoke(op('m', 'lock', 'g'), never)).toThrow(/does not exist or was dropped/);
    const other = new AsyncHandles(promiseSync, []);
    other.put('m', taken.role, taken.object);
    expect(await settled(other.invoke(op('m', 'lock', 'g'), never))).toEqual({ kind: 'Ok' });
    expect(other.peek('g').role).toBe('mutex-guard');
    expect(() => other.put('m', 'mutex', taken.object)).toThrow(/already exists/);
    expect(() => other.put('z', 'wizard', {})).toThrow(/unknown role wizard/);
  });

  it('names the missing factory of a declared primitive', () => {
    const { rwlock: _, ...noRwLock } = promiseSync;
    expect(faultOf(() => new AsyncHandles(noRwLock as Adapter, [decl('rwlock', { value: 0 })]))).toMatchObject({ method: 'rwlock' });
    expect(faultOf(() => new AsyncHandles({ ...promiseSync, barrier: { create: () => 7 as never } }, [decl('barrier', { n: 2 })]))).toMatchObject({ method: 'barrier.create', problem: 'returned 7, not a barrier' });
  });

  it('turns throws, wrong shapes, missing methods and rejections into faults naming the method', async () => {
    const lockWith = (mutex: Record<string, unknown>) => new AsyncHandles(withMutex(mutex), [mutexDecl]);
    expect(faultOf(() => lockWith({ lock: () => { throw new Error('boom'); } }).invoke(op('m', 'lock', 'g'), never))).toMatchObject({ method: 'mutex.lock', problem: 'threw Error: boom' });
    expect(faultOf(() => lockWith({ lock: () => ({ kind: 'Ok' }) }).invoke(op('m', 'lock', 'g'), never))).toMatchObject({ method: 'mutex.lock', problem: expect.stringMatching(/not \{ outcome, guard\? \}/) });
    expect(faultOf(() => lockWith({ lock: () => ({ outcome: { kind: 'Ok' } }) }).invoke(op('m', 'lock', 'g'), never))).toMatchObject({ method: 'mutex.lock', problem: expect.stringMatching(/without a guard/) });
    expect(faultOf(() => lockWith({ lock: () => ({ outcome: { kind: 'Full' } }) }).invoke(op('m', 'lock', 'g'), never))).toMatchObject({ method: 'mutex.lock', problem: expect.stringMatching(/lock cannot return/) });
    expect(faultOf(() => lockWith({ lock: () => ({}) }).invoke(op('m', 'try_lock', 'g'), never))).toMatchObject({ method: 'mutex.tryLock', problem: expect.stringMatching(/is missing/) });
    const rejected = lockWith({ lock: () => Promise.reject(new TypeError('gone')) }).invoke(op('m', 'lock', 'g'), never);
    await expect(settled(rejected)).rejects.toMatchObject({ method: 'mutex.lock', problem: 'rejected TypeError: gone' });
    const guardThrows = lockWith({ lock: () => ({ outcome: { kind: 'Ok' }, guard: { get: () => { throw new Error('no'); }, drop() {} } }) });
    await settled(guardThrows.invoke(op('m', 'lock', 'g'), never));
    expect(faultOf(() => guardThrows.invoke(op('g', 'get'), never))).toMatchObject({ method: 'mutexGuard.get' });
    const barrier = new AsyncHandles({ ...promiseSync, barrier: { create: () => ({ wait: () => ({ kind: 'Ok' }) }) } }, [decl('barrier', { n: 1 })]);
    expect(faultOf(() => barrier.invoke(op('x', 'wait'), never))).toMatchObject({ method: 'barrier.wait', problem: expect.stringMatching(/Leader, Follower/) });
  });

  it('reads an initializer panic propagated through the library as Panicked, anything else thrown as a fault', async () => {
    const once = (callOnce: AsyncOnce['callOnce']) => new AsyncHandles({ ...promiseSync, once: { create: () => ({ callOnce, isCompleted: () => false }) } }, [decl('once')]);
    const propagates = once((f) => {
      f();
      return { kind: 'Ok' };
    });
    expect(await settled(propagates.invoke(op('x', 'call_once_panic'), never))).toEqual({ kind: 'Panicked' });
    expect(await settled(propagates.invoke(op('x', 'call_once'), never))).toEqual({ kind: 'Ran' });
    const rejectsPanic = once(async (f) => {
      await f();
      return { kind: 'Ok' };
    });
    expect(await settled(rejectsPanic.invoke(op('x', 'call_once_panic'), never))).toEqual({ kind: 'Panicked' });
    const notRun = once(() => ({ kind: 'Ok' }));
    expect(await settled(notRun.invoke(op('x', 'call_once'), never))).toEqual({ kind: 'Ok' });
    const other = once(() => {
      throw new RangeError('bad');
    });
    expect(faultOf(() => other.invoke(op('x', 'call_once'), never))).toMatchObject({ method: 'once.callOnce', problem: 'threw RangeError: bad' });
  });

  it('ends a run with an error naming the adapter and the method', async () => {
    const adapter = withMutex({ lock: () => ({ outcome: { kind: 'Ok' }, guard: { get: () => undefined, drop() {} } }) });
    const run = await runAsync(scenarioOf('let m = Mutex::new(0)\nA: g = m.lock(); g.get()'), adapter, { judge: checkerJudge('mutex') });
    expect(run.verdict).toBe('error');
    expect(run.failure).toMatchObject({ adapter: 'broken', method: 'mutexGuard.get', op: { name: 'get' } });
  });
});

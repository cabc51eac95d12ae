import { describe, expect, it } from 'vitest';
import { numberOps } from '../../../spec/model/explore.ts';
import type { Scenario } from '../../scenario/types.ts';
import { isSharedRole, planHandles } from './handle-plan.ts';

const channel = { kind: 'channel', name: 'c0', params: { flavor: 'unbounded', capacity: null, profile: 'mpsc' }, handles: { tx: 'sender', rx: 'receiver' } };
const plan = (s: Scenario) => planHandles(s, numberOps(s));

describe('planHandles', () => {
  it('moves a channel handle from main to the one actor that uses it, and back for the suffix', () => {
    const s: Scenario = {
      model: 'channel',
      objects: [channel],
      prefix: [{ name: 'clone', target: 'tx', args: ['txA'] }],
      actors: [
        { name: 'A', ops: [{ name: 'send', target: 'txA', args: [1] }] },
        { name: 'B', ops: [{ name: 'recv', target: 'rx', args: [] }] },
      ],
      suffix: [{ name: 'drop', target: 'tx', args: [] }, { name: 'recv', target: 'rx', args: [] }],
    };
    expect(plan(s)).toEqual({
      ok: true,
      beforeParallel: [
        { name: 'txA', from: 0, to: 1, share: false },
        { name: 'rx', from: 0, to: 2, share: false },
      ],
      beforeSuffix: [{ name: 'rx', from: 2, to: 0, share: false }],
    });
  });

  it('counts as shared the handles of every declared object but a channel: never a channel handle, a guard or an iterator', () => {
    expect(['mutex', 'rwlock', 'condvar', 'barrier', 'once', 'oncelock', 'lazylock'].filter(isSharedRole)).toHaveLength(7);
    expect(['sender', 'receiver', 'channel', 'mutex-guard', 'read-guard', 'write-guard', 'iter'].filter(isSharedRole)).toEqual([]);
  });

  it('shares objects other than channels with every actor that uses them', () => {
    const s: Scenario = {
      model: 'mutex',
      objects: [{ kind: 'mutex', name: 'm', params: { value: 0 }, handles: { m: 'mutex' } }],
      prefix: [],
      actors: [
        { name: 'A', ops: [{ name: 'lock', target: 'm', args: ['g'] }, { name: 'drop', target: 'g', args: [] }] },
        { name: 'B', ops: [{ name: 'lock', target: 'm', args: ['h'] }] },
      ],
      suffix: [{ name: 'is_poisoned', target: 'm', args: [] }],
    };
    expect(plan(s)).toEqual({
      ok: true,
      beforeParallel: [
        { name: 'm', from: 0, to: 1, share: true },
        { name: 'm', from: 0, to: 2, share: true },
      ],
      beforeSuffix: [],
    });
  });

  it('refuses a channel handle used by two actors, and a guard used away from its thread', () => {
    const twoActors: Scenario = {
      model: 'channel',
      objects: [channel],
      prefix: [],
      actors: [
        { name: 'A', ops: [{ name: 'send', target: 'tx', args: [1] }] },
        { name: 'B', ops: [{ name: 'send', target: 'tx', args: [2] }] },
      ],
      suffix: [],
    };
    expect(plan(twoActors)).toMatchObject({ ok: false, reason: expect.stringContaining('B uses tx') });
    const guardAway: Scenario = {
      model: 'mutex',
      objects: [{ kind: 'mutex', name: 'm', params: { value: 0 }, handles: { m: 'mutex' } }],
      prefix: [{ name: 'lock', target: 'm', args: ['g'] }],
      actors: [{ name: 'A', ops: [{ name: 'drop', target: 'g', args: [] }] }],
      suffix: [],
    };
    expect(plan(guardAway)).toMatchObject({ ok: false, reason: expect.stringContaining('cannot travel') });
  });
});

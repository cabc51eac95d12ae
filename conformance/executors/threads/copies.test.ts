import { describe, expect, it } from 'vitest';
import { numberOps } from '../../../spec/model/explore.ts';
import type { Scenario } from '../../scenario/types.ts';
import { copiesOf, copyCount, MAX_COPIES } from './copies.ts';

/** A clones its sender, drops both; B selects over both receivers; main drops its sender last. */
const scenario: Scenario = {
  model: 'channel',
  objects: [
    { kind: 'channel', name: 'c0', params: { flavor: 'unbounded', capacity: null, profile: 'mpmc' }, handles: { tx: 'sender', rx: 'receiver' } },
    { kind: 'channel', name: 'c1', params: { flavor: 'unbounded', capacity: null, profile: 'mpmc' }, handles: { tx2: 'sender', rx2: 'receiver' } },
  ],
  prefix: [{ name: 'clone', target: 'tx', args: ['txA'] }],
  actors: [
    { name: 'A', ops: [{ name: 'clone', target: 'txA', args: ['txA2'] }, { name: 'send', target: 'txA2', args: ['c0'] }, { name: 'drop', target: 'txA2', args: [] }, { name: 'drop', target: 'txA', args: [] }] },
    { name: 'B', ops: [{ name: 'select', target: 'rx', args: ['rx', 'rx2'] }] },
  ],
  suffix: [{ name: 'drop', target: 'tx', args: [] }],
};

describe('copies of a scenario for a stress run', () => {
  const copies = copiesOf(scenario, 3);

  it('renames every object and handle of copy k to name~k, values untouched, and keeps copy 0 as it is', () => {
    const lanes = copies.scenario.actors.map((a) => a.ops.map((o) => `${o.name} ${o.target} ${JSON.stringify(o.args)}`));
    expect(lanes[0].slice(0, 4)).toEqual(scenario.actors[0].ops.map((o) => `${o.name} ${o.target} ${JSON.stringify(o.args)}`));
    // The sent string 'c0' is a value (an argument names a handle only if a handle has that name, as in handle-plan.ts).
    expect(lanes[0].slice(8)).toEqual(['clone txA~2 ["txA2~2"]', 'send txA2~2 ["c0"]', 'drop txA2~2 []', 'drop txA~2 []']);
    expect(lanes[1]).toEqual(['select rx ["rx","rx2"]', 'select rx~1 ["rx~1","rx2~1"]', 'select rx~2 ["rx~2","rx2~2"]']);
    expect(copies.scenario.objects.map((o) => `${o.name}: ${Object.keys(o.handles).join(' ')}`)).toEqual(['c0: tx rx', 'c1: tx2 rx2', 'c0~1: tx~1 rx~1', 'c1~1: tx2~1 rx2~1', 'c0~2: tx~2 rx~2', 'c1~2: tx2~2 rx2~2']);
    expect(copies.scenario.suffix.map((o) => o.target)).toEqual(['tx', 'tx~1', 'tx~2']);
  });

  it('maps every operation of the copies to its copy and its original, and back', () => {
    const copied = numberOps(copies.scenario);
    const original = numberOps(scenario);
    for (let k = 0; k < 3; k++) {
      copies.idOf[k].forEach((id, i) => {
        expect(copies.copyOf[id]).toBe(k);
        expect(copies.originalOf[id]).toBe(i);
        const op = copied[id];
        expect([op.stage, op.actor, op.name]).toEqual([original[i].stage, original[i].actor, original[i].name]);
      });
    }
    expect(new Set(copies.idOf.flat()).size).toBe(copied.length);
    expect(copies.copyOfHandle.get('txA2~2')).toBe(2);
    expect(copies.copyOfHandle.get('rx')).toBe(0);
  });

  it("reads a copy's results with the original handle names", () => {
    expect(copies.originalResult({ kind: 'Ok', value: ['rx2~1', 5] })).toEqual({ kind: 'Ok', value: ['rx2', 5] });
    expect(copies.originalResult({ kind: 'Disconnected', value: 'rx~2' })).toEqual({ kind: 'Disconnected', value: 'rx' });
    expect(copies.originalResult({ kind: 'Ok', value: 'tx~9' })).toEqual({ kind: 'Ok', value: 'tx~9' });
  });

  it('makes as many copies as fit the run, from 1 to MAX_COPIES', () => {
    expect(copyCount(scenario)).toBe(MAX_COPIES);
    const flood: Scenario = { ...scenario, prefix: Array.from({ length: 2_000 }, () => ({ name: 'send', target: 'tx', args: [1] })) };
    expect(copyCount(flood)).toBe(1);
    expect(() => copiesOf(scenario, 0)).toThrow(/0 copies/);
  });
});

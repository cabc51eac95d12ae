import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../conformance/scenario/types.ts';
import { loadSpec } from '../load-spec.ts';
import { parseExample } from './parse-example.ts';
import { printExample, printExampleBlock } from './print-example.ts';

function reparse(text: string): Scenario {
  const result = parseExample(text);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  return result.example.scenario;
}

const FORMAT_EXAMPLE = [
  'title: a full channel refuses try_send and hands the value back',
  'let tx, rx = sync_channel(1)',
  'main: tx.send(1) -> Ok; tx.try_send(2) -> Full(2)',
  'A: rx.recv() -> Ok(1)',
  'then: drop(tx); rx.recv() -> Disconnected',
  '',
].join('\n');

describe('printing an example', () => {
  it('prints the notation the chapters use', () => {
    const scenario = reparse(FORMAT_EXAMPLE);
    expect(printExample(scenario, { title: 'a full channel refuses try_send and hands the value back' })).toBe(FORMAT_EXAMPLE);
  });

  it('prints a fenced block with the rule it checks', () => {
    const scenario = reparse('title: x\nlet tx, rx = channel()\nA: tx.send(1)');
    expect(printExampleBlock(scenario, { title: 'regression', rule: 'CHAN-FIFO-1' })).toBe(
      '```example\ntitle: regression\nrule: CHAN-FIFO-1\nlet tx, rx = channel()\nA: tx.send(1)\n```\n',
    );
  });

  it('writes a run of four or more identical operations as `op ×N`, but never a drop', () => {
    const text = 'title: t\nlet tx, rx = channel()\nmain: tx.send(1) ×5; tx.send(2); tx.send(2); rx.recv() -> Ok(1) ×4\nA: drop(tx)\n';
    const scenario = reparse(text);
    expect(scenario.prefix).toHaveLength(11);
    expect(printExample(scenario, { title: 't' })).toBe(text);
  });

  it('round-trips every construct', () => {
    const scenario: Scenario = {
      model: 'channel',
      objects: [
        { kind: 'channel', name: 'c0', params: { flavor: 'rendezvous', capacity: 0, profile: 'mpsc' }, handles: { tx: 'sender', rx: 'receiver' } },
        { kind: 'channel', name: 'c1', params: { flavor: 'bounded', capacity: 4, profile: 'mpmc' }, handles: { s: 'sender', r: 'receiver' } },
        { kind: 'channel', name: 'c2', params: { flavor: 'unbounded', capacity: null, profile: 'mpmc' }, handles: { s2: 'sender', r2: 'receiver' } },
      ],
      prefix: [
        { name: 'clone', target: 'tx', args: ['tx2'] },
        { name: 'send', target: 's', args: [{ a: [1, 'b;c'] }], expect: [{ kind: 'Ok' }] },
      ],
      actors: [
        { name: 'A', ops: [{ name: 'send', target: 'tx2', args: ['x->y|z'], expect: [{ kind: 'Ok' }, 'blocks'] }, { name: 'drop', target: 'tx2', args: [] }] },
        { name: 'B', ops: [{ name: 'select', target: 'rx', args: ['rx', 'r'], expect: [{ kind: 'Ok', value: ['rx', 'x->y|z'] }] }] },
        { name: 'C', ops: [] },
      ],
      suffix: [
        { name: 'iter', target: 'r', args: ['it'] },
        { name: 'next', target: 'it', args: [], expect: [{ kind: 'Some', value: { a: [1, 'b;c'] } }, { kind: 'None' }] },
        { name: 'recv_timeout', target: 'r2', args: [0], expect: [{ kind: 'Timeout' }] },
      ],
    };
    expect(reparse(printExample(scenario, { title: 'everything' }))).toEqual(scenario);
  });

  it('round-trips guards, handle arguments and a condvar with its mutex', () => {
    const text = [
      'title: locks',
      'let m = Mutex::new({"n":0})',
      'let cv = Condvar::new()',
      'main: g = m.try_lock() -> Ok | WouldBlock; drop(g)',
      'A: g1 = m.lock(); g2 = cv.wait_timeout_while(g1, 100, "value == \\"g1\\"") -> Ok(false) | Ok(true); drop(g2)',
      'then: cv.notify_all() -> Ok',
      '',
    ].join('\n');
    const scenario = reparse(text);
    expect(scenario.actors[0].ops[1].args).toEqual(['g2', 'g1', 100, 'value == "g1"']);
    expect(printExample(scenario, { title: 'locks' })).toBe(text);
  });
  it('round-trips every example of the spec', () => {
    const result = loadSpec({ typecheck: false });
    if (!result.ok) throw new Error('the spec does not load');
    for (const example of result.spec.examples) {
      expect(reparse(printExample(example.scenario, { title: example.title })), `${example.file}:${example.line}`).toEqual(example.scenario);
    }
  });

  it('refuses a scenario no vocabulary can write', () => {
    const scenario: Scenario = { model: 'semaphore', objects: [], prefix: [], actors: [], suffix: [] };
    expect(() => printExample(scenario, { title: 't' })).toThrow('no example vocabulary for model semaphore');
  });
});

import { describe, expect, it } from 'vitest';
import { formatSpecError } from '../diagnostics.ts';
import { channelVocabulary } from './channel-vocabulary.ts';
import { parseExample, type ParsedExample } from './parse-example.ts';
import { VocabularyRegistry } from './vocabulary.ts';

function parse(text: string): ParsedExample {
  const result = parseExample(text);
  if (!result.ok) throw new Error(result.errors.map(formatSpecError).join('\n'));
  return result.example;
}

/** Errors as `line: message`; the example's first line is chapter line 10. */
function errors(text: string): string[] {
  const result = parseExample(text, { file: 'spec/channels.md', line: 10 });
  return result.ok ? [] : result.errors.map(formatSpecError);
}

describe('the example of FORMAT.md', () => {
  it('reads into a scenario with the allowed outcomes', () => {
    const example = parse(
      [
        'title: a full channel refuses try_send and hands the value back',
        'let tx, rx = sync_channel(1)',
        'main: tx.send(1) -> Ok; tx.try_send(2) -> Full(2)',
        'A: rx.recv() -> Ok(1)',
        'then: drop(tx); rx.recv() -> Disconnected',
      ].join('\n'),
    );
    expect(example).toEqual({
      title: 'a full channel refuses try_send and hands the value back',
      scenario: {
        model: 'channel',
        objects: [
          { kind: 'channel', name: 'c0', params: { flavor: 'bounded', capacity: 1, profile: 'mpsc' }, handles: { tx: 'sender', rx: 'receiver' } },
        ],
        prefix: [
          { name: 'send', target: 'tx', args: [1], expect: [{ kind: 'Ok' }] },
          { name: 'try_send', target: 'tx', args: [2], expect: [{ kind: 'Full', value: 2 }] },
        ],
        actors: [{ name: 'A', ops: [{ name: 'recv', target: 'rx', args: [], expect: [{ kind: 'Ok', value: 1 }] }] }],
        suffix: [
          { name: 'drop', target: 'tx', args: [] },
          { name: 'recv', target: 'rx', args: [], expect: [{ kind: 'Disconnected' }] },
        ],
      },
    });
  });
});

describe('constructors', () => {
  const objects = (lets: string) => parse(`title: t\n${lets}`).scenario.objects;

  it('make the channel flavors, named c0, c1, ... in declaration order', () => {
    expect(objects('let a, b = channel()\nlet c, d = sync_channel(0)\nlet e, f = sync_channel(3)')).toEqual([
      { kind: 'channel', name: 'c0', params: { flavor: 'unbounded', capacity: null, profile: 'mpsc' }, handles: { a: 'sender', b: 'receiver' } },
      { kind: 'channel', name: 'c1', params: { flavor: 'rendezvous', capacity: 0, profile: 'mpsc' }, handles: { c: 'sender', d: 'receiver' } },
      { kind: 'channel', name: 'c2', params: { flavor: 'bounded', capacity: 3, profile: 'mpsc' }, handles: { e: 'sender', f: 'receiver' } },
    ]);
  });

  it('mpmc:: constructors have the mpmc profile; `let (a, b)` is accepted too', () => {
    expect(objects('let (tx, rx) = mpmc::channel()\nlet tx2, rx2 = mpmc::sync_channel(2)').map((o) => o.params)).toEqual([
      { flavor: 'unbounded', capacity: null, profile: 'mpmc' },
      { flavor: 'bounded', capacity: 2, profile: 'mpmc' },
    ]);
  });

  it('check their arguments and handles', () => {
    expect(errors('title: t\nlet tx, rx = sync_channel(-1)\nlet a = channel()\nlet b, c = channel(1)')).toEqual([
      'spec/channels.md:11: sync_channel: sync_channel(n) takes one argument, a capacity n >= 0',
      'spec/channels.md:12: channel: a channel has two handles (sender, receiver), got 1',
      'spec/channels.md:13: channel: channel() takes no argument',
    ]);
  });
});

describe('operations', () => {
  const ops = (line: string) => parse(`title: t\nlet tx, rx = channel()\nlet tx1, rx1 = channel()\n${line}`).scenario.prefix;

  it('method calls take JSON arguments', () => {
    expect(ops('main: tx.send("a"); tx.send([1, {"k": null}]); rx.recv_timeout(10)')).toEqual([
      { name: 'send', target: 'tx', args: ['a'] },
      { name: 'send', target: 'tx', args: [[1, { k: null }]] },
      { name: 'recv_timeout', target: 'rx', args: [10] },
    ]);
  });

  it('clone and iter name the handle they create, which later lines use', () => {
    expect(ops('main: tx2 = tx.clone(); tx2.send(1); it = rx.iter(); it.next()')).toEqual([
      { name: 'clone', target: 'tx', args: ['tx2'] },
      { name: 'send', target: 'tx2', args: [1] },
      { name: 'iter', target: 'rx', args: ['it'] },
      { name: 'next', target: 'it', args: [] },
    ]);
  });

  it('functions over handles: drop(h) and select(h1, h2)', () => {
    expect(ops('main: drop(tx); select(rx, rx1)')).toEqual([
      { name: 'drop', target: 'tx', args: [] },
      { name: 'select', target: 'rx', args: ['rx', 'rx1'] },
    ]);
  });

  it('`op ×N` runs an operation N times in a row, with its expectation', () => {
    expect(ops('main: tx.send(1) ×3; rx.try_recv() -> Ok(1) ×2')).toEqual([
      { name: 'send', target: 'tx', args: [1] },
      { name: 'send', target: 'tx', args: [1] },
      { name: 'send', target: 'tx', args: [1] },
      { name: 'try_recv', target: 'rx', args: [], expect: [{ kind: 'Ok', value: 1 }] },
      { name: 'try_recv', target: 'rx', args: [], expect: [{ kind: 'Ok', value: 1 }] },
    ]);
    expect(ops('main: tx.send("a ×3")')).toEqual([{ name: 'send', target: 'tx', args: ['a ×3'] }]);
    const line = (text: string) => errors(`title: t\nlet tx, rx = channel()\n${text}`);
    expect(line('main: tx.send(1) ×1')[0]).toMatch(/repeats an operation 2 to 10000 times/);
    expect(line('main: tx2 = tx.clone() ×2')[0]).toMatch(/`clone` creates a handle, so it cannot be repeated/);
    expect(line('main: drop(tx) ×2')[0]).toMatch(/`drop` cannot be repeated/);
  });

  it('actors are in order of first appearance; lines with one label concatenate', () => {
    const scenario = parse('title: t\nlet tx, rx = channel()\nB: rx.recv()\nA: tx.send(1)\nB: rx.recv()\nA:\nmain:').scenario;
    expect(scenario.actors.map((a) => [a.name, a.ops.length])).toEqual([
      ['B', 2],
      ['A', 1],
    ]);
  });
});

describe('locks: guards, handle arguments, combined vocabularies', () => {
  it('a lock creates a guard handle', () => {
    const example = parse('title: t\nlet m = Mutex::new(0)\nmain: g = m.lock() -> Ok | Poisoned; g.set(1); drop(g)');
    expect(example.scenario.model).toBe('mutex');
    expect(example.scenario.objects).toEqual([{ kind: 'mutex', name: 'm0', params: { value: 0 }, handles: { m: 'mutex' } }]);
    expect(example.scenario.prefix).toEqual([
      { name: 'lock', target: 'm', args: ['g'], expect: [{ kind: 'Ok' }, { kind: 'Poisoned' }] },
      { name: 'set', target: 'g', args: [1] },
      { name: 'drop', target: 'g', args: [] },
    ]);
  });
  it('a condvar example declares its mutex with Mutex::new and runs against the condvar model', () => {
    const example = parse('title: t\nlet m = Mutex::new(0)\nlet cv = Condvar::new()\nA: g = m.lock(); g2 = cv.wait_while(g, "value == 0") -> Ok');
    expect(example.scenario.model).toBe('condvar');
    expect(example.scenario.objects.map((o) => [o.kind, o.name])).toEqual([
      ['mutex', 'm0'],
      ['condvar', 'cv1'],
    ]);
    expect(example.scenario.actors[0].ops[1]).toEqual({ name: 'wait_while', target: 'cv', args: ['g2', 'g', 'value == 0'], expect: [{ kind: 'Ok' }] });
  });
  it('the order of the declarations does not matter', () => {
    expect(parse('title: t\nlet cv = Condvar::new()\nlet m = Mutex::new(0)').scenario.model).toBe('condvar');
  });
  it('handle arguments must be known handles; models that do not include each other do not mix', () => {
    expect(
      errors(
        [
          'title: t',
          'let m = Mutex::new(0)',
          'let cv = Condvar::new()',
          'main: g2 = cv.wait(h)',
          'main: g3 = cv.wait(5)',
          'main: g4 = cv.wait()',
          'let l = RwLock::new(0)',
          'let x = Mutex::new()',
        ].join('\n'),
      ),
    ).toEqual([
      'spec/channels.md:13: unknown handle `h`',
      'spec/channels.md:14: `wait` takes a handle first, and `5` is not one',
      'spec/channels.md:15: `wait` takes a handle first, as in `wait(g)`',
      'spec/channels.md:16: `RwLock::new` makes a rwlock, but this example is about a condvar',
      'spec/channels.md:17: Mutex::new: Mutex::new(v) takes one argument, the protected value',
    ]);
  });
});

describe('outcomes', () => {
  const expects = (outcomes: string) => parse(`title: t\nlet tx, rx = channel()\nmain: rx.recv() -> ${outcomes}`).scenario.prefix[0].expect;

  it('kinds with and without JSON values, alternatives, blocks', () => {
    expect(expects('Ok')).toEqual([{ kind: 'Ok' }]);
    expect(expects('Ok(1) | Disconnected | blocks')).toEqual([{ kind: 'Ok', value: 1 }, { kind: 'Disconnected' }, 'blocks']);
    expect(expects('Ok([1, 2])')).toEqual([{ kind: 'Ok', value: [1, 2] }]);
    expect(expects('Ok(["rx2", 5]) | Full("a|b")')).toEqual([{ kind: 'Ok', value: ['rx2', 5] }, { kind: 'Full', value: 'a|b' }]);
  });
});

describe('schedules', () => {
  it('`schedules: N` asks for at most N schedules per executor mode; without it, the executor decides', () => {
    expect(parse('title: t\nschedules: 1\nlet tx, rx = channel()\nmain: tx.send(1) ×3').schedules).toBe(1);
    expect(parse('title: t\nlet tx, rx = channel()\nmain: tx.send(1)').schedules).toBeUndefined();
  });
  it('takes a whole number from 1 to 20, once', () => {
    const body = 'let tx, rx = channel()\nmain: tx.send(1)';
    expect(errors(`title: t\nschedules: 0\n${body}`)).toEqual(['spec/channels.md:11: `schedules: 0`: a whole number from 1 to 20']);
    expect(errors(`title: t\nschedules: 1.5\n${body}`)).toEqual(['spec/channels.md:11: `schedules: 1.5`: a whole number from 1 to 20']);
    expect(errors(`title: t\nschedules: 21\n${body}`)).toEqual(['spec/channels.md:11: `schedules: 21`: a whole number from 1 to 20']);
    expect(errors(`title: t\nschedules: 1\nschedules: 2\n${body}`)).toEqual(['spec/channels.md:12: second `schedules:` (the first is on line 11)']);
  });
});

describe('errors name the line and what is wrong', () => {
  it('an unknown constructor', () => {
    const result = parseExample('title: t\nlet tx, rx = chanel()', { file: 'spec/channels.md', line: 10, vocabularies: new VocabularyRegistry([channelVocabulary]) });
    expect(result.ok ? [] : result.errors.map(formatSpecError)).toEqual([
      'spec/channels.md:11: unknown constructor `chanel` (known: channel, sync_channel, mpmc::channel, mpmc::sync_channel)',
    ]);
  });

  it('an unknown handle, as receiver or as argument', () => {
    expect(errors('title: t\nlet tx, rx = channel()\nmain: ty.send(1)\nA: drop(rz)')).toEqual([
      'spec/channels.md:12: unknown handle `ty`',
      'spec/channels.md:13: unknown handle `rz`',
    ]);
  });

  it('bad outcomes', () => {
    expect(errors('title: t\nlet tx, rx = channel()\nmain: rx.recv() -> ok\nA: rx.recv() -> Ok(1, 2)\nB: rx.recv() -> Ok | \nC: rx.recv() -> Ok -> Ok')).toEqual([
      'spec/channels.md:12: bad outcome `ok` (expected `Kind`, `Kind(value)` or `blocks`)',
      'spec/channels.md:13: bad outcome `Ok(1, 2)`: `1, 2` is not a JSON value',
      'spec/channels.md:14: bad outcome `` (expected `Kind`, `Kind(value)` or `blocks`)',
      'spec/channels.md:15: more than one `->` in `rx.recv() -> Ok -> Ok`',
    ]);
  });

  it('an actor line before any let, and no let at all', () => {
    expect(errors('title: t\nA: tx.send(1)\nlet tx, rx = channel()')).toEqual([
      'spec/channels.md:11: `A:` line before any `let`: declare the primitive and its handles first',
    ]);
    expect(errors('title: t')).toEqual(['spec/channels.md:10: the example declares no primitive: add a `let` line']);
  });

  it('malformed operations and arguments', () => {
    expect(
      errors(
        [
          'title: t',
          'let tx, rx = channel()',
          'main: tx.send(x)',
          'main: tx.send(1);; tx.send(2)',
          'main: tx.clone()',
          'main: t2 = tx.send(1)',
          'main: tx2 = tx.clone(); tx2 = tx.clone()',
          'main: send 1',
          'main: select(rx, 5)',
          'what is this',
        ].join('\n'),
      ),
    ).toEqual([
      'spec/channels.md:12: `x` is not a JSON value (strings are written in double quotes)',
      'spec/channels.md:13: empty operation (two `;` in a row, or a trailing `;`)',
      'spec/channels.md:14: `clone` creates a handle: write `h2 = tx.clone(...)`',
      'spec/channels.md:15: `send` creates no handle: drop `t2 =`',
      'spec/channels.md:16: handle `tx2` is declared twice',
      'spec/channels.md:17: expected an operation such as `h.op(args)`, `drop(h)` or `h2 = h.clone()`, got `send 1`',
      'spec/channels.md:18: `select` takes handles, and `5` is not one',
      'spec/channels.md:19: cannot read `what is this`: expected `title:`, `rule:`, `schedules:`, `let`, `main:`, an actor (`A:`) or `then:`',
    ]);
  });

  it('still reports the title and rule of an example that does not parse', () => {
    const result = parseExample('title: t\nrule: CHAN-X-1\nlet tx, rx = nope()');
    expect(result.ok ? undefined : [result.title, result.rule]).toEqual(['t', { id: 'CHAN-X-1', line: 2 }]);
  });
});

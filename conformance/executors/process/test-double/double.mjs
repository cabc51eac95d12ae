#!/usr/bin/env node
// A test double for the process executor: a child that speaks PROTOCOL.md and runs a
// scenario's actors as async tasks over a simple in-process channel. Plain JavaScript so
// that it starts in a few tens of milliseconds (no TypeScript loader).
//
//   node double.mjs [--mode MODE] [--pidfile FILE] [--no-elapsed]
//
// --no-elapsed: ret lines carry no elapsed_ms (the field is optional in PROTOCOL.md).
//
// MODE is `correct` (default), or a deliberate fault:
//   buffering-rendezvous  sync_channel(0).send completes at once, as if it had a buffer of one (a safety bug)
//   lost-wakeup           dropping the last sender does not wake a blocked receiver (a liveness bug)
//   early-timeout         recv_timeout on an empty channel says Timeout at once, whatever its duration
//   crash                 exits with status 3 and a message on stderr once the actors start
//   garbage               writes a line that is not JSON after its hello
//   early-exit            exits with status 0 after the first operation, without an `end`
//   hang                  stamps the first actor operation, then spins forever and ignores `end`
//   error                 reports `{"error": ...}` instead of running the scenario
//   reorder               correct, but writes its event lines in batches, the actors' in reverse
//                         order of their first event, so stamps arrive out of order (as from
//                         threads that stamp, then write) — each actor's own in order, all before `end`
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const mode = flag('--mode', 'correct');
const pidfile = flag('--pidfile', undefined);
if (pidfile !== undefined) writeFileSync(pidfile, String(process.pid));
const reportsElapsed = !argv.includes('--no-elapsed');

const write = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
/** reorder: [actor, message] pairs waiting to be written. */
let batch = [];
const flush = () => {
  const actors = [...new Set(batch.map(([actor]) => actor))].reverse();
  for (const actor of actors) for (const [a, message] of batch) if (a === actor) write(message);
  batch = [];
};
const out = (message, actor = 'main') => {
  if (mode !== 'reorder' || !('op' in message)) {
    flush();
    return write(message);
  }
  if (batch.length === 0) setImmediate(flush);
  batch.push([actor, message]);
};
let clock = 0;
const tick = () => ++clock;

// ---- the channel ----

const ok = (value) => (value === undefined ? { kind: 'Ok' } : { kind: 'Ok', value });
const outcome = (kind, value) => (value === undefined ? { kind } : { kind, value });

class Channel {
  constructor(params) {
    this.flavor = params.flavor;
    this.capacity = params.flavor === 'unbounded' ? Infinity : params.flavor === 'rendezvous' ? 0 : params.capacity;
    if (mode === 'buffering-rendezvous' && this.flavor === 'rendezvous') this.capacity = 1;
    this.buffer = [];
    this.senders = 0;
    this.receivers = 0;
    /** Receivers waiting: { deliver(outcome) }. */
    this.receiving = [];
    /** Senders waiting: { value, resolve(outcome) }. */
    this.sending = [];
  }

  send(value, tryOnly) {
    if (this.receivers === 0) return outcome('Disconnected', value);
    const waiter = this.receiving.shift();
    if (waiter !== undefined) {
      waiter.deliver(ok(value));
      return ok();
    }
    if (this.buffer.length < this.capacity) {
      this.buffer.push(value);
      return ok();
    }
    if (tryOnly) return outcome('Full', value);
    return new Promise((resolve) => this.sending.push({ value, resolve }));
  }

  /** how: 'block', 'try', or a timeout in ms. */
  recv(how) {
    if (this.buffer.length > 0) {
      const value = this.buffer.shift();
      const sender = this.sending.shift();
      if (sender !== undefined) {
        this.buffer.push(sender.value);
        sender.resolve(ok());
      }
      return ok(value);
    }
    const sender = this.sending.shift();
    if (sender !== undefined) {
      sender.resolve(ok());
      return ok(sender.value);
    }
    if (this.senders === 0) return outcome('Disconnected');
    if (how === 'try') return outcome('Empty');
    if (how === 0 || (typeof how === 'number' && mode === 'early-timeout')) return outcome('Timeout');
    return new Promise((resolve) => {
      const waiter = { deliver: resolve };
      if (typeof how === 'number') {
        const timer = setTimeout(() => {
          this.receiving = this.receiving.filter((w) => w !== waiter);
          resolve(outcome('Timeout'));
        }, how);
        waiter.deliver = (o) => {
          clearTimeout(timer);
          resolve(o);
        };
      }
      this.receiving.push(waiter);
    });
  }

  dropSender() {
    this.senders--;
    if (this.senders === 0 && mode !== 'lost-wakeup') for (const w of this.receiving.splice(0)) w.deliver(outcome('Disconnected'));
  }

  dropReceiver() {
    this.receivers--;
    if (this.receivers === 0) {
      this.buffer = [];
      for (const s of this.sending.splice(0)) s.resolve(outcome('Disconnected', s.value));
    }
  }
}

// ---- the scenario ----

const handles = new Map();

function setUp(objects) {
  for (const decl of objects) {
    if (decl.kind !== 'channel') throw new Error(`the double runs channel scenarios only, not ${decl.kind}`);
    const channel = new Channel(decl.params);
    for (const [name, role] of Object.entries(decl.handles)) {
      handles.set(name, { channel, role });
      if (role === 'sender') channel.senders++;
      else channel.receivers++;
    }
  }
}

function perform(op) {
  const h = handles.get(op.target);
  if (h === undefined) throw new Error(`op ${op.id}: no handle ${op.target}`);
  const c = h.channel;
  switch (op.name) {
    case 'send': return c.send(op.args[0], false);
    case 'try_send': return c.send(op.args[0], true);
    case 'recv': return c.recv('block');
    case 'try_recv': return c.recv('try');
    case 'recv_timeout': return c.recv(Number(op.args[0]));
    case 'clone':
      if (h.role === 'sender') c.senders++;
      else c.receivers++;
      handles.set(String(op.args[0]), { channel: c, role: h.role });
      return ok();
    case 'drop':
      handles.delete(op.target);
      if (h.role === 'sender') c.dropSender();
      if (h.role === 'receiver') c.dropReceiver();
      return ok();
    case 'iter':
    case 'try_iter':
      handles.set(String(op.args[0]), { channel: c, role: op.name });
      return ok();
    case 'next': {
      const got = c.recv(h.role === 'iter' ? 'block' : 'try');
      const name = (o) => (o.kind === 'Ok' ? outcome('Some', o.value) : outcome('None'));
      return got instanceof Promise ? got.then(name) : name(got);
    }
    default:
      throw new Error(`op ${op.id}: the double has no operation ${op.name}`);
  }
}

const called = new Set();
const returned = new Set();

async function invoke(op) {
  called.add(op.id);
  out({ op: op.id, call: tick() }, op.actor);
  if (mode === 'early-exit') process.exit(0);
  if (mode === 'hang' && op.actor !== undefined) for (;;);
  const started = performance.now();
  const result = await perform(op);
  const elapsed = performance.now() - started;
  returned.add(op.id);
  out({ op: op.id, ret: tick(), outcome: result, ...(reportsElapsed ? { elapsed_ms: elapsed } : {}) }, op.actor);
}

function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A pause of 0..2 event-loop turns: enough to interleave the actors differently per seed. */
function pause(next) {
  const turns = Math.floor(next() * 3);
  let p = Promise.resolve();
  for (let i = 0; i < turns; i++) p = p.then(() => new Promise((r) => setImmediate(r)));
  return p;
}

let suffixGo;
const suffixGate = new Promise((resolve) => (suffixGo = resolve));

async function run(message) {
  const { objects, prefix, actors, suffix, options } = message.run;
  setUp(objects);
  for (const op of prefix) await invoke(op);
  out({ stage: 'parallel' });
  if (mode === 'crash') {
    process.stderr.write('double: crashing on purpose\n');
    process.exit(3);
  }
  const next = random(options.seed);
  for (const actor of actors) {
    void (async () => {
      for (const op of actor.ops) {
        if (options.jitterMicros > 0) await pause(next);
        await invoke({ ...op, actor: actor.name });
      }
    })();
  }
  await suffixGate;
  out({ stage: 'suffix' });
  for (const op of suffix) await invoke(op);
}

out({ hello: { protocol: 1, implementation: `syncspec test double (${mode})` } });
if (mode === 'garbage') process.stdout.write('this is not JSON\n');

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === '') return;
  const message = JSON.parse(line);
  if ('run' in message) {
    if (mode === 'error') return out({ error: 'the double refuses to run this scenario' });
    run(message).catch((e) => {
      out({ error: String(e?.message ?? e) });
    });
  } else if ('suffix' in message) {
    suffixGo();
  } else if ('end' in message) {
    const pending = [...called].filter((id) => !returned.has(id));
    out({ end: { clock, pending } });
    process.exit(0);
  }
});

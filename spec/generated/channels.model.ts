// generated from spec/channels.md — edit the chapter, not this file

// spec/channels.md:79
import { List, Map as PersistentMap } from 'immutable';
import type { Model, OpCall, Outcome, Transition, Value } from '../model/types.ts';

export interface ChannelDecl {
  readonly kind: string;
  readonly name: string;
  readonly params: { readonly [key: string]: Value };
  readonly handles: { readonly [handle: string]: string };
}

export type Flavor = 'unbounded' | 'bounded' | 'rendezvous';
export type Role = 'sender' | 'receiver' | 'iter' | 'try_iter';

interface Chan {
  readonly flavor: Flavor;
  readonly capacity: number;
  readonly mpmc: boolean;
  readonly buffer: List<Value>;
  readonly senders: number;
  readonly receivers: number;
}

interface Handle {
  readonly chan: string;
  readonly role: Role;
}

interface Offer {
  readonly op: number;
  readonly chan: string;
  readonly value: Value;
}

interface Waiter {
  readonly op: number;
  readonly chans: readonly string[];
}

interface Delivery {
  readonly op: number;
  readonly chan: string;
  readonly value: Value;
}

export interface ChannelState {
  readonly chans: { readonly [name: string]: Chan };
  readonly handles: PersistentMap<string, Handle>;
  readonly offers: readonly Offer[];
  readonly taken: readonly number[];
  readonly waiters: readonly Waiter[];
  readonly delivered: readonly Delivery[];
}


// spec/channels.md:137

function flavorOf(decl: ChannelDecl): Flavor {
  const f = decl.params.flavor;
  if (f === 'unbounded' || f === 'bounded' || f === 'rendezvous') return f;
  throw new Error(`channel model: ${decl.name} has an unknown flavor ${JSON.stringify(f)}`);
}

function capacityOf(decl: ChannelDecl, flavor: Flavor): number {
  if (flavor === 'unbounded') return Infinity;
  if (flavor === 'rendezvous') return 0;
  const n = decl.params.capacity;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new Error(`channel model: bounded channel ${decl.name} needs an integer capacity ≥ 1, got ${JSON.stringify(n)}`);
  }
  return n;
}

function init(decls: readonly ChannelDecl[]): ChannelState {
  const chans: Record<string, Chan> = {};
  let handles = PersistentMap<string, Handle>();
  for (const decl of decls) {
    if (decl.kind !== 'channel') continue;
    const flavor = flavorOf(decl);
    let senders = 0;
    let receivers = 0;
    for (const [name, role] of Object.entries(decl.handles)) {
      if (role === 'sender') senders++;
      else if (role === 'receiver') receivers++;
      else throw new Error(`channel model: handle ${name} of ${decl.name} has an unknown role ${role}`);
      handles = handles.set(name, { chan: decl.name, role });
    }
    chans[decl.name] = {
      flavor,
      capacity: capacityOf(decl, flavor),
      mpmc: decl.params.profile === 'mpmc',
      buffer: List(),
      senders,
      receivers,
    };
  }
  return { chans, handles, offers: [], taken: [], waiters: [], delivered: [] };
}


// spec/channels.md:186

function ok(value?: Value): Outcome {
  return value === undefined ? { kind: 'Ok' } : { kind: 'Ok', value };
}

function err(kind: string, value?: Value): Outcome {
  return value === undefined ? { kind } : { kind, value };
}

function handleOf(state: ChannelState, op: OpCall, name: string, roles: readonly Role[]): Handle {
  const handle = state.handles.get(name);
  if (handle === undefined) {
    throw new Error(`channel model: op ${op.id} (${op.actor}: ${op.target}.${op.name}) uses handle ${name}, which does not exist or was dropped`);
  }
  if (!roles.includes(handle.role)) {
    throw new Error(`channel model: op ${op.id} (${op.actor}: ${op.target}.${op.name}) needs a ${roles.join(' or ')} handle, ${name} is a ${handle.role}`);
  }
  return handle;
}

function withChan(state: ChannelState, name: string, chan: Chan): ChannelState {
  return { ...state, chans: { ...state.chans, [name]: chan } };
}

function without<T extends { readonly op: number }>(list: readonly T[], op: number): readonly T[] {
  return list.filter((x) => x.op !== op);
}

function isRendezvous(state: ChannelState, chan: string): boolean {
  return state.chans[chan].flavor === 'rendezvous';
}

/** The channels a receive-like operation listens on: its target's, or every argument's for `select`. */
function listenedChans(state: ChannelState, op: OpCall): readonly string[] {
  if (op.name === 'select') {
    return op.args.map((h) => handleOf(state, op, String(h), ['receiver']).chan);
  }
  return [handleOf(state, op, op.target, ['receiver', 'iter', 'try_iter']).chan];
}


// spec/channels.md:239

/** What a receive found, before each operation names it in its own words. */
type Received =
  | { readonly tag: 'value'; readonly from: string; readonly value: Value }
  | { readonly tag: 'disconnected'; readonly from: string }
  | { readonly tag: 'empty' }
  | { readonly tag: 'timeout' };

type ReceiveMode = 'blocking' | 'timeout' | 'try';

interface Source {
  readonly handle: string;
  readonly chan: string;
}

function sourcesOf(state: ChannelState, op: OpCall): readonly Source[] {
  if (op.name === 'select') {
    return op.args.map((h) => ({ handle: String(h), chan: handleOf(state, op, String(h), ['receiver']).chan }));
  }
  return [{ handle: op.target, chan: handleOf(state, op, op.target, ['receiver', 'iter', 'try_iter']).chan }];
}

/**
 * Every way a receive over `sources` can complete in `state`, with the state after it.
 * A value buffered or offered by a blocked rendezvous sender is taken; a channel that
 * is empty with no sender left reports disconnection; otherwise the receive waits,
 * gives up (`timeout`, only through its timer) or reports `empty` (`try`).
 */
function receive(state: ChannelState, op: OpCall, sources: readonly Source[], mode: ReceiveMode): { state: ChannelState; got: Received; rule: string }[] {
  const done = (s: ChannelState): ChannelState => ({ ...s, waiters: without(s.waiters, op.id) });
  const delivery = state.delivered.find((d) => d.op === op.id);
  if (delivery !== undefined) {
    // A try_send handed this waiting receiver its value (CHAN-RDV-2).
    const from = sources.find((s) => s.chan === delivery.chan)!.handle;
    return [{ state: { ...state, delivered: without(state.delivered, op.id) }, got: { tag: 'value', from, value: delivery.value }, rule: 'CHAN-RDV-2' }];
  }
  const results: { state: ChannelState; got: Received; rule: string }[] = [];
  for (const source of sources) {
    const chan = state.chans[source.chan];
    if (chan.buffer.size > 0) {
      const value = chan.buffer.first() as Value;
      results.push({ state: done(withChan(state, source.chan, { ...chan, buffer: chan.buffer.shift() })), got: { tag: 'value', from: source.handle, value }, rule: 'CHAN-FIFO-1' });
      continue;
    }
    const offers = state.offers.filter((o) => o.chan === source.chan);
    for (const offer of offers) {
      // Take the value of a sender blocked in a rendezvous send; that send then succeeds (CHAN-RDV-3).
      const s: ChannelState = { ...state, offers: without(state.offers, offer.op), taken: [...state.taken, offer.op] };
      results.push({ state: done(s), got: { tag: 'value', from: source.handle, value: offer.value }, rule: 'CHAN-RDV-3' });
    }
    if (offers.length === 0 && chan.senders === 0) {
      results.push({ state: done(state), got: { tag: 'disconnected', from: source.handle }, rule: 'CHAN-DRAIN-1' });
    }
  }
  if (results.length > 0) return results;
  if (mode === 'try') return [{ state, got: { tag: 'empty' }, rule: 'CHAN-TRYRECV-1' }];
  if (mode === 'timeout') return [{ state: done(state), got: { tag: 'timeout' }, rule: 'CHAN-TIMEOUT-3' }];
  return [];
}

/** Receive operations that can be seen waiting: those listening on a rendezvous channel. */
function waitsVisibly(state: ChannelState, op: OpCall): boolean {
  if (!['recv', 'recv_timeout', 'select', 'next'].includes(op.name)) return false;
  if (op.name === 'next' && state.handles.get(op.target)?.role !== 'iter') return false;
  return listenedChans(state, op).some((c) => isRendezvous(state, c));
}

function register(state: ChannelState, op: OpCall): Transition<ChannelState> {
  const chans = listenedChans(state, op).filter((c) => isRendezvous(state, c));
  return { state: { ...state, waiters: [...state.waiters, { op: op.id, chans }] } };
}

function receiveOp(state: ChannelState, op: OpCall, mode: ReceiveMode, name: (got: Received) => Outcome): Transition<ChannelState>[] {
  return receive(state, op, sourcesOf(state, op), mode).map(({ state: next, got, rule }) => ({
    state: next,
    result: name(got),
    rule,
    ...(got.tag === 'timeout' ? { timed: true } : {}),
  }));
}

const recvNames = (got: Received): Outcome => {
  switch (got.tag) {
    case 'value': return ok(got.value);
    case 'disconnected': return err('Disconnected');
    case 'empty': return err('Empty');
    case 'timeout': return err('Timeout');
  }
};

const iterNames = (got: Received): Outcome => (got.tag === 'value' ? err('Some', got.value) : err('None'));

const selectNames = (got: Received): Outcome => {
  switch (got.tag) {
    case 'value': return ok([got.from, got.value]);
    case 'disconnected': return err('Disconnected', got.from);
    default: throw new Error(`channel model: select cannot end with ${got.tag}`);
  }
};

// spec/channels.md:350


function send(state: ChannelState, op: OpCall, phase: number, mode: 'blocking' | 'try'): Transition<ChannelState>[] {
  const name = handleOf(state, op, op.target, ['sender']).chan;
  const chan = state.chans[name];
  const value = op.args[0];
  if (chan.flavor === 'rendezvous' && mode === 'blocking') {
    if (phase === 0) {
      // The sender is now seen waiting with its value (CHAN-RDV-1).
      return [{ state: { ...state, offers: [...state.offers, { op: op.id, chan: name, value }] } }];
    }
    if (state.taken.includes(op.id)) {
      return [{ state: { ...state, taken: state.taken.filter((t) => t !== op.id) }, result: ok(), rule: 'CHAN-RDV-1' }];
    }
    if (chan.receivers === 0) {
      return [{ state: { ...state, offers: without(state.offers, op.id) }, result: err('Disconnected', value), rule: 'CHAN-WAKE-S' }];
    }
    return [];
  }
  // Disconnected is checked first: it wins over Full (CHAN-BND-3).
  if (chan.receivers === 0) return [{ state, result: err('Disconnected', value), rule: 'CHAN-SEND-3' }];
  if (chan.flavor === 'rendezvous') {
    // try_send on a rendezvous channel: only a receiver seen waiting can take the value (CHAN-RDV-2).
    const waiting = state.waiters.filter((w) => w.chans.includes(name));
    if (waiting.length === 0) return [{ state, result: err('Full', value), rule: 'CHAN-RDV-2' }];
    return waiting.map((w) => ({
      state: { ...state, waiters: without(state.waiters, w.op), delivered: [...state.delivered, { op: w.op, chan: name, value }] },
      result: ok(),
      rule: 'CHAN-RDV-2',
    }));
  }
  if (chan.buffer.size >= chan.capacity) {
    // Full: a blocking send waits (CHAN-BND-1), try_send hands the value back (CHAN-BND-2).
    return mode === 'try' ? [{ state, result: err('Full', value), rule: 'CHAN-BND-2' }] : [];
  }
  return [{ state: withChan(state, name, { ...chan, buffer: chan.buffer.push(value) }), result: ok(), rule: chan.flavor === 'unbounded' ? 'CHAN-SEND-1' : 'CHAN-BND-1' }];
}


// spec/channels.md:398

function cloneHandle(state: ChannelState, op: OpCall): Transition<ChannelState>[] {
  const handle = handleOf(state, op, op.target, ['sender', 'receiver']);
  const chan = state.chans[handle.chan];
  if (handle.role === 'receiver' && !chan.mpmc) {
    throw new Error(`channel model: op ${op.id} clones receiver ${op.target}, but ${handle.chan} is an mpsc channel (Receiver is not Clone)`);
  }
  const name = String(op.args[0]);
  if (state.handles.has(name)) throw new Error(`channel model: op ${op.id} clones into ${name}, which already exists`);
  const counted = handle.role === 'sender' ? { ...chan, senders: chan.senders + 1 } : { ...chan, receivers: chan.receivers + 1 };
  const next = withChan(state, handle.chan, counted);
  return [{ state: { ...next, handles: next.handles.set(name, handle) }, result: ok(), rule: 'CHAN-DISC-1' }];
}

function dropHandle(state: ChannelState, op: OpCall): Transition<ChannelState>[] {
  const handle = handleOf(state, op, op.target, ['sender', 'receiver', 'iter', 'try_iter']);
  const handles = state.handles.delete(op.target);
  const chan = state.chans[handle.chan];
  let counted = chan;
  if (handle.role === 'sender') counted = { ...chan, senders: chan.senders - 1 };
  if (handle.role === 'receiver') {
    const receivers = chan.receivers - 1;
    // With no receiver left the buffered values can never be delivered; when they are
    // destroyed is implementation-defined and invisible here (CHAN-DROP-1).
    counted = { ...chan, receivers, buffer: receivers === 0 ? List() : chan.buffer };
  }
  const next = withChan(state, handle.chan, counted);
  return [{ state: { ...next, handles }, result: ok(), rule: handle.role === 'sender' ? 'CHAN-DISC-2' : 'CHAN-DISC-3' }];
}

function iterate(state: ChannelState, op: OpCall, role: 'iter' | 'try_iter'): Transition<ChannelState>[] {
  const handle = handleOf(state, op, op.target, ['receiver']);
  const name = String(op.args[0]);
  return [{ state: { ...state, handles: state.handles.set(name, { chan: handle.chan, role }) }, result: ok(), rule: 'CHAN-ITER-1' }];
}


// spec/channels.md:439

function step(state: ChannelState, op: OpCall, phase: number): Transition<ChannelState>[] {
  if (phase === 0 && waitsVisibly(state, op)) return [register(state, op)];
  switch (op.name) {
    case 'send': return send(state, op, phase, 'blocking');
    case 'try_send': return send(state, op, phase, 'try');
    case 'recv': return receiveOp(state, op, 'blocking', recvNames);
    case 'recv_timeout': return receiveOp(state, op, 'timeout', recvNames);
    case 'try_recv': return receiveOp(state, op, 'try', recvNames);
    case 'select': return receiveOp(state, op, 'blocking', selectNames);
    case 'next': {
      const role = handleOf(state, op, op.target, ['iter', 'try_iter']).role;
      return receiveOp(state, op, role === 'iter' ? 'blocking' : 'try', iterNames);
    }
    case 'iter': return iterate(state, op, 'iter');
    case 'try_iter': return iterate(state, op, 'try_iter');
    case 'clone': return cloneHandle(state, op);
    case 'drop': return dropHandle(state, op);
    default: throw new Error(`channel model: unknown operation ${op.name} (op ${op.id})`);
  }
}

function phases(op: OpCall, state: ChannelState): number {
  if (op.name === 'send') return isRendezvous(state, handleOf(state, op, op.target, ['sender']).chan) ? 2 : 1;
  return waitsVisibly(state, op) ? 2 : 1;
}

function key(state: ChannelState): string {
  const sorted = <T extends { readonly op: number }>(xs: readonly T[]) => [...xs].sort((a, b) => a.op - b.op);
  return JSON.stringify([
    Object.entries(state.chans).sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, c]) => [n, c.buffer.toArray(), c.senders, c.receivers]),
    [...state.handles.keys()].sort(),
    sorted(state.offers).map((o) => o.op),
    [...state.taken].sort((a, b) => a - b),
    sorted(state.waiters).map((w) => w.op),
    sorted(state.delivered).map((d) => [d.op, d.value]),
  ]);
}

function features(state: ChannelState): string[] {
  const seen = new Set<string>();
  for (const chan of Object.values(state.chans)) {
    seen.add(chan.buffer.size === 0 ? `${chan.flavor}:empty` : `${chan.flavor}:non-empty`);
    if (chan.flavor === 'bounded' && chan.buffer.size === chan.capacity) seen.add('bounded:full');
    if (chan.senders === 0) seen.add(`${chan.flavor}:no-sender`);
    if (chan.receivers === 0) seen.add(`${chan.flavor}:no-receiver`);
  }
  if (state.offers.length > 0) seen.add('rendezvous:sender-waiting');
  if (state.waiters.length > 0) seen.add('rendezvous:receiver-waiting');
  return [...seen].sort();
}

export const channelModel: Model<ChannelState, readonly ChannelDecl[]> = {
  name: 'channel',
  init,
  phases,
  step,
  key,
  features,
};

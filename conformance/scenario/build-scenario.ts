// Draft → Scenario for the channel model: a deterministic function, so shrinking the
// draft shrinks the scenario and every draft builds a well-formed scenario.
//
// Roles (README.md, "Roles and handles"): main creates the channels, fills them, and
// hands out handles in the prefix; a sender actor gets a clone of each channel's sender
// (or main's own, without the `clone` capability, or when main keeps none); a receiver
// actor gets each channel's receiver (mpsc: only one actor can) or a clone of it (mpmc).
// Actors use only handles they hold, never after dropping them. Values are 1, 2, 3, ... in
// the order the operations are numbered (prefix, actors in order, suffix), so they are
// unique, which the checker relies on.
import type { Value } from '../../spec/model/types.ts';
import { actorName, type Actor, type ObjectDecl, type Scenario, type ScenarioOp } from './types.ts';
import type { GenerationPlan } from './generation-plan.ts';
import { RECEIVER_OPERATIONS, SENDER_OPERATIONS } from './generation-plan.ts';
import type { ChannelShape, Operation } from './property-config.ts';
import { LONG_FLOOD, PACED_FLOOD, PICK_RANGE, SAWTOOTH, UNBOUNDED_FILL, type ActorDraft, type IntentDraft, type ScenarioDraft } from './scenario-draft.ts';
import { ValueSequence } from './scenario-values.ts';

/** recv_timeout durations, in ms. Time is virtual: only 0 ("give up at once") differs from the others. */
export const TIMEOUTS_MS = [0, 1, 50] as const;

/** Relative frequency of each operation among the feasible ones: waits and transfers often, clones and drops now and then. */
const WEIGHT: { readonly [op in Operation]: number } = {
  send: 4,
  try_send: 3,
  recv: 4,
  try_recv: 3,
  recv_timeout: 3,
  iter: 2,
  try_iter: 2,
  select: 4,
  clone: 1,
  drop: 2,
};

interface Channel {
  readonly index: number;
  readonly shape: ChannelShape;
  readonly capacity: number | null;
  /** `tx` / `rx` for a single channel, `tx1` / `rx1`, `tx2` / `rx2`, ... for several. */
  readonly sender: string;
  readonly receiver: string;
  /** Sends and try_sends aimed at this channel so far: how many receives a drain needs. */
  sends: number;
  /** Values main received in the prefix (`flood`): a drain needs that many fewer receives. */
  prefixReceives: number;
  /** Values the flood left buffered: the fill adds at most the room that is left. */
  flooded: number;
}

interface Held {
  readonly name: string;
  readonly channel: Channel;
  readonly role: 'sender' | 'receiver';
}

interface HeldIterator {
  readonly name: string;
  readonly receiver: string;
  readonly kind: 'iter' | 'try_iter';
}

/** Who gets which side: decided for every actor before any handle is handed out. */
interface Casting {
  readonly name: string;
  readonly draft: ActorDraft;
  readonly senderOf: readonly Channel[];
  readonly receiverOf: readonly Channel[];
}

export function buildScenario(plan: GenerationPlan, draft: ScenarioDraft): Scenario {
  return new ScenarioBuilder(plan, draft).build();
}

class ScenarioBuilder {
  private readonly values: ValueSequence;
  private readonly channels: Channel[];
  private readonly prefix: ScenarioOp[] = [];
  private readonly suffix: ScenarioOp[] = [];
  /** The handles main still holds (it starts with every channel's two). */
  private readonly mainHolds: Held[] = [];
  private readonly canClone: boolean;

  constructor(
    private readonly plan: GenerationPlan,
    private readonly draft: ScenarioDraft,
  ) {
    this.canClone = plan.capabilities.has('clone');
    this.values = new ValueSequence(draft.values);
    const several = draft.channels.length > 1;
    this.channels = draft.channels.map((c, index) => {
      const shape = plan.channels[Math.min(c.shape, plan.channels.length - 1)];
      const capacity =
        shape.flavor === 'unbounded' ? null : shape.flavor === 'rendezvous' ? 0 : Math.min(shape.capacity!.min + c.capacity, shape.capacity!.max);
      const suffix = several ? String(index + 1) : '';
      return { index, shape, capacity, sender: `tx${suffix}`, receiver: `rx${suffix}`, sends: 0, prefixReceives: 0, flooded: 0 };
    });
    for (const channel of this.channels) {
      this.mainHolds.push({ name: channel.sender, channel, role: 'sender' }, { name: channel.receiver, channel, role: 'receiver' });
    }
  }

  build(): Scenario {
    if (this.plan.prefix === 'flood') this.flood();
    if (this.plan.prefix === 'fill' || this.plan.prefix === 'flood') this.fill();
    const castings = this.cast();
    const handouts = this.handOut(castings);
    const actors: Actor[] = castings.map((casting) => ({ name: casting.name, ops: new ActorWriter(this, casting, handouts.get(casting.name)!).write() }));
    this.writeSuffix();
    return { model: 'channel', objects: this.declarations(), prefix: this.prefix, actors, suffix: this.suffix };
  }

  value(channel: Channel): Value {
    channel.sends++;
    return this.values.take();
  }

  get ops(): readonly Operation[] {
    return this.plan.ops;
  }

  get capabilities(): ReadonlySet<string> {
    return this.plan.capabilities;
  }

  private declarations(): ObjectDecl[] {
    return this.channels.map((c) => ({
      kind: 'channel',
      name: `c${c.index}`,
      params: { flavor: c.shape.flavor, capacity: c.capacity, profile: c.shape.profile },
      handles: { [c.sender]: 'sender', [c.receiver]: 'receiver' },
    }));
  }

  /**
   * `prefix: flood`: main moves values through each buffered channel, alone, without ever
   * blocking: the draft's bursts are alternately sends (on a full bounded channel main
   * first receives the oldest value) and receives. A receive burst longer than what is
   * buffered goes on in pairs, a send then its receive, so the channel is drained at
   * every position in a row: a chunked queue is emptied exactly at each of its block
   * boundaries. What is still buffered at the end stays for the actors. The receives are
   * `recv`s, or the `next`s of one iterator (`iter` or `try_iter`, the draft's `floodVia`):
   * a long stream through an iterator, which the actors' few calls never make.
   */
  private flood(): void {
    const receiveOp = this.capabilities.has('recv') ? 'recv' : this.capabilities.has('try_recv') ? 'try_recv' : undefined;
    if (receiveOp === undefined) return;
    this.draft.channels.forEach((c, i) => {
      const channel = this.channels[i];
      const sendOp = this.prefixSendOp(channel);
      if (channel.capacity === 0 || sendOp === undefined) return;
      let buffered = 0;
      const iterKind = ([undefined, 'iter', 'try_iter'] as const)[c.floodVia];
      // Main's own iterator, made at the first receive and used only here: named apart from the actors' (`itA`, `tiB2`).
      const iterator = iterKind !== undefined && this.capabilities.has(iterKind) ? { kind: iterKind, name: `f${iterKind === 'iter' ? 'it' : 'ti'}${channel.index}`, made: false } : undefined;
      const receive = () => {
        if (iterator === undefined) this.prefix.push({ name: receiveOp, target: channel.receiver, args: [] });
        else {
          if (!iterator.made) this.prefix.push({ name: iterator.kind, target: channel.receiver, args: [iterator.name] });
          iterator.made = true;
          this.prefix.push({ name: 'next', target: iterator.name, args: [] });
        }
        channel.prefixReceives++;
        buffered--;
      };
      const send = () => {
        this.prefix.push({ name: sendOp, target: channel.sender, args: [this.value(channel)] });
        buffered++;
      };
      // A deep flood sends LONG_FLOOD more values in its first burst and receives as many more in its second, so the values past the deep point are seen;
      // a paced one receives PACED_FLOOD more in its second, the rest of them in send/receive pairs; a sawtooth one goes up and down first.
      const bursts =
        c.longFlood === 'deep'
          ? [LONG_FLOOD + (c.flood[0] ?? 0), LONG_FLOOD + (c.flood[1] ?? 0), ...c.flood.slice(2)]
          : c.longFlood === 'paced'
            ? [c.flood[0] ?? 0, PACED_FLOOD + (c.flood[1] ?? 0), ...c.flood.slice(2)]
            : c.flood;
      const sendWithRoom = () => {
        if (channel.capacity !== null && buffered >= channel.capacity) receive();
        send();
      };
      const receiveSomething = () => {
        if (buffered === 0) send();
        receive();
      };
      if (c.longFlood === 'sawtooth') {
        for (const size of SAWTOOTH) {
          // Past the power of two; two out; once round the storage in pairs; down to one.
          for (let k = 0; k <= size; k++) sendWithRoom();
          for (let k = 0; k < 2; k++) receiveSomething();
          for (let k = 0; k < size; k++) {
            sendWithRoom();
            receiveSomething();
          }
          while (buffered > 1) receive();
        }
      }
      bursts.forEach((burst, b) => {
        for (let k = 0; k < burst; k++) {
          if (b % 2 === 1) receiveSomething();
          else sendWithRoom();
        }
      });
      channel.flooded = buffered;
    });
  }

  /**
   * How main sends in the prefix: `send`, or `try_send` where the adapter lacks `send` — or where the
   * property's actors try_send and never send, and the flavour has it (std's mpsc Sender of an unbounded
   * channel has none): a try_send that says Full past some depth of an unbounded channel shows only there.
   */
  private prefixSendOp(channel: Channel): 'send' | 'try_send' | undefined {
    const can = (op: 'send' | 'try_send') => this.capabilities.has(op) && (op === 'send' || channel.capacity !== null || channel.shape.profile === 'mpmc');
    if (this.ops.includes('try_send') && !this.ops.includes('send') && can('try_send')) return 'try_send';
    return can('send') ? 'send' : can('try_send') ? 'try_send' : undefined;
  }

  /** `prefix: fill`: main sends what each channel accepts without blocking (none on a rendezvous channel). */
  private fill(): void {
    this.draft.channels.forEach((c, i) => {
      const channel = this.channels[i];
      const sendOp = this.prefixSendOp(channel);
      if (sendOp === undefined) return;
      const limit = channel.capacity === null ? UNBOUNDED_FILL : channel.capacity - channel.flooded;
      for (let k = 0; k < Math.min(c.fill, limit); k++) {
        this.prefix.push({ name: sendOp, target: channel.sender, args: [this.value(channel)] });
      }
    });
  }

  /**
   * Decides each actor's side. An actor gets what it wants if that is still available
   * (without the `clone` capability only one actor can hold a channel's sender; on an
   * mpsc channel only one can hold the receiver), otherwise the other side, otherwise
   * it is left out. A side is only worth having if some listed operation uses it.
   */
  private cast(): Casting[] {
    const senderTaken = this.channels.map(() => false);
    const receiverTaken = this.channels.map(() => false);
    const useful = (ops: readonly Operation[]) => this.ops.includes('drop') || this.ops.some((op) => ops.includes(op));
    const sendersFree = () => (useful(SENDER_OPERATIONS) ? this.channels.filter((c) => this.canClone || !senderTaken[c.index]) : []);
    const receiversFree = () => (useful(RECEIVER_OPERATIONS) ? this.channels.filter((c) => c.shape.profile === 'mpmc' || !receiverTaken[c.index]) : []);
    const castings: Casting[] = [];
    for (const draft of this.draft.actors) {
      const senders = sendersFree();
      const receivers = receiversFree();
      let senderOf = draft.wants !== 'receiver' ? senders : [];
      let receiverOf = draft.wants !== 'sender' ? receivers : [];
      if (senderOf.length === 0 && receiverOf.length === 0) {
        if (senders.length > 0) senderOf = senders;
        else receiverOf = receivers;
      }
      if (senderOf.length === 0 && receiverOf.length === 0) continue;
      for (const c of senderOf) senderTaken[c.index] = true;
      for (const c of receiverOf) receiverTaken[c.index] = true;
      castings.push({ name: actorName(castings.length), draft, senderOf, receiverOf });
    }
    return castings;
  }

  /**
   * The prefix's handle distribution, actor by actor: `txA = tx.clone()`, `rxB = rx.clone()`,
   * or main's own handle given away (no operation) when it cannot clone (no `clone`
   * capability; an mpsc receiver) or keeps none (`mainKeeps*` false: the last actor of
   * that side gets the original, so the actors alone can disconnect the channel).
   */
  private handOut(castings: readonly Casting[]): Map<string, Held[]> {
    const held = new Map<string, Held[]>();
    for (const casting of castings) {
      const mine: Held[] = [];
      for (const channel of this.channels) {
        if (casting.senderOf.includes(channel)) mine.push(this.give(casting, channel, 'sender', castings));
        if (casting.receiverOf.includes(channel)) mine.push(this.give(casting, channel, 'receiver', castings));
      }
      held.set(casting.name, mine);
    }
    return held;
  }

  private give(casting: Casting, channel: Channel, role: 'sender' | 'receiver', castings: readonly Casting[]): Held {
    const takers = castings.filter((c) => (role === 'sender' ? c.senderOf : c.receiverOf).includes(channel));
    const canClone = role === 'sender' ? this.canClone : channel.shape.profile === 'mpmc';
    const mainKeeps = role === 'sender' ? this.draft.mainKeepsSenders : this.draft.mainKeepsReceivers;
    const original = role === 'sender' ? channel.sender : channel.receiver;
    if (!canClone || (takers[takers.length - 1] === casting && !mainKeeps)) {
      this.mainHolds.splice(this.mainHolds.findIndex((h) => h.name === original), 1);
      return { name: original, channel, role };
    }
    const name = `${original}${casting.name}`;
    this.prefix.push({ name: 'clone', target: original, args: [name] });
    return { name, channel, role };
  }

  /**
   * `drain`: main drops its senders, then receives on each receiver it holds until the
   * channel must report disconnection (one receive per value ever sent to it, plus one).
   * `drop`: main drops every handle it holds. Without the `disconnect` capability main
   * cannot drop, so a drain uses try_recv, which cannot wait forever on a live sender.
   */
  private writeSuffix(): void {
    const canDrop = this.capabilities.has('disconnect');
    if (this.plan.suffix === 'drop' && canDrop) {
      for (const h of this.mainHolds) this.suffix.push({ name: 'drop', target: h.name, args: [] });
    }
    if (this.plan.suffix !== 'drain') return;
    if (canDrop) {
      for (const h of this.mainHolds) if (h.role === 'sender') this.suffix.push({ name: 'drop', target: h.name, args: [] });
    }
    const preference = canDrop ? (['recv', 'try_recv', 'recv_timeout'] as const) : (['try_recv', 'recv_timeout', 'recv'] as const);
    const receive = preference.find((op) => this.capabilities.has(op));
    if (receive === undefined) return;
    for (const h of this.mainHolds) {
      if (h.role !== 'receiver') continue;
      for (let k = 0; k <= h.channel.sends - h.channel.prefixReceives; k++) {
        this.suffix.push({ name: receive, target: h.name, args: receive === 'recv_timeout' ? [TIMEOUTS_MS[2]] : [] });
      }
    }
  }
}

/** Writes one actor's operations from its intents, tracking the handles it holds. */
class ActorWriter {
  private readonly ops: ScenarioOp[] = [];
  private readonly iterators: HeldIterator[] = [];
  /** Per base name (`tx`, `rx2`, `it`): the number the next handle of that base gets. */
  private readonly counters = new Map<string, number>();

  constructor(
    private readonly builder: ScenarioBuilder,
    private readonly casting: Casting,
    private readonly holds: Held[],
  ) {}

  write(): ScenarioOp[] {
    for (const intent of this.casting.draft.intents) this.take(intent);
    if (this.casting.draft.dropsAtEnd && this.builder.capabilities.has('disconnect')) {
      for (const h of [...this.holds]) this.drop(h);
    }
    return this.ops;
  }

  private take(intent: IntentDraft): void {
    const feasible = this.builder.ops.filter((op) => this.candidates(op).length > 0);
    if (feasible.length === 0) return;
    const op = weightedPick(feasible, intent.pick);
    const candidates = this.candidates(op);
    const handle = candidates[intent.which % candidates.length];
    switch (op) {
      case 'send':
      case 'try_send':
        this.ops.push({ name: op, target: handle.name, args: [this.builder.value(handle.channel)] });
        return;
      case 'recv':
      case 'try_recv':
        this.ops.push({ name: op, target: handle.name, args: [] });
        return;
      case 'recv_timeout':
        this.ops.push({ name: op, target: handle.name, args: [TIMEOUTS_MS[intent.detail % TIMEOUTS_MS.length]] });
        return;
      case 'iter':
      case 'try_iter':
        this.iterate(op, handle);
        return;
      case 'select': {
        const receivers = this.receivers();
        this.ops.push({ name: 'select', target: receivers[0].name, args: receivers.map((r) => r.name) });
        return;
      }
      case 'clone': {
        const name = this.freshName(handle.role === 'sender' ? handle.channel.sender : handle.channel.receiver);
        this.ops.push({ name: 'clone', target: handle.name, args: [name] });
        this.holds.push({ name, channel: handle.channel, role: handle.role });
        return;
      }
      case 'drop':
        this.drop(handle);
        return;
    }
  }

  /** The handles an operation could act on now; none means the operation is not feasible. */
  private candidates(op: Operation): readonly Held[] {
    switch (op) {
      case 'send':
        return this.senders();
      case 'try_send':
        // std's Sender of channel() has no try_send; crossbeam's (mpmc) senders all have one.
        return this.senders().filter((h) => !(h.channel.shape.flavor === 'unbounded' && h.channel.shape.profile === 'mpsc'));
      case 'clone':
        return this.holds.filter((h) => h.role === 'sender' || h.channel.shape.profile === 'mpmc');
      case 'drop':
        return this.holds;
      default:
        return this.receivers();
    }
  }

  private senders(): Held[] {
    return this.holds.filter((h) => h.role === 'sender');
  }

  private receivers(): Held[] {
    return this.holds.filter((h) => h.role === 'receiver');
  }

  /** `it = rx.iter(); it.next()` the first time, `it.next()` after. */
  private iterate(kind: 'iter' | 'try_iter', receiver: Held): void {
    let iterator = this.iterators.find((i) => i.kind === kind && i.receiver === receiver.name);
    if (iterator === undefined) {
      iterator = { name: this.freshName(kind === 'iter' ? 'it' : 'ti'), receiver: receiver.name, kind };
      this.iterators.push(iterator);
      this.ops.push({ name: kind, target: receiver.name, args: [iterator.name] });
    }
    this.ops.push({ name: 'next', target: iterator.name, args: [] });
  }

  private drop(handle: Held): void {
    this.ops.push({ name: 'drop', target: handle.name, args: [] });
    this.holds.splice(this.holds.indexOf(handle), 1);
    // An iterator borrows its receiver: it is not used once the receiver is gone.
    for (let i = this.iterators.length - 1; i >= 0; i--) if (this.iterators[i].receiver === handle.name) this.iterators.splice(i, 1);
  }

  /** `txA2`, `rxB3`, `itA`, `itA2`: names nothing else in the scenario uses (main's clone for actor A is `txA`). */
  private freshName(base: string): string {
    const first = base === 'it' || base === 'ti' ? 1 : 2;
    const k = this.counters.get(base) ?? first;
    this.counters.set(base, k + 1);
    return `${base}${this.casting.name}${k === 1 ? '' : k}`;
  }
}

function weightedPick(ops: readonly Operation[], pick: number): Operation {
  const total = ops.reduce((sum, op) => sum + WEIGHT[op], 0);
  let rest = (Math.min(pick, PICK_RANGE - 1) * total) / PICK_RANGE;
  for (const op of ops) {
    if (rest < WEIGHT[op]) return op;
    rest -= WEIGHT[op];
  }
  return ops[ops.length - 1];
}


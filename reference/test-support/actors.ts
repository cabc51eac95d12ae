// Scenario functions that tests run inside actor workers (harness.ts). Each takes the
// actor context (to emit events the test can await) and plain arguments, among them
// handle descriptors. They use the blocking API, as a worker does.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Receiver, Sender, configure, select, type HandleDescriptor, type Selected } from '../index.ts';

export interface ActorContext {
  emit(event: string, data?: unknown): void;
}

/** Handles an actor keeps between calls (dropped by dropHeld, or by the worker's exit). */
const held: { drop(): void; isDropped: boolean }[] = [];

export function setSpin(_ctx: ActorContext, spin: number): number {
  return configure({ spin }).spin;
}

/** Claims a handle and keeps it (the worker "holds" it until dropHeld or its exit). */
export function hold(ctx: ActorContext, d: HandleDescriptor): string {
  held.push(d.role === 'sender' ? Sender.fromDescriptor(d) : Receiver.fromDescriptor(d));
  ctx.emit('holding');
  return 'holding';
}

/** Drains the held receivers without blocking (tryIter); returns how many values. */
export function drainHeld(): number {
  let n = 0;
  for (const h of held) if (h instanceof Receiver && !h.isDropped) for (const _ of h.tryIter()) n++;
  return n;
}

/** Ends this worker with process.exit (handles still held). */
export function exitNow(_ctx: ActorContext, code: number): never {
  process.exit(code);
}

/** Throws from a timer: the worker dies of an uncaught exception (handles still held). */
export function crashSoon(): string {
  setTimeout(() => {
    throw new Error('deliberate crash');
  }, 10);
  return 'crashing';
}

export function dropHeld(): number {
  let n = 0;
  for (const h of held.splice(0)) {
    if (!h.isDropped) {
      h.drop();
      n++;
    }
  }
  return n;
}

/** Sends `tag * 1e6 + i` for i < count, then drops the sender; returns how many sends were Ok. */
export function sendRange(ctx: ActorContext, d: HandleDescriptor, tag: number, count: number): number {
  const tx = Sender.fromDescriptor<number>(d);
  ctx.emit('started');
  let ok = 0;
  for (let i = 0; i < count; i++) if (tx.send(tag * 1e6 + i).kind === 'Ok') ok++;
  tx.drop();
  return ok;
}

/** Sends each value with `send`; returns the result kinds; drops the sender unless keep. */
export function sendValues(ctx: ActorContext, d: HandleDescriptor, values: unknown[], keep = false): unknown[] {
  const tx = Sender.fromDescriptor(d);
  const out: unknown[] = [];
  values.forEach((v, i) => {
    ctx.emit('sending', v);
    ctx.emit(`sending#${i}`, v);
    out.push(tx.send(v));
    ctx.emit(`sent#${i}`, v);
  });
  if (keep) held.push(tx);
  else tx.drop();
  return out;
}

/** Receives until disconnection (iter), then drops the receiver; returns the values. */
export function recvAll(ctx: ActorContext, d: HandleDescriptor): unknown[] {
  const rx = Receiver.fromDescriptor(d);
  ctx.emit('receiving');
  const out = [...rx.iter()];
  rx.drop();
  return out;
}

/** Receives until disconnection; returns count and sum only (for large runs). */
export function recvCount(ctx: ActorContext, d: HandleDescriptor): { count: number; sum: number; inOrder: boolean } {
  const rx = Receiver.fromDescriptor<number>(d);
  ctx.emit('receiving');
  let count = 0;
  let sum = 0;
  let last = -1;
  let inOrder = true;
  for (const v of rx.iter()) {
    count++;
    sum += v;
    if (v <= last) inOrder = false;
    last = v;
  }
  rx.drop();
  return { count, sum, inOrder };
}

/** Receives until disconnection and checks that value i is `${prefix}${i}` (or, for objects, has id i). */
export function recvChecked(ctx: ActorContext, d: HandleDescriptor, prefix: string): { count: number; intact: boolean; bigBytes: number } {
  const rx = Receiver.fromDescriptor(d);
  ctx.emit('receiving');
  let count = 0;
  let intact = true;
  let bigBytes = 0;
  for (const v of rx.iter()) {
    if (v instanceof Uint8Array) bigBytes += v.length;
    else if (v !== `${prefix}${count++}`) intact = false;
  }
  rx.drop();
  return { count, intact, bigBytes };
}

/** One recv (or recvTimeout), announced by a 'receiving' event; keeps the receiver unless drop. */
export function recvOne(ctx: ActorContext, d: HandleDescriptor, timeoutMs?: number, drop = true): unknown {
  const rx = Receiver.fromDescriptor(d);
  ctx.emit('receiving');
  const r = timeoutMs === undefined ? rx.recv() : rx.recvTimeout(timeoutMs);
  if (drop) rx.drop();
  else held.push(rx);
  return r;
}

/** Claims a receiver, announces it, and blocks in recv; reports how long it was blocked. */
export function blockInRecv(ctx: ActorContext, d: HandleDescriptor): { result: unknown } {
  const rx = Receiver.fromDescriptor(d);
  ctx.emit('receiving');
  const result = rx.recv();
  rx.drop();
  return { result };
}

/** Selects until every receiver is disconnected; returns [index, value] pairs in order. */
export function selectAll(ctx: ActorContext, ds: HandleDescriptor[]): [number, unknown][] {
  const rxs = ds.map((d) => Receiver.fromDescriptor(d));
  ctx.emit('selecting');
  const live = new Set(rxs.map((_, i) => i));
  const out: [number, unknown][] = [];
  while (live.size > 0) {
    const order = [...live];
    const s: Selected<unknown> = select(order.map((i) => rxs[i]));
    const i = order[s.index];
    if (s.outcome.kind === 'Ok') out.push([i, s.outcome.value]);
    else live.delete(i);
  }
  for (const r of rxs) r.drop();
  return out;
}

/** recvTimeout(ms) in a loop until disconnection: the values, and how many timeouts. */
export function recvTimeoutLoop(ctx: ActorContext, d: HandleDescriptor, ms: number): { values: unknown[]; timeouts: number } {
  const rx = Receiver.fromDescriptor(d);
  ctx.emit('receiving');
  const values: unknown[] = [];
  let timeouts = 0;
  for (;;) {
    const r = rx.recvTimeout(ms);
    if (r.kind === 'Ok') values.push(r.value);
    else if (r.kind === 'Timeout') timeouts++;
    else break;
  }
  rx.drop();
  return { values, timeouts };
}

/** Sends `tag * 1e6 + i` for i < count, pausing (a busy wait of `pauseUs`) every `every` sends. */
export function sendBursty(_ctx: ActorContext, d: HandleDescriptor, tag: number, count: number, every: number, pauseUs: number): number {
  const tx = Sender.fromDescriptor<number>(d);
  let ok = 0;
  for (let i = 0; i < count; i++) {
    if (tx.send(tag * 1e6 + i).kind === 'Ok') ok++;
    if (i % every === every - 1) {
      const until = performance.now() + pauseUs / 1000;
      while (performance.now() < until);
    }
  }
  tx.drop();
  return ok;
}

/** Sends a large Uint8Array whose bytes are (i * 7) & 255, then drops. */
export function sendBig(_ctx: ActorContext, d: HandleDescriptor, bytes: number): unknown {
  const tx = Sender.fromDescriptor<Uint8Array>(d);
  const a = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) a[i] = (i * 7) & 255;
  const r = tx.send(a);
  tx.drop();
  return r.kind;
}

/** Receives one large Uint8Array and checks its bytes (see sendBig). */
export function recvBig(_ctx: ActorContext, d: HandleDescriptor): { kind: string; length?: number; intact?: boolean } {
  const rx = Receiver.fromDescriptor<Uint8Array>(d);
  const r = rx.recv();
  rx.drop();
  if (r.kind !== 'Ok') return { kind: r.kind };
  const a = r.value;
  let intact = a instanceof Uint8Array;
  for (let i = 0; intact && i < a.length; i++) if (a[i] !== ((i * 7) & 255)) intact = false;
  return { kind: 'Ok', length: a.length, intact };
}

/** Moves a handle back out (claim, then transfer): the test can then rebuild it in main. */
export function bounce(_ctx: ActorContext, d: HandleDescriptor): HandleDescriptor {
  const h = d.role === 'sender' ? Sender.fromDescriptor(d) : Receiver.fromDescriptor(d);
  return h.transfer();
}

/** Starts a child actor (a worker of this worker, watched here) that holds `d`. */
export async function spawnHolder(_ctx: ActorContext, d: HandleDescriptor): Promise<number> {
  const { Actor } = await import('./harness.ts');
  const child = await Actor.start();
  children.push(child);
  await child.call('hold', d).done;
  return child.worker.threadId;
}
const children: unknown[] = [];

/** Runs a full GC in this worker. */
export function gc(): boolean {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return true;
}

// select over receivers (crossbeam `select!` with receive arms, XB-SEL-1/2): blocks until
// one receiver has a value or is disconnected, completes exactly one receive, and says
// which. When several are ready, the first tried wins, from a random start (unbiased).
// The algorithm is the receive algorithm of ops.ts (recv is a select over one receiver).

import { runAsync } from '../runtime/reactor.ts';
import { effectiveSpin } from '../runtime/thread.ts';
import { Image } from './codec.ts';
import type { ChannelCore } from './core.ts';
import { ChannelUsageError } from './errors.ts';
import { deadlineOf, type Receiver } from './handles.ts';
import type { TimedOptions } from '../runtime/wait-op.ts';
import { TIMED_OUT, randomStart, runSync, selectOp, syncArm, trySelectNow } from './ops.ts';
import { MAX_SELECT } from '../runtime/registry.ts';
import { EMPTY, TIMEOUT, type Empty, type Selected, type Timeout } from './results.ts';

function coresOf<T>(receivers: readonly Receiver<T>[]): ChannelCore[] {
  if (receivers.length === 0) throw new ChannelUsageError('select needs at least one receiver');
  if (receivers.length > MAX_SELECT) throw new ChannelUsageError(`select takes at most ${MAX_SELECT} receivers`);
  const cores = receivers.map((r) => r.coreForSelect());
  const reg = cores[0].registry;
  if (cores.some((c) => c.registry !== reg)) throw new ChannelUsageError('select over channels of different registries');
  return cores;
}

const scratch = new Image();

/** Marks every receiver as in use while `run` is pending (see Handle.pending). */
function holdAll<T, R>(receivers: readonly Receiver<T>[], run: () => Promise<R>): Promise<R> {
  return receivers.reduce<() => Promise<R>>((inner, r) => () => r.holdWhile(inner), run)();
}

/** Blocks until one receiver completes a receive (a value, or Disconnected); returns which and how. */
export function select<T>(receivers: readonly Receiver<T>[]): Selected<T> {
  const cores = coresOf(receivers);
  const start = randomStart(cores.length);
  const now = trySelectNow<T>(cores, scratch, start);
  if (now !== null) return now;
  const spin = effectiveSpin(cores[0].spin);
  return runSync(selectOp<T>(cores, Infinity, syncArm, start, spin), spin) as Selected<T>;
}

/** Like select, but gives up after `ms` with Timeout (receiving nothing). */
export function selectTimeout<T>(receivers: readonly Receiver<T>[], ms: number): Selected<T> | Timeout {
  const deadline = deadlineOf(ms);
  const cores = coresOf(receivers);
  const start = randomStart(cores.length);
  const now = trySelectNow<T>(cores, scratch, start);
  if (now !== null) return now;
  const spin = effectiveSpin(cores[0].spin);
  const r = runSync(selectOp<T>(cores, deadline, syncArm, start, spin), spin);
  return r === TIMED_OUT ? TIMEOUT : r;
}

/** Non-blocking select (`select!` with `default`): a ready receiver's receive, or Empty. */
export function trySelect<T>(receivers: readonly Receiver<T>[]): Selected<T> | Empty {
  const cores = coresOf(receivers);
  return trySelectNow<T>(cores, scratch, randomStart(cores.length)) ?? EMPTY;
}

/** `select` as a promise (for the main thread). */
export function selectAsync<T>(receivers: readonly Receiver<T>[]): Promise<Selected<T>> {
  const cores = coresOf(receivers);
  const start = randomStart(cores.length);
  const now = trySelectNow<T>(cores, scratch, start);
  if (now !== null) return Promise.resolve(now);
  return holdAll(receivers, () => runAsync((arm) => selectOp<T>(cores, Infinity, arm, start, 0)) as Promise<Selected<T>>);
}

/** `selectTimeout` as a promise; `options.signal` times it out when it aborts. */
export function selectTimeoutAsync<T>(receivers: readonly Receiver<T>[], ms: number, options?: TimedOptions): Promise<Selected<T> | Timeout> {
  const deadline = deadlineOf(ms, options);
  const cores = coresOf(receivers);
  const start = randomStart(cores.length);
  const now = trySelectNow<T>(cores, scratch, start);
  if (now !== null) return Promise.resolve(now);
  return holdAll(receivers, () => runAsync((arm) => selectOp<T>(cores, deadline, arm, start, 0), options?.signal)).then((r) => (r === TIMED_OUT ? TIMEOUT : r));
}

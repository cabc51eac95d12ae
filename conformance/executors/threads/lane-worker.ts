// A lane worker: one thread of a threads run. It loads the adapter module once, then, run
// after run, creates or adopts the handles its lanes use, runs a lane of operations
// through the adapter (the same dispatch as the async executor: every adapter misstep is
// an AdapterFault naming the method), and stamps each invocation and response on the
// run's global clock. In a controlled run the adapter's schedule points report here
// (controlled-hooks.ts); in a stress run the lanes start together at a barrier and
// spin a little before each operation (jitter), so that they overlap.
import { readlinkSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';
import type { OpCall } from '../../../spec/model/types.ts';
import type { Adapter } from '../../adapter/types.ts';
import { AsyncHandles } from '../async/async-handles.ts';
import { timeoutOfOp } from '../shared/op-timeout.ts';
import { AdapterFault, faultFromThrown } from '../shared/adapter-failure.ts';
import { BARRIER, COPY_ARRIVALS, DONE, POSTED, REPORTS, STATE, SUFFIX_BEGUN, slotIndex, tick } from './control.ts';
import { ControlledHooks, RunAborted } from './controlled-hooks.ts';
import { isSharedRole } from './handle-plan.ts';
import { StressHooks } from './stress-hooks.ts';
import type { FromWorker, HandleInTransit, Mode, ToWorker } from './messages.ts';

const port = parentPort!;

let adapter: Adapter | undefined;
let control: Int32Array | undefined;
let slot = 0;
let handles: AsyncHandles | undefined;

function post(message: FromWorker): void {
  if (control !== undefined) Atomics.add(control, slotIndex(slot, POSTED), 1);
  port.postMessage(message);
}

function fault(e: unknown, op?: number): void {
  const f = e instanceof AdapterFault ? e : faultFromThrown('(adapter)', e);
  post({ type: 'fault', ...(op === undefined ? {} : { op }), method: f.method, problem: f.problem });
}

port.on('message', (message: ToWorker) => {
  void handle(message).catch((e: unknown) => post({ type: 'fatal', error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e) }));
});

async function handle(m: ToWorker): Promise<void> {
  switch (m.type) {
    case 'init': {
      const exported = (await importAdapter(m.module)).default;
      const candidate = typeof exported === 'object' && exported !== null && !('name' in exported) && 'default' in exported ? (exported as { default: unknown }).default : exported;
      adapter = candidate as Adapter;
      if (adapter?.threads === undefined) throw new Error(`${m.module}: its default export has no \`threads\` support`);
      const tid = ownThreadId();
      post({ type: 'ready', ...(tid === undefined ? {} : { tid }) });
      return;
    }
    case 'begin': {
      control = m.control;
      slot = m.slot;
      try {
        handles = new AsyncHandles(loaded(), m.objects);
      } catch (e) {
        handles = undefined;
        fault(e);
        return;
      }
      post({ type: 'begun' });
      return;
    }
    case 'export': {
      const threads = loaded().threads!;
      const out: HandleInTransit[] = [];
      for (const { name, share } of m.handles) {
        const { role, object } = share ? current().peek(name) : current().take(name);
        let descriptor: unknown;
        try {
          descriptor = threads.transfer(object, role, share ? 'share' : 'move');
        } catch (e) {
          fault(faultFromThrown('threads.transfer', e));
          return;
        }
        out.push({ name, role, descriptor });
      }
      post({ type: 'exported', handles: out });
      return;
    }
    case 'import': {
      for (const h of m.handles) {
        try {
          adopt(h);
        } catch (e) {
          return fault(faultFromThrown('threads.adopt', e));
        }
      }
      post({ type: 'imported' });
      return;
    }
    case 'lane':
      await runLane(m.ops, m.mode, m.barrier, m.jitter, m.copies, m.arrivals);
      return;
  }
}

/**
 * The adapter module, as an ES module. A .ts file outside an ESM package would load as
 * CommonJS through a plain import (and fail on its ES imports); tsx's tsImport loads it
 * as an ES module wherever it sits. The plain import comes first, so that a module inside
 * an ESM package shares module instances with everything else in this worker.
 */
async function importAdapter(module: string): Promise<{ default?: unknown }> {
  try {
    return (await import(module)) as { default?: unknown };
  } catch (plain) {
    if (!/\.(c|m)?ts$/.test(new URL(module).pathname)) throw plain;
    return (await tsImport(module, import.meta.url)) as { default?: unknown };
  }
}

/** This thread's kernel id, from /proc/thread-self (Linux); undefined elsewhere. */
function ownThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** Rebuilds a handle that arrived here through the adapter's `threads.adopt` (which may throw). */
function adopt(h: HandleInTransit): void {
  current().put(h.name, h.role, loaded().threads!.adopt(h.descriptor, h.role));
}

function loaded(): Adapter {
  if (adapter === undefined) throw new Error('lane worker: no adapter loaded');
  return adapter;
}

function current(): AsyncHandles {
  if (handles === undefined) throw new Error('lane worker: no run begun');
  return handles;
}

async function runLane(
  ops: readonly OpCall[],
  mode: Mode,
  barrier: number,
  jitter: readonly number[],
  copies?: { readonly starts: readonly number[]; readonly lanes: number },
  arrivals: readonly HandleInTransit[] = [],
): Promise<void> {
  const c = control!;
  const inFlight = new Map(arrivals.map((h) => [h.name, h]));
  const hooks = mode === 'controlled' ? new ControlledHooks(c, slot) : undefined;
  const install = loaded().threads!.scheduleHooks;
  if (hooks !== undefined && install === undefined) throw new Error('lane worker: a controlled run needs an adapter with threads.scheduleHooks');
  // Under stress, hooks (when the adapter has them) only make a blocked lane abortable at the end.
  const installed = hooks ?? (install === undefined ? undefined : new StressHooks(c, slot));
  if (installed !== undefined) install!(installed);
  try {
    if (barrier > 0) meetAtBarrier(c, barrier);
    let copy = 0;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i];
      if (copies?.starts.includes(i) === true) {
        // Once main's suffix has begun, a copy not yet started is left alone (its suffix may have run).
        if (Atomics.load(c, SUFFIX_BEGUN) !== 0) break;
        meetBeforeCopy(c, ++copy, copies.lanes);
      }
      if (hooks !== undefined) hooks.invoke();
      else spin(jitter[i] ?? 0);
      // A handle moved here is adopted only now, so the other lanes may have used its object meanwhile.
      for (const name of [op.target, ...op.args]) {
        const arrived = typeof name === 'string' ? inFlight.get(name) : undefined;
        if (arrived === undefined) continue;
        inFlight.delete(arrived.name);
        try {
          adopt(arrived);
        } catch (e) {
          // Adopting goes through the adapter's schedule points, where an ended run unwinds.
          if (installed?.aborted === true || e instanceof RunAborted) return post({ type: 'lane-aborted' });
          return fault(faultFromThrown('threads.adopt', e), op.id);
        }
      }
      // Time is real here: a timed wait's signal is a real timer, beside its duration.
      const timeoutMs = timeoutOfOp(op);
      if (hooks !== undefined) hooks.operationTimeoutMs = timeoutMs;
      // Taken before the timer starts, so the time measured is never shorter than the timer's.
      const started = performance.now();
      const signal = timeoutMs === undefined ? NEVER : AbortSignal.timeout(Math.max(0, timeoutMs));
      post({ type: 'call', op: op.id, call: tick(c) });
      let result;
      try {
        const invocation = current().invoke(op, signal);
        result = 'result' in invocation ? invocation.result : await invocation.pending;
      } catch (e) {
        if (installed?.aborted === true || e instanceof RunAborted) {
          post({ type: 'lane-aborted' });
          return;
        }
        fault(e, op.id);
        return;
      }
      const elapsedMs = performance.now() - started;
      post({ type: 'ret', op: op.id, ret: tick(c), result, ...(timeoutMs === undefined ? {} : { elapsedMs }) });
    }
    // Posted (and counted in POSTED) before the DONE report, so that a coordinator that sees
    // DONE and then waits for every posted message has this one too.
    post({ type: 'lane-done', holdsOnlyShared: Object.values(current().handles()).every(isSharedRole) });
    if (hooks !== undefined) {
      // Tell the coordinator, through shared memory, that this lane is over (no grant awaited).
      Atomics.store(c, slotIndex(slot, STATE), DONE);
      Atomics.add(c, REPORTS, 1);
      Atomics.notify(c, REPORTS);
    }
  } finally {
    if (installed !== undefined) install!(null);
  }
}

/** The stress start barrier: every lane arrives, then all go at once (spinning, so they leave together). */
function meetAtBarrier(c: Int32Array, lanes: number): void {
  Atomics.add(c, BARRIER, 1);
  // A sibling that never arrives (its worker died) must not hold this one forever.
  const giveUp = performance.now() + 2_000;
  while (Atomics.load(c, BARRIER) < lanes) {
    if (performance.now() > giveUp) return;
  }
}

/**
 * The barrier before each copy of a stress run of several copies (copies.ts), so the lanes
 * go through each copy together. Only for overlap, never for correctness: a lane blocked in
 * an earlier copy never arrives, so the others wait a millisecond at most.
 */
function meetBeforeCopy(c: Int32Array, copy: number, lanes: number): void {
  Atomics.add(c, COPY_ARRIVALS, 1);
  const giveUp = performance.now() + 1;
  while (Atomics.load(c, COPY_ARRIVALS) < copy * lanes) {
    if (performance.now() > giveUp) return;
  }
}

const NEVER = new AbortController().signal;

let sink = 0;
function spin(iterations: number): void {
  for (let i = 0; i < iterations; i++) sink = (sink + i) | 0;
}

// The line-delimited JSON protocol between the process executor and a child that runs a
// scenario's actors (PROTOCOL.md): the messages each side writes, and the parsing of the
// child's lines, which rejects anything that is not the protocol so that a child writing
// garbage is reported as a broken adapter rather than misread.
import type { Outcome, Value } from '../../../spec/model/types.ts';
import type { ObjectDecl, Scenario } from '../../scenario/types.ts';
import type { NumberedOp } from '../../../spec/model/explore.ts';

export const PROTOCOL_VERSION = 1;

/** One operation as the child receives it: its history id (numberOps), then what to do. */
export interface WireOp {
  readonly id: number;
  readonly name: string;
  readonly target: string;
  readonly args: readonly Value[];
}

export interface RunOptionsWire {
  /** Seeds the child's jitter (a pseudo-random generator of its choosing). */
  readonly seed: number;
  /** Upper bound of the random pause before each of an actor's operations, µs (0: none). */
  readonly jitterMicros: number;
}

/** The executor's first message: the scenario with its op ids, and the options. */
export interface RunMessage {
  readonly run: {
    readonly protocol: number;
    readonly model: string;
    readonly objects: readonly ObjectDecl[];
    readonly prefix: readonly WireOp[];
    readonly actors: readonly { readonly name: string; readonly ops: readonly WireOp[] }[];
    readonly suffix: readonly WireOp[];
    readonly options: RunOptionsWire;
  };
}

export type ExecutorMessage = RunMessage | { readonly suffix: Record<string, never> } | { readonly probe: Record<string, never> } | { readonly end: Record<string, never> };

/** What the child writes, parsed. */
export type ChildMessage =
  | { readonly type: 'hello'; readonly protocol: number; readonly implementation?: string; readonly probe: boolean }
  /** The answer to `probe`: each runner thread's scheduler state (`R` on a CPU or runnable, `S` sleeping, ...). */
  | { readonly type: 'threads'; readonly states: { readonly [thread: string]: string } }
  | { readonly type: 'call'; readonly op: number; readonly stamp: number }
  /** `elapsedMs`: the real time the operation took, as the child measured it (optional; `elapsed_ms` on the wire). */
  | { readonly type: 'ret'; readonly op: number; readonly stamp: number; readonly outcome: Outcome; readonly elapsedMs?: number }
  | { readonly type: 'stage'; readonly stage: 'parallel' | 'suffix' }
  | { readonly type: 'end'; readonly clock: number; readonly pending: readonly number[] }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'note'; readonly text: string };

export function runMessage(scenario: Scenario, ops: readonly NumberedOp[], options: RunOptionsWire): RunMessage {
  const wire = (op: NumberedOp): WireOp => ({ id: op.id, name: op.name, target: op.target, args: op.args });
  return {
    run: {
      protocol: PROTOCOL_VERSION,
      model: scenario.model,
      objects: scenario.objects,
      prefix: ops.filter((o) => o.stage === 'prefix').map(wire),
      actors: scenario.actors.map((a) => ({ name: a.name, ops: ops.filter((o) => o.stage === 'parallel' && o.actor === a.name).map(wire) })),
      suffix: ops.filter((o) => o.stage === 'suffix').map(wire),
      options,
    },
  };
}

export function encode(message: ExecutorMessage): string {
  return `${JSON.stringify(message)}\n`;
}

/** Parses one line of the child's output; a string is what is wrong with it. */
export function parseChildLine(line: string): ChildMessage | string {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return `wrote a line that is not JSON: ${clip(line)}`;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return `wrote ${clip(line)}, not a protocol object`;
  const m = raw as Record<string, unknown>;
  const bad = (why: string) => `wrote ${clip(line)}: ${why}`;
  if ('hello' in m) {
    const h = m.hello as Record<string, unknown> | null;
    if (typeof h !== 'object' || h === null || typeof h.protocol !== 'number') return bad('hello needs { protocol: number }');
    return { type: 'hello', protocol: h.protocol, probe: h.probe === true, ...(typeof h.implementation === 'string' ? { implementation: h.implementation } : {}) };
  }
  if ('error' in m) return { type: 'error', message: typeof m.error === 'string' ? m.error : JSON.stringify(m.error) };
  if ('note' in m) return { type: 'note', text: String(m.note) };
  if ('threads' in m) {
    const t = m.threads as Record<string, unknown> | null;
    if (typeof t !== 'object' || t === null || Array.isArray(t) || !Object.values(t).every((v) => typeof v === 'string')) return bad('threads maps thread names to states');
    return { type: 'threads', states: t as Record<string, string> };
  }
  if ('stage' in m) {
    if (m.stage !== 'parallel' && m.stage !== 'suffix') return bad('stage is parallel or suffix');
    return { type: 'stage', stage: m.stage };
  }
  if ('end' in m) {
    const e = m.end as Record<string, unknown> | null;
    if (typeof e !== 'object' || e === null || !isStamp(e.clock, true) || !Array.isArray(e.pending) || !e.pending.every((p) => Number.isInteger(p))) {
      return bad('end needs { clock: integer ≥ 0, pending: op ids }');
    }
    return { type: 'end', clock: e.clock as number, pending: e.pending as number[] };
  }
  if ('op' in m) {
    if (!Number.isInteger(m.op)) return bad('op must be an integer op id');
    const op = m.op as number;
    if ('call' in m) {
      if (!isStamp(m.call)) return bad('call must be a positive integer stamp');
      return { type: 'call', op, stamp: m.call as number };
    }
    if ('ret' in m) {
      if (!isStamp(m.ret)) return bad('ret must be a positive integer stamp');
      if (!isOutcomeShape(m.outcome)) return bad('a ret needs an outcome { kind: string, value?: JSON }');
      if ('elapsed_ms' in m && !(typeof m.elapsed_ms === 'number' && Number.isFinite(m.elapsed_ms) && m.elapsed_ms >= 0)) return bad('elapsed_ms must be a number of milliseconds ≥ 0');
      return { type: 'ret', op, stamp: m.ret as number, outcome: m.outcome, ...('elapsed_ms' in m ? { elapsedMs: m.elapsed_ms as number } : {}) };
    }
    return bad('an op event has call or ret');
  }
  return bad('unknown message');
}

function isStamp(v: unknown, zero = false): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v) && (zero ? v >= 0 : v >= 1);
}

function isOutcomeShape(v: unknown): v is Outcome {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.kind === 'string' && o.kind.length > 0;
}

function clip(line: string): string {
  return JSON.stringify(line.length > 120 ? `${line.slice(0, 120)}…` : line);
}

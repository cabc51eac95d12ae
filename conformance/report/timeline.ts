import type { History, HistoryOp } from '../history/types.ts';
import { formatOutcome, formatValue } from '../../spec/model/types.ts';

// A history drawn as one column per actor, one row per event, in the order of the
// global clock: what a reader needs to see which operations overlapped.
//
//        main             │ A                   │ B
//   1    tx.send(1) → Ok  │                     │
//   2                     │ ┌ tx.send(2)        │
//   3                     │ │                   │ ┌ rx.recv()
//   4                     │ └ → Ok              │ │
//   5                     │                     │ └ → Ok(2)
//
// An operation whose response directly follows its invocation, with no other event
// in between, is drawn on one row. A timed operation's timer firing while it is open is
// a row of its own (`├ its timer fires`): a timeout that raced a value shows where.

export interface TimelineOptions {
  /** Ops to flag, e.g. the one the model could not explain: id → note. */
  readonly marks?: ReadonlyMap<number, string>;
}

/** Lock operations whose first argument names the guard they create (`g = m.lock()`). */
const LOCKING = new Set(['lock', 'try_lock', 'read', 'write', 'try_read', 'try_write']);
/** Condvar waits: `g2 = cv.wait(g, ...)` (a barrier's or a Once's `wait` takes no argument). */
const WAITS = new Set(['wait', 'wait_timeout', 'wait_while', 'wait_timeout_while']);

export function describeOp(op: Pick<HistoryOp, 'name' | 'target' | 'args'>): string {
  if (op.name === 'drop') return `drop(${op.target})`;
  if (LOCKING.has(op.name) && typeof op.args[0] === 'string') return `${op.args[0]} = ${op.target}.${op.name}()`;
  if (WAITS.has(op.name) && typeof op.args[0] === 'string' && typeof op.args[1] === 'string') {
    return `${op.args[0]} = ${op.target}.${op.name}(${[op.args[1], ...op.args.slice(2).map(formatValue)].join(', ')})`;
  }
  if (op.name === 'clone' || op.name === 'iter' || op.name === 'try_iter') return `${String(op.args[0])} = ${op.target}.${op.name}()`;
  if (op.name === 'select') return `select(${op.args.map(String).join(', ')})`;
  return `${op.target}.${op.name}(${op.args.map(formatValue).join(', ')})`;
}

interface Row {
  readonly stamp: number;
  readonly actor: string;
  readonly text: string;
}

export function renderTimeline(history: History, options: TimelineOptions = {}): string {
  const actors = actorOrder(history.ops);
  const events: { stamp: number; op: HistoryOp; kind: 'call' | 'timer' | 'ret' }[] = [];
  for (const op of history.ops) {
    events.push({ stamp: op.call, op, kind: 'call' });
    // A timed operation's timer firing while it was open (a 0 ms timer fires at the call: not drawn).
    const fired = op.timer?.firedAt;
    if (fired !== undefined && fired > op.call && (op.ret === undefined || fired < op.ret)) events.push({ stamp: fired, op, kind: 'timer' });
    if (op.ret !== undefined) events.push({ stamp: op.ret, op, kind: 'ret' });
  }
  const order = { call: 0, timer: 1, ret: 2 };
  events.sort((a, b) => a.stamp - b.stamp || order[a.kind] - order[b.kind]);

  const rows: Row[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const mark = options.marks?.get(e.op.id);
    const note = mark === undefined ? '' : `   ✗ ${mark}`;
    const result = e.op.result === undefined ? '' : formatOutcome(e.op.result);
    const next = events[i + 1];
    if (e.kind === 'call' && next !== undefined && next.op === e.op && next.kind === 'ret') {
      rows.push({ stamp: e.stamp, actor: e.op.actor, text: `${describeOp(e.op)} → ${result}${note}` });
      i++;
    } else if (e.kind === 'timer') {
      rows.push({ stamp: e.stamp, actor: e.op.actor, text: `├ its timer fires` });
    } else if (e.kind === 'call') {
      const pending = e.op.ret === undefined ? `   (pending: never returned)${note}` : '';
      rows.push({ stamp: e.stamp, actor: e.op.actor, text: `┌ ${describeOp(e.op)}${pending}` });
    } else {
      rows.push({ stamp: e.stamp, actor: e.op.actor, text: `└ → ${result}${note}` });
    }
  }

  // Vertical bars for operations still open on each row, per actor.
  const width = new Map(actors.map((a) => [a, a.length]));
  const cells: string[][] = [];
  const openNow = new Map<string, number>();
  for (const row of rows) {
    const line = actors.map((actor) => {
      if (actor === row.actor) return row.text;
      return (openNow.get(actor) ?? 0) > 0 ? '│' : '';
    });
    if (row.text.startsWith('┌')) openNow.set(row.actor, (openNow.get(row.actor) ?? 0) + 1);
    if (row.text.startsWith('└')) openNow.set(row.actor, (openNow.get(row.actor) ?? 1) - 1);
    line.forEach((cell, i) => width.set(actors[i], Math.max(width.get(actors[i])!, cell.length)));
    cells.push(line);
  }
  const stampWidth = Math.max(1, ...rows.map((r) => String(r.stamp).length));
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));
  const header = ' '.repeat(stampWidth + 2) + actors.map((a) => pad(a, width.get(a)!)).join(' │ ');
  const body = cells.map((line, i) => `${String(rows[i].stamp).padStart(stampWidth)}  ${line.map((c, j) => pad(c, width.get(actors[j])!)).join(' │ ')}`.trimEnd());
  return [header.trimEnd(), ...body].join('\n');
}

function actorOrder(ops: readonly HistoryOp[]): string[] {
  const seen: string[] = [];
  for (const op of [...ops].sort((a, b) => a.call - b.call)) if (!seen.includes(op.actor)) seen.push(op.actor);
  // main first, then the actors by name
  return seen.sort((a, b) => (a === 'main' ? -1 : b === 'main' ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

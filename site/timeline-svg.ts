// A counterexample's history drawn as per-actor timelines in SVG, in the spirit of
// Porcupine's visualization: one lane per actor, each operation a bar from its
// invocation to its response (a pending one runs off the end), the operations the
// model could not explain outlined, with what the model allowed beside what happened,
// and a line where the explanation stopped.
//
// Stamps are logical (one global counter), so the x axis is ordinal: each distinct
// stamp gets a column, wide enough that the labels of one lane never overlap.
import type { CounterexampleHistory, CounterexampleMark, CounterexampleOp } from '../conformance/report/results.ts';
import { html, type Raw } from './html.ts';

const CHAR = 7.2; // px per character of the 12px monospace labels
const GAP = 14;
const LANE = 78;
const LEFT = 70;
const TOP = 26;

function labelWidth(op: CounterexampleOp, mark: CounterexampleMark | undefined): number {
  const lines = [op.call, op.result === undefined ? 'pending' : `→ ${op.result}`];
  if (mark?.allowed !== undefined) lines.push(`allowed: ${mark.allowed.length === 0 ? 'blocks' : mark.allowed.join(' | ')}`);
  return Math.max(...lines.map((l) => l.length)) * CHAR + 10;
}

export function renderTimelineSvg(history: CounterexampleHistory): Raw {
  const ops = [...history.ops].sort((a, b) => a.invoked - b.invoked);
  const marks = new Map(history.marked.map((m) => [m.op, m]));
  const actors: string[] = [];
  for (const op of ops) if (!actors.includes(op.actor)) actors.push(op.actor);
  actors.sort((a, b) => (a === 'main' ? -1 : b === 'main' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const stamps = [...new Set(ops.flatMap((o) => (o.returned === undefined ? [o.invoked] : [o.invoked, o.returned])).concat(history.stoppedAt === undefined ? [] : [history.stoppedAt]))].sort((a, b) => a - b);

  // Place the stamps left to right: an invocation starts a label that must end before the
  // next invocation of the same lane.
  const x = new Map<number, number>();
  const laneFree = new Map<string, number>();
  let cursor = LEFT + 8;
  for (const s of stamps) {
    let at = cursor;
    for (const op of ops) if (op.invoked === s) at = Math.max(at, laneFree.get(op.actor) ?? 0);
    x.set(s, at);
    for (const op of ops) if (op.invoked === s) laneFree.set(op.actor, at + labelWidth(op, marks.get(op.id)) + GAP);
    cursor = at + 26;
  }
  const end = Math.max(cursor, ...[...laneFree.values()]) + 30;
  const width = Math.ceil(end + 10);
  const height = TOP + actors.length * LANE + 18;
  const laneY = (actor: string) => TOP + actors.indexOf(actor) * LANE;

  const lanes = actors.map(
    (a, i) => html`<g class="lane"><rect class="lane-bg${i % 2 === 1 ? ' odd' : ''}" x="0" y="${laneY(a)}" width="${width}" height="${LANE}"/><text class="actor" x="8" y="${laneY(a) + LANE / 2 + 4}">${a}</text></g>`,
  );
  const bars = ops.map((op) => {
    const mark = marks.get(op.id);
    const x0 = x.get(op.invoked)!;
    const x1 = op.returned === undefined ? end - 6 : Math.max(x.get(op.returned)!, x0 + 10);
    const y = laneY(op.actor) + 6;
    const cls = ['op', op.returned === undefined ? 'pending' : '', mark === undefined ? '' : 'marked'].filter((c) => c !== '').join(' ');
    const title = `#${op.id} ${op.actor}: ${op.call} → ${op.result ?? 'pending (never returned)'}  [stamps ${op.invoked}–${op.returned ?? '…'}]${mark === undefined ? '' : `\n✗ ${mark.note}`}`;
    return html`<g class="${cls}" data-op="${op.id}"><title>${title}</title>
<text class="call" x="${x0 + 2}" y="${y + 10}">${op.call}</text>
<rect class="bar" x="${x0}" y="${y + 16}" width="${x1 - x0}" height="12" rx="3"/>
<text class="result" x="${x0 + 2}" y="${y + 42}">${op.result === undefined ? 'pending' : `→ ${op.result}`}${mark === undefined ? '' : ' ✗'}</text>
${mark?.allowed === undefined ? '' : html`<text class="allowed" x="${x0 + 2}" y="${y + 57}">allowed: ${mark.allowed.length === 0 ? 'blocks' : mark.allowed.join(' | ')}</text>`}</g>`;
  });
  const stop =
    history.stoppedAt === undefined
      ? ''
      : html`<g class="stop"><line x1="${x.get(history.stoppedAt)! - 3}" x2="${x.get(history.stoppedAt)! - 3}" y1="${TOP - 6}" y2="${height - 4}"/><text x="${x.get(history.stoppedAt)! + 2}" y="${TOP - 10}">no explanation reaches past here (stamp ${history.stoppedAt})</text></g>`;
  const ticks = stamps.map((s) => html`<text class="tick" x="${x.get(s)!}" y="${height - 4}">${s}</text>`);
  return html`<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="per-actor timeline of the counterexample">
${lanes}${ticks}${bars}${stop}</svg>`;
}

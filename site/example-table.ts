// A chapter's ```example block as a reader's table: the declarations, then one column
// per actor, rows in the example's three phases (main alone, the actors in parallel,
// then main again). Each cell is an operation and the outcomes the spec allows.
import { splitTopLevel } from '../spec/toolchain/example/syntax.ts';
import { html, raw, type Raw } from './html.ts';

interface Line {
  readonly label: string;
  readonly ops: string[];
}

const OPS_LINE = /^(main|then|[A-Z][A-Za-z0-9_]*)\s*:(.*)$/;

function splitOps(text: string): string[] {
  return (splitTopLevel(text, ';') ?? text.split(';')).map((s) => s.trim()).filter((s) => s !== '');
}

function opCell(op: string): Raw {
  const arrow = op.indexOf('->');
  if (arrow < 0) return html`<code>${op}</code>`;
  const call = op.slice(0, arrow).trim();
  const outcomes = op
    .slice(arrow + 2)
    .split('|')
    .map((o) => o.trim());
  return html`<code>${call}</code> <span class="arrow">→</span> ${outcomes.map((o, i) => html`${i > 0 ? raw(' <span class="or">or</span> ') : ''}<code class="${o === 'blocks' ? 'outcome blocks' : 'outcome'}">${o}</code>`)}`;
}

export function renderExample(text: string, ruleHref: (id: string) => string = (id) => `#${id}`): Raw {
  let title = '';
  let rule = '';
  const lets: string[] = [];
  const prefix: string[] = [];
  const suffix: string[] = [];
  const actors = new Map<string, string[]>();
  const other: string[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (line.startsWith('title:')) title = line.slice(6).trim();
    else if (line.startsWith('rule:')) rule = line.slice(5).trim();
    else if (line.startsWith('let ')) lets.push(line);
    else {
      const m = OPS_LINE.exec(line);
      if (m === null) other.push(line);
      else if (m[1] === 'main') prefix.push(...splitOps(m[2]));
      else if (m[1] === 'then') suffix.push(...splitOps(m[2]));
      else actors.set(m[1], [...(actors.get(m[1]) ?? []), ...splitOps(m[2])]);
    }
  }
  const names = [...actors.keys()];
  const columns = Math.max(1, names.length);
  const rows: Raw[] = [];
  const phase = (label: string, ops: readonly string[], note: string) => {
    if (ops.length === 0) return;
    rows.push(html`<tr class="phase"><th colspan="${columns + 1}">${label} <span class="note">${note}</span></th></tr>`);
    ops.forEach((op) => rows.push(html`<tr><th class="actor">main</th><td colspan="${columns}">${opCell(op)}</td></tr>`));
  };
  phase('main', prefix, 'runs alone, first');
  if (names.length > 0) {
    rows.push(html`<tr class="phase"><th colspan="${columns + 1}">in parallel <span class="note">each actor runs its operations in order</span></th></tr>`);
    rows.push(html`<tr><th></th>${names.map((n) => html`<th class="actor">${n}</th>`)}</tr>`);
    const depth = Math.max(...names.map((n) => actors.get(n)!.length));
    for (let i = 0; i < depth; i++) {
      rows.push(html`<tr><th></th>${names.map((n) => {
        const op = actors.get(n)![i];
        return op === undefined ? raw('<td></td>') : html`<td>${opCell(op)}</td>`;
      })}</tr>`);
    }
  }
  phase('then', suffix, 'main, once every actor has finished or waits');
  return html`<figure class="example">
<figcaption><span class="kind">example</span> ${title}${rule === '' ? '' : html` <span class="note">(checks <a href="${ruleHref(rule)}">${rule}</a>)</span>`}</figcaption>
${lets.length > 0 ? html`<pre class="decl">${lets.join('\n')}</pre>` : ''}
<table class="example-table">${rows}</table>
${other.length > 0 ? html`<pre>${other.join('\n')}</pre>` : ''}
<details class="source"><summary>as written</summary><pre>${text.trimEnd()}</pre></details>
</figure>`;
}

import type { Spec } from '../../spec/index.ts';
import type { RunReport, Status } from './results.ts';

// The human report: per adapter, a count of each status and, for every unexpected
// outcome, the rule and its prose, the minimal counterexample as a timeline, what the
// model allowed beside what happened, and the command that replays it.

const ORDER: readonly Status[] = ['pass', 'fail', 'expected-fail', 'unexpected-pass', 'error', 'unknown', 'n/a'];

export interface PrettyOptions {
  /** How the replay command names an adapter (a path, a bundled name). */
  readonly adapterArg?: (name: string) => string;
  /** How the replay command passes a token (default: as it is; the CLI passes a long one as `@file`). */
  readonly replayArg?: (token: string, rule: string) => string;
  /** End with the matrix (default: when the report has more than one adapter). */
  readonly matrix?: boolean;
}

export function formatPretty(report: RunReport, spec: Spec, options: PrettyOptions = {}): string {
  const out: string[] = [];
  for (const adapter of report.adapters) {
    const counts = ORDER.map((s) => [s, adapter.results.filter((r) => r.status === s).length] as const).filter(([, n]) => n > 0);
    out.push(`${adapter.name} (${adapter.library} ${adapter.version}, ${adapter.executor} executor): ${counts.map(([s, n]) => `${n} ${s}`).join(', ')}`);
    if (adapter.quality !== undefined) {
      const q = adapter.quality;
      const features = Object.keys(q.features).sort();
      out.push(`  history quality: ${q.histories} histories, ${q.overlapping} with overlapping operations; states visited: ${features.join(', ') || 'none'}`);
      if (q.histories > 0 && q.overlapping === 0) out.push('  WARNING: no history had overlapping operations — concurrency was not exercised');
    }
    for (const r of adapter.results) {
      if (r.status === 'pass' || r.status === 'n/a' || r.status === 'expected-fail') continue;
      const rule = spec.rules.find((x) => x.id === r.rule);
      out.push('', `✗ ${r.rule} — ${rule?.title ?? ''} [${r.status}]`);
      if (rule !== undefined) out.push(indent(rule.prose.trim(), '    '));
      if (r.message !== undefined) out.push('', indent(r.message, '  '));
      const cx = r.counterexample;
      if (cx !== undefined) {
        out.push('', `  counterexample (${cx.check}, ${cx.executor} executor):`, indent(abridge(cx.scenario), '    '));
        out.push('', '  what happened:', indent(abridge(cx.timeline), '    '));
        out.push('', '  what the model allowed:', indent(cx.diagnosis, '    '));
      }
      if (r.replay !== undefined) {
        const arg = options.adapterArg?.(adapter.name) ?? adapter.name;
        out.push('', `  replay: npx syncspec run --adapter ${arg} --replay ${options.replayArg?.(r.replay, r.rule) ?? r.replay}`);
      }
    }
    out.push('');
  }
  if (options.matrix ?? report.adapters.length > 1) out.push(formatMatrix(report, spec), '');
  return out.join('\n');
}

const MAX_LINE = 1_200;
const MAX_LINES = 160;

/**
 * A counterexample as a terminal can show it: a scenario with thousands of operations (a
 * long flood) has lines and timelines no one reads whole. The middle of a long line and
 * the middle rows of a long timeline are left out — never a row marked ✗ — and say so;
 * `--reporter json` and the replay token keep everything.
 */
export function abridge(text: string): string {
  const lines = text.split('\n').map((line) => {
    if (line.length <= MAX_LINE) return line;
    const keep = MAX_LINE / 2;
    return `${line.slice(0, keep)} … (${line.length - 2 * keep} characters left out: the whole counterexample is in --reporter json) … ${line.slice(-keep)}`;
  });
  if (lines.length <= MAX_LINES) return lines.join('\n');
  const head = 40;
  const tail = 80;
  const kept: string[] = lines.slice(0, head);
  let skipped = 0;
  const flush = () => {
    if (skipped > 0) kept.push(`… ${skipped} rows left out …`);
    skipped = 0;
  };
  for (const line of lines.slice(head, lines.length - tail)) {
    if (line.includes('✗')) {
      flush();
      kept.push(line);
    } else skipped++;
  }
  flush();
  return [...kept, ...lines.slice(lines.length - tail)].join('\n');
}

/** A rule's group: its ID without the last part (`CHAN-RDV-2` → `CHAN-RDV`). */
export function ruleGroup(id: string): string {
  const cut = id.lastIndexOf('-');
  return cut > 0 ? id.slice(0, cut) : id;
}

const OTHER: readonly Status[] = ['unexpected-pass', 'error', 'unknown'];

/**
 * The matrix: one row per rule group, chapter by chapter (in the spec's order), one
 * column per adapter; each cell counts pass / fail / expected-fail / n/a, then any other
 * status (`+1 error`).
 *
 *   rules            reference     promise
 *   channels
 *     CHAN-FLAVOR    3/0/0/0       2/1/0/0
 */
export function formatMatrix(report: RunReport, spec: Spec): string {
  const chapterOf = new Map(spec.rules.map((r) => [r.id, r.chapter]));
  const order = new Map(spec.rules.map((r, i) => [r.id, i]));
  const rules = [...new Set(report.adapters.flatMap((a) => a.results.map((r) => r.rule)))].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
  const chapters: { chapter: string; groups: string[] }[] = [];
  for (const rule of rules) {
    const chapter = chapterOf.get(rule) ?? '(other)';
    let entry = chapters.find((c) => c.chapter === chapter);
    if (entry === undefined) chapters.push((entry = { chapter, groups: [] }));
    if (!entry.groups.includes(ruleGroup(rule))) entry.groups.push(ruleGroup(rule));
  }
  const cell = (adapter: RunReport['adapters'][number], group: string): string => {
    const results = adapter.results.filter((r) => ruleGroup(r.rule) === group);
    if (results.length === 0) return '-';
    const n = (s: Status) => results.filter((r) => r.status === s).length;
    const others = OTHER.filter((s) => n(s) > 0).map((s) => ` +${n(s)} ${s}`);
    return `${n('pass')}/${n('fail')}/${n('expected-fail')}/${n('n/a')}${others.join('')}`;
  };
  const rows: string[][] = [['rules', ...report.adapters.map((a) => a.name)]];
  for (const { chapter, groups } of chapters) {
    rows.push([chapter, ...report.adapters.map(() => '')]);
    for (const group of groups) rows.push([`  ${group}`, ...report.adapters.map((a) => cell(a, group))]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) => r.map((text, c) => text.padEnd(widths[c])).join('   ').trimEnd());
  return ['matrix: pass/fail/expected-fail/n/a per rule group, then any other status', ...lines].join('\n');
}

function indent(text: string, prefix: string): string {
  return text.split('\n').map((l) => (l.length > 0 ? prefix + l : l)).join('\n');
}

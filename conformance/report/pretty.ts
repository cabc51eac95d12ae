import type { Spec } from '../../spec/index.ts';
import type { RunReport, Status } from './results.ts';

// The human report: per adapter, a count of each status and, for every unexpected
// outcome, the rule and its prose, the minimal counterexample as a timeline, what the
// model allowed beside what happened, and the command that replays it.

const ORDER: readonly Status[] = ['pass', 'fail', 'expected-fail', 'unexpected-pass', 'error', 'unknown', 'n/a'];

export function formatPretty(report: RunReport, spec: Spec, options: { adapterArg?: (name: string) => string } = {}): string {
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
        out.push('', `  counterexample (${cx.check}, ${cx.executor} executor):`, indent(cx.scenario, '    '));
        out.push('', '  what happened:', indent(cx.timeline, '    '));
        out.push('', '  what the model allowed:', indent(cx.diagnosis, '    '));
      }
      if (r.replay !== undefined) {
        const arg = options.adapterArg?.(adapter.name) ?? adapter.name;
        out.push('', `  replay: npx syncspec run --adapter ${arg} --replay ${r.replay}`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}

function indent(text: string, prefix: string): string {
  return text.split('\n').map((l) => (l.length > 0 ? prefix + l : l)).join('\n');
}

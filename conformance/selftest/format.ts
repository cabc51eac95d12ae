// The selftest report for people: the rule × mutant kill summary, survivors, false
// failures, and the time to detect.
import type { Detection, MutantResult, SelftestReport } from './selftest.ts';

export function formatSelftest(report: SelftestReport): string {
  const lines: string[] = [];
  const { summary } = report;
  lines.push(`syncspec selftest: seed ${report.seed}, ${report.runs} runs per property`);
  lines.push('');
  lines.push('Rules and the mutants they kill:');
  const width = Math.max(...report.rules.map((r) => r.rule.length), 4);
  for (const r of report.rules) {
    const mark = r.kills.length === 0 ? 'NONE' : String(r.kills.length).padStart(4);
    const names = r.kills.length === 0 ? `(ran against ${r.ranAgainst})` : r.kills.join(', ');
    lines.push(`  ${r.rule.padEnd(width)} ${mark}  ${names}${r.falseKills.length > 0 ? `  FALSE: ${r.falseKills.join(', ')}` : ''}`);
  }
  lines.push('');
  lines.push('Mutants:');
  const idWidth = Math.max(...report.mutants.map((m) => m.id.length), 6);
  for (const m of report.mutants) lines.push(`  ${m.id.padEnd(idWidth)} ${mutantLine(m)}`);
  for (const b of report.baselines) {
    lines.push(`  baseline ${b.name} (${b.executor}): ${b.loadError !== undefined ? `did not load: ${b.loadError}` : b.failures.length === 0 ? `${b.rules} rules, no failure` : `FALSE FAILURES: ${b.failures.map((f) => `${f.rule} ${f.status}`).join(', ')}`}`);
  }
  lines.push('');
  lines.push(...formatDetection(report.mutants));
  lines.push('');
  lines.push(
    `${summary.killed}/${summary.scored} mutants killed, ${summary.equivalent} equivalent (not scored); ` +
      `${report.rules.length - summary.rulesWithoutKill.length}/${report.rules.length} rules kill at least one mutant`,
  );
  if (summary.rulesWithoutKill.length > 0) lines.push(`Rules that kill no mutant: ${summary.rulesWithoutKill.join(', ')}`);
  if (summary.survivors.length > 0) lines.push(`Mutants no rule kills: ${summary.survivors.join(', ')}`);
  if (summary.falseFailures.length > 0) lines.push(`False failures: ${summary.falseFailures.join('; ')}`);
  if (summary.loadErrors.length > 0) lines.push(`Did not load: ${summary.loadErrors.join('; ')}`);
  lines.push(summary.ok ? 'selftest: ok' : 'selftest: FAILED');
  return `${lines.join('\n')}\n`;
}

function mutantLine(m: MutantResult): string {
  if (m.loadError !== undefined) return `did not load: ${m.loadError.split('\n')[0]}`;
  const eq = m.equivalent !== undefined ? `equivalent (${m.equivalent}): ` : '';
  const kills = m.killedBy.length === 0 ? (m.equivalent !== undefined ? 'not killed, as it should be' : 'SURVIVED') : `killed by ${m.killedBy.length}: ${m.killedBy.join(', ')}`;
  const first = m.detection !== undefined ? ` — first ${m.detection.rule} (${m.detection.verdict}) after ${m.detection.runs} runs, ${m.detection.seconds.toFixed(2)} s` : '';
  const missed = m.missedTargets.length > 0 ? ` — missed targets ${m.missedTargets.join(', ')}` : '';
  const errors = m.errors.length > 0 ? ` — ${m.errors.map((e) => `${e.rule} ${e.status}`).join(', ')}` : '';
  return `${eq}${kills}${first}${missed}${errors}`;
}

export interface DetectionStats {
  readonly executor: string;
  readonly mutants: number;
  readonly detected: number;
  readonly medianRuns: number;
  readonly medianSeconds: number;
  /** The most runs any mutant took, and which (the budget a run needs). */
  readonly worstRuns: number;
  readonly worstRunsMutant: string;
  /** The most seconds any mutant took, and which: not always the one with the most runs. */
  readonly worstSeconds: number;
  readonly worstSecondsMutant: string;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The median and the worst of detections: the most runs and the most seconds, each with the mutant that took them. */
export function summarizeDetections(found: readonly { readonly id: string; readonly detection: Detection }[]): Omit<DetectionStats, 'executor' | 'mutants'> {
  const most = (of: (d: Detection) => number) => found.reduce<(typeof found)[number] | undefined>((w, f) => (w === undefined || of(f.detection) > of(w.detection) ? f : w), undefined);
  const mostRuns = most((d) => d.runs);
  const slowest = most((d) => d.seconds);
  return {
    detected: found.length,
    medianRuns: median(found.map((f) => f.detection.runs)),
    medianSeconds: median(found.map((f) => f.detection.seconds)),
    worstRuns: mostRuns?.detection.runs ?? 0,
    worstRunsMutant: mostRuns?.id ?? '-',
    worstSeconds: slowest?.detection.seconds ?? 0,
    worstSecondsMutant: slowest?.id ?? '-',
  };
}

/** Which mutants the worst figures are of: one name when one mutant took both the most runs and the most seconds. */
export const worstMutants = (s: Pick<DetectionStats, 'worstRunsMutant' | 'worstSecondsMutant'>) => (s.worstRunsMutant === s.worstSecondsMutant ? s.worstSecondsMutant : `most runs: ${s.worstRunsMutant}; most seconds: ${s.worstSecondsMutant}`);

/** Runs and seconds until the first failure, per executor: median and worst over the scored mutants. */
export function detectionStats(mutants: readonly MutantResult[]): DetectionStats[] {
  const executors = [...new Set(mutants.map((m) => m.executor))];
  return executors.map((executor) => {
    const scored = mutants.filter((m) => m.executor === executor && m.equivalent === undefined && m.loadError === undefined);
    const found = scored.flatMap((m) => (m.detection === undefined ? [] : [{ id: m.id, detection: m.detection }]));
    return { executor, mutants: scored.length, ...summarizeDetections(found) };
  });
}

export function formatDetection(mutants: readonly MutantResult[]): string[] {
  const lines = ['Time to detect (runs and seconds until the first failing rule, in the order syncspec run runs them):'];
  lines.push('  executor  mutants  detected  median runs  median s  worst runs  worst s  (worst mutants)');
  for (const s of detectionStats(mutants)) {
    lines.push(
      `  ${s.executor.padEnd(8)}  ${String(s.mutants).padStart(7)}  ${String(s.detected).padStart(8)}  ${String(s.medianRuns).padStart(11)}  ${s.medianSeconds.toFixed(2).padStart(8)}  ${String(s.worstRuns).padStart(10)}  ${s.worstSeconds.toFixed(2).padStart(7)}  (${worstMutants(s)})`,
    );
  }
  return lines;
}

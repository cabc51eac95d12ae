// Time to detect: for every non-equivalent mutant, under several seeds, the scenario
// runs and seconds until `syncspec run` (rules in spec order, the default budget of 100
// runs per property) reports its first failure; the median and the worst per executor.
// A measurement, not a test: nothing here asserts a duration.
//
//   npx tsx conformance/selftest/time-to-detect.ts [--seeds 5] [--runs 100] [--executor async|threads|all] [--mutants GLOB] [--json]
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createCheckRunner } from '../executors/shared/check-runner.ts';
import { ruleMatcher } from '../run/ruleFilter.ts';
import { loadSpec } from '../../spec/index.ts';
import { catalogue } from './catalogue.ts';
import { summarizeDetections, worstMutants, type DetectionStats } from './format.ts';
import { runSelftest, type Detection } from './selftest.ts';
import type { Mutant } from './types.ts';

/** DetectionStats over (mutant, seed) trials. */
export interface TimeToDetectRow extends DetectionStats {
  /** (mutant, seed) pairs measured; `detected` counts those found within the budget. */
  readonly trials: number;
  /** Mutants some seed did not detect within the budget. */
  readonly missed: readonly string[];
}

export interface TimeToDetectReport {
  readonly seeds: readonly number[];
  readonly runs: number;
  readonly rows: readonly TimeToDetectRow[];
  readonly perMutant: readonly { readonly id: string; readonly executor: string; readonly detections: readonly (Detection | null)[] }[];
}

export async function timeToDetect(options: { mutants: readonly Mutant[]; seeds: readonly number[]; runs: number; onProgress?: (line: string) => void }): Promise<TimeToDetectReport> {
  const loaded = loadSpec();
  if (!loaded.ok) throw new Error('the spec does not load: run `syncspec rules`');
  const scored = options.mutants.filter((m) => m.equivalent === undefined);
  const perMutant = new Map<string, (Detection | null)[]>(scored.map((m) => [m.id, []]));
  for (const seed of options.seeds) {
    const report = await runSelftest({
      spec: loaded.spec,
      mutants: scored,
      baselines: [],
      createRunner: () => createCheckRunner(),
      runs: options.runs,
      seed,
      stopAtFirstKill: true,
      onProgress: (e) => {
        if (e.kind === 'done') options.onProgress?.(`seed ${seed} ${e.subject}: ${e.killedBy.length > 0 ? `${e.killedBy[0]} after ${(e.ms / 1000).toFixed(2)} s` : 'NOT DETECTED'}`);
      },
    });
    for (const m of report.mutants) perMutant.get(m.id)!.push(m.detection ?? null);
  }
  const executors = [...new Set(scored.map((m) => m.executor))];
  const rows = executors.map((executor): TimeToDetectRow => {
    const ids = scored.filter((m) => m.executor === executor).map((m) => m.id);
    const trials = ids.flatMap((id) => perMutant.get(id)!.map((detection) => ({ id, detection })));
    const found = trials.filter((t): t is { id: string; detection: Detection } => t.detection !== null);
    return {
      executor,
      mutants: ids.length,
      trials: trials.length,
      ...summarizeDetections(found),
      missed: [...new Set(trials.filter((t) => t.detection === null).map((t) => t.id))],
    };
  });
  return { seeds: options.seeds, runs: options.runs, rows, perMutant: scored.map((m) => ({ id: m.id, executor: m.executor, detections: perMutant.get(m.id)! })) };
}

export function formatTimeToDetect(report: TimeToDetectReport): string {
  const lines = [
    `Time to detect: ${report.seeds.length} seeds (${report.seeds.join(', ')}), ${report.runs} runs per property; runs and seconds until the first failing rule, rules in spec order, the counterexample's shrinking included`,
    '',
    '| executor | mutants | detected (mutant × seed) | median runs | median s | worst runs | worst s | worst mutants |',
    '|---|---|---|---|---|---|---|---|',
    ...report.rows.map(
      (r) => `| ${r.executor} | ${r.mutants} | ${r.detected}/${r.trials} | ${r.medianRuns} | ${r.medianSeconds.toFixed(2)} | ${r.worstRuns} | ${r.worstSeconds.toFixed(2)} | ${worstMutants(r)} |`,
    ),
  ];
  const missed = report.rows.flatMap((r) => r.missed);
  if (missed.length > 0) lines.push('', `Not detected within the budget under some seed: ${missed.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '5' },
      runs: { type: 'string', default: '100' },
      executor: { type: 'string', default: 'async' },
      mutants: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const seeds = Number(values.seeds);
  const runs = Number(values.runs);
  if (!Number.isInteger(seeds) || seeds < 1 || !Number.isInteger(runs) || runs < 1 || !['async', 'threads', 'all'].includes(values.executor)) {
    process.stderr.write('usage: time-to-detect.ts [--seeds N] [--runs N] [--executor async|threads|all] [--mutants GLOB] [--json]\n');
    process.exitCode = 2;
    return;
  }
  const match = ruleMatcher(values.mutants);
  const mutants = catalogue.filter((m) => (values.executor === 'all' || m.executor === values.executor) && match(m.id));
  const report = await timeToDetect({
    mutants,
    seeds: Array.from({ length: seeds }, (_, i) => 1000 + i),
    runs,
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatTimeToDetect(report));
  process.exitCode = report.rows.some((r) => r.missed.length > 0) ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

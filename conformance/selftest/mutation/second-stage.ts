// The second stage: the sample's undetected mutants run again at the suite's default budget.
//
// Stryker runs each mutant at 5 runs per property (rule-runner.ts), ~20 times fewer than
// `syncspec run` does by default, so that the sample takes hours, not days. A mutant whose
// bug shows only in a rare interleaving (a window of a few instructions) can survive 5 runs
// and still be caught by the suite as a user runs it. This stage measures that: each
// undetected mutant of the measured sample whose review (reviews.json) has one of the given
// verdicts runs, on both reference adapters, the rules its review names, at `--runs 100`
// (seed 6, `--bail`), in a copy of the working tree with the mutant written into its file —
// the same text change Stryker makes. A rule set is first run on the unmutated copy: if it
// fails there, the mutant's run would prove nothing, and it is recorded as such.
//
// Stryker's own score is left as it is. The stage's results go to second-stage.json, by
// mutant key, with the hash of the code they were measured on; mutation.ts --summary gives
// the score with them as a line of its own.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ruleMatcher } from '../../run/ruleFilter.ts';
import { REFERENCE_ADAPTERS, rulesFor, spawnRules, testId, type SuiteRun } from './rule-runner.ts';
import type { Reviews } from './reviews.ts';
import { mutantKey, type ReportMutant } from './sample.ts';

type Results = Record<string, { source?: string; mutants: ReportMutant[] }>;

/** One mutant's second-stage run. */
export interface StageResult {
  /** sha1 of the file's text the mutant was applied to: a result counts only for that code. */
  readonly source: string;
  readonly runs: number;
  readonly seed: number;
  readonly rules: readonly string[];
  /** `killed`/`timeout`: detected; `survived`; `baseline-failed`: the rules fail without the mutant too (not a measurement). */
  readonly result: 'killed' | 'timeout' | 'survived' | 'baseline-failed';
  /** The test (`rule` on reference, `reference-async:rule`) that failed first. */
  readonly by?: string;
  readonly message?: string;
  /** From the mutant's first run to its verdict, the unmutated runs of its rule sets included when they ran first for it. */
  readonly seconds: number;
}

/** second-stage.json: one result per mutant key. */
export type StageResults = Readonly<Record<string, StageResult>>;

export const sourceHash = (text: string): string => createHash('sha1').update(text).digest('hex');

/** The rule IDs a review's text names, in order, once each (a glob such as `CHAN-RDV-*` is not a rule). */
export function rulesNamedIn(text: string): string[] {
  return [...new Set(text.match(/\b(?:CHAN|MUTEX|RW|CV|BAR|ONCE|OL|LAZY)-[A-Z]+-\d+\b/g) ?? [])];
}

/** `source` with the mutant's range (Stryker's lines and columns, from 1, end exclusive) replaced. */
export function applyMutant(source: string, mutant: Pick<ReportMutant, 'location' | 'replacement'>): string {
  if (mutant.replacement === undefined) throw new Error('second stage: a mutant without its replacement text');
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; column: number }) => {
    if (p.line < 1 || p.line > lineStarts.length) throw new Error(`second stage: line ${p.line} is not in the file (${lineStarts.length} lines)`);
    return lineStarts[p.line - 1] + p.column - 1;
  };
  const { start, end } = mutant.location;
  return source.slice(0, offset(start)) + mutant.replacement + source.slice(offset(end));
}

/** `results` with the mutants the second stage detected (on the same code) counted as killed. */
export function withSecondStage(results: Results, stage: StageResults): Results {
  const out: Results = {};
  for (const [file, f] of Object.entries(results)) {
    const hash = f.source === undefined ? undefined : sourceHash(f.source);
    out[file] = {
      ...f,
      mutants: f.mutants.map((m) => {
        const s = stage[mutantKey(file, m)];
        const detected = s !== undefined && s.source === hash && (s.result === 'killed' || s.result === 'timeout');
        return detected && (m.status === 'Survived' || m.status === 'NoCoverage') ? { ...m, status: 'Killed', statusReason: `second stage: ${s.by ?? s.result}` } : m;
      }),
    };
  }
  return out;
}

/** A mutant the stage should run: undetected, in the measured sample, reviewed with a chosen verdict. */
export interface StageCandidate {
  readonly file: string;
  readonly mutant: ReportMutant;
}

export interface StageOptions {
  readonly root: string;
  readonly runs: number;
  readonly seed: number;
  /** The stage's results so far; a mutant with a result for its current code is skipped unless `force`. */
  readonly previous: StageResults;
  readonly force: boolean;
  /** Called after each mutant, with everything so far (to save it as it goes). */
  readonly onResult: (key: string, result: StageResult) => void;
  readonly log: (line: string) => void;
  /** Each suite run's time limit: a mutant that hangs past it counts as `timeout`, as in Stryker. */
  readonly timeoutMs?: number;
}

/** What one mutant's runs found. */
type StageVerdict = Pick<StageResult, 'result' | 'by' | 'message'>;

/** Runs `candidates` (reviewed by `reviews`) in a copy of the working tree at `root`, made once a mutant needs it. */
export async function runSecondStage(candidates: readonly StageCandidate[], reviews: Reviews, results: Results, options: StageOptions): Promise<void> {
  let sandbox: string | undefined;
  // Why each rule set fails on the unmutated copy (undefined: it passes), by adapter and rules.
  const baselines = new Map<string, string | undefined>();
  try {
    for (const [i, { file, mutant }] of candidates.entries()) {
      const key = mutantKey(file, mutant);
      const tag = `[${i + 1}/${candidates.length}] ${key}`;
      const text = readFileSync(join(options.root, file), 'utf8');
      const hash = sourceHash(text);
      if (results[file]?.source !== text) {
        options.log(`${tag}: skipped: measured on other code (run the sample again first)`);
        continue;
      }
      if (!options.force && options.previous[key]?.source === hash && options.previous[key]?.runs === options.runs) {
        options.log(`${tag}: already run (${options.previous[key].result})`);
        continue;
      }
      const reach = ruleMatcher(rulesFor(file).join(','));
      const rules = rulesNamedIn(reviews[key]?.why ?? '').filter(reach);
      if (rules.length === 0) {
        options.log(`${tag}: skipped: its review names no rule its file can reach`);
        continue;
      }
      sandbox ??= copyTree(options.root);
      const started = performance.now();
      const target = join(sandbox, file);
      let verdict: StageVerdict = { result: 'survived' };
      for (const adapter of REFERENCE_ADAPTERS) {
        const run = () => spawnRules(sandbox!, adapter, rules, { bail: true, runs: options.runs, timeoutMs: options.timeoutMs });
        const baseKey = `${adapter} ${rules.join(',')}`;
        if (!baselines.has(baseKey)) {
          writeFileSync(target, text);
          const base = await run();
          baselines.set(baseKey, failureOf(base));
          options.log(`  baseline ${baseKey}: ${baselines.get(baseKey) ?? 'pass'} (${base.seconds.toFixed(1)} s)`);
        }
        const baseFailure = baselines.get(baseKey);
        if (baseFailure !== undefined) {
          verdict = { result: 'baseline-failed', by: adapter, message: baseFailure };
          break;
        }
        writeFileSync(target, applyMutant(text, mutant));
        try {
          const got = await run();
          const by = (rule: string) => testId({ adapter, rule });
          if (got.timedOut) verdict = { result: 'timeout', by: by(rules[0]), message: `the suite did not end within ${options.timeoutMs} ms` };
          else if (got.crash !== undefined) verdict = { result: 'killed', by: by(rules[0]), message: got.crash };
          else if (got.failed !== undefined) verdict = { result: 'killed', by: by(got.failed.rule), message: `${got.failed.status}: ${got.failed.message}` };
        } finally {
          writeFileSync(target, text);
        }
        if (verdict.result !== 'survived') break;
      }
      const result: StageResult = { source: hash, runs: options.runs, seed: options.seed, rules, seconds: Math.round((performance.now() - started) / 100) / 10, ...verdict };
      options.log(`${tag}: ${result.result}${result.by === undefined ? '' : ` by ${result.by}`} (${result.seconds} s)${result.message === undefined ? '' : `: ${result.message.slice(0, 200)}`}`);
      options.onResult(key, result);
    }
  } finally {
    if (sandbox !== undefined) rmSync(sandbox, { recursive: true, force: true });
  }
}

/** Why an unmutated run does not pass (undefined when it does): it must have run some rule and failed none. */
function failureOf(run: SuiteRun): string | undefined {
  if (run.timedOut) return 'timed out';
  if (run.crash !== undefined) return run.crash;
  if (run.results.length === 0) return 'no rule ran';
  return run.failed === undefined ? undefined : `${run.failed.rule} ${run.failed.status}: ${run.failed.message}`;
}

/** The tracked files of the working tree at `root` (as they are now), copied to a temporary directory, node_modules linked. */
function copyTree(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'syncspec-second-stage-'));
  const listed = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (listed.status !== 0) throw new Error(`second stage: git ls-files failed in ${root}: ${listed.stderr}`);
  for (const file of listed.stdout.split('\0').filter((f) => f !== '')) {
    if (!existsSync(join(root, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(root, file), join(dir, file));
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

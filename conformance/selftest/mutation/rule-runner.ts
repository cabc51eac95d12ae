// Stryker's test runner for syncspec (stryker.config.mjs: testRunner 'syncspec-rules'): the
// conformance suite on the reference, where each rule of the spec is one "test".
//
// Dry run (no mutant): every rule a file of the chunk can reach (rulesFor) runs in its own
// `syncspec run` process, with coverage-hook.mjs preloaded, which records the mutants whose
// code ran in any thread. Stryker gets the coverage per rule (coverageAnalysis 'perTest'), so
// a mutant no rule runs is NoCoverage at once, and a mutant runs only the rules that ran its
// code. That is sound because a run is determined by its seed on the controlled executor: a
// rule whose runs never reached the mutant's code under seed 6 cannot reach it with the
// mutant on either (the stress runs excepted: they add interleavings, not code paths).
//
// Mutant run: `syncspec run --rules <the rules that cover it> --bail` with
// __STRYKER_ACTIVE_MUTANT__ in the environment. The instrumented code reads the variable in
// this process and in every worker thread (they inherit the environment; Stryker's own
// runners set the mutant on one thread's global, which workers do not share: README.md,
// worker-env-experiment/). The rules run quickest first, and the run stops at the first
// failure: Stryker counts the mutant killed by that rule.
//
// Knobs (environment): SYNCSPEC_MUTATION_RUNS (default 5), SYNCSPEC_MUTATION_SEED
// (default 6), SYNCSPEC_MUTATION_LIVENESS_MS (default 20000), SYNCSPEC_MUTATION_LOG (a file
// to append one line per mutant to: mutation.ts sets it).
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DryRunOptions, DryRunResult, MutantRunOptions, MutantRunResult, TestResult, TestRunner, TestRunnerCapabilities } from '@stryker-mutator/api/test-runner';
import { DryRunStatus, MutantRunStatus, TestStatus } from '@stryker-mutator/api/test-runner';
import { commonTokens, tokens } from '@stryker-mutator/api/plugin';
import type { Logger } from '@stryker-mutator/api/logging';
import { isFailing, type RunReport, type Status } from '../../report/results.ts';
import { ruleMatcher } from '../../run/ruleFilter.ts';

const HOOK = fileURLToPath(new URL('./coverage-hook.mjs', import.meta.url));
const ALL_SYNC = ['MUTEX-*', 'RW-*', 'CV-*', 'BAR-*', 'ONCE-*', 'OL-*', 'LAZY-*'];
/** Rules run side by side in the dry run: two, one per core of the machine this was measured on. */
const DRY_RUN_PARALLEL = 2;

/**
 * The rules a mutant in `file` (relative to the repository, `reference/sync/mutex.ts`) can
 * make fail: the chapters whose primitives run that file's code. The dry run's coverage
 * narrows this further, per mutant.
 */
export function rulesFor(file: string): string[] {
  const f = file.replaceAll('\\', '/').replace(/^.*?reference\//, '');
  // The plain-data codec: channel values, and the values a Mutex, RwLock or OnceLock holds (sync/value.ts).
  if (f === 'channels/plain.ts') return ['CHAN-*', ...ALL_SYNC];
  if (f.startsWith('channels/')) return ['CHAN-*'];
  // A MutexGuard is what Condvar waits with; RwLock shares the mutex's critical-section commit (finishSection).
  if (f === 'sync/mutex.ts') return ['MUTEX-*', 'CV-*', 'RW-*'];
  if (f === 'sync/rwlock.ts') return ['RW-*'];
  if (f === 'sync/condvar.ts') return ['CV-*'];
  if (f === 'sync/barrier.ts') return ['BAR-*'];
  if (f === 'sync/once.ts') return ['ONCE-*', 'OL-*', 'LAZY-*'];
  // core.ts, waiters.ts, value.ts, results.ts, errors.ts: every primitive.
  if (f.startsWith('sync/')) return ALL_SYNC;
  // runtime/ (atomics, locks, the registry, thread slots, waits, the reactor) and schedule/ (the hooks): everything.
  return ['CHAN-*', ...ALL_SYNC];
}

/**
 * The rules a mutant in `file` runs, quickest first: those whose dry run ran its code
 * (`covering`), kept to the chapters the file can reach — code run at module load is
 * covered by every rule that loads the file. `ruleMs`: each rule's dry-run time.
 */
export function rulesToRun(file: string, covering: Iterable<string>, ruleMs: ReadonlyMap<string, number>): string[] {
  const reach = ruleMatcher(rulesFor(file).join(','));
  return [...covering].filter(reach).sort((a, b) => (ruleMs.get(a) ?? 0) - (ruleMs.get(b) ?? 0));
}

/** What one `syncspec run` of some rules gave. */
interface SuiteRun {
  /** Rules run, in order, with their status (`pass`, `fail`, `n/a`, ...) and first message line. */
  readonly results: readonly { readonly rule: string; readonly status: Status; readonly message: string }[];
  /** The first rule that did not pass, if any. */
  readonly failed?: { readonly rule: string; readonly status: Status; readonly message: string };
  /** The run did not finish within its time. */
  readonly timedOut: boolean;
  /** Why there is no report (the run crashed before writing one). */
  readonly crash?: string;
  /** Mutant ids whose code ran (when coverage was asked for). */
  readonly covered?: readonly number[];
  readonly seconds: number;
}

/** Runs `syncspec run --adapter reference` on `rules` in `root` (a Stryker sandbox). */
function spawnRules(root: string, rules: readonly string[], options: { mutant?: string; coverage?: boolean; bail?: boolean; timeoutMs?: number }): Promise<SuiteRun> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'syncspec-mutant-'));
  const report = join(dir, 'report.json');
  const coverageOut = join(dir, 'coverage.json');
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.__STRYKER_ACTIVE_MUTANT__;
  if (options.mutant !== undefined) env.__STRYKER_ACTIVE_MUTANT__ = options.mutant;
  if (options.coverage) env.SYNCSPEC_COVERAGE_OUT = coverageOut;
  const args = [
    ...(options.coverage ? ['--import', HOOK] : []),
    join(root, 'bin/syncspec.js'),
    'run', '--adapter', 'reference', '--rules', rules.join(','),
    '--runs', process.env.SYNCSPEC_MUTATION_RUNS ?? '5',
    '--seed', process.env.SYNCSPEC_MUTATION_SEED ?? '6',
    '--liveness-ms', process.env.SYNCSPEC_MUTATION_LIVENESS_MS ?? '20000',
    ...(options.bail ? ['--bail'] : []),
    '--reporter', 'json', '--out', report,
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-20_000);
    });
    let timedOut = false;
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      try {
        const covered = options.coverage && existsSync(coverageOut) ? (JSON.parse(readFileSync(coverageOut, 'utf8')) as number[]) : undefined;
        if (timedOut || !existsSync(report)) {
          const lines = stderr.trim().split('\n');
          const internal = lines.findIndex((l) => l.includes('internal error'));
          const crash = timedOut ? undefined : `no report (exit ${code ?? signal}): ${(internal >= 0 ? lines.slice(internal, internal + 4) : lines.slice(-3)).join(' | ').slice(0, 600)}`;
          resolve({ results: [], timedOut, crash, covered, seconds });
          return;
        }
        const parsed = JSON.parse(readFileSync(report, 'utf8')) as RunReport;
        const results = parsed.adapters.flatMap((a) => a.results).map((r) => ({ rule: r.rule, status: r.status, message: (r.message ?? '').split('\n')[0].slice(0, 300) }));
        const failed = results.find((r) => isFailing(r.status));
        resolve({ results, failed, timedOut: false, covered, seconds });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** Every rule ID of the spec, in the sandbox `root`. */
function allRules(root: string): string[] {
  const r = spawnSync(process.execPath, [join(root, 'bin/syncspec.js'), 'rules', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`syncspec-rules runner: \`syncspec rules --json\` failed in ${root}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { id: string }[]).map((x) => x.id);
}

/** Runs `jobs` with at most `parallel` at a time, results in order. */
async function inParallel<T>(jobs: readonly (() => Promise<T>)[], parallel: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, jobs.length) }, lane));
  return out;
}

/** Where the dry run leaves each rule's time, in the sandbox every runner shares. */
const RULE_TIMES = '.syncspec-rule-times.json';

export class SyncspecRuleRunner implements TestRunner {
  static inject = tokens(commonTokens.logger);
  private readonly root = process.cwd();
  /**
   * Each rule's time in the dry run: a mutant runs its rules quickest first. Stryker runs
   * the dry run in one of its runners: the others read the times from the sandbox.
   */
  private ruleMs: ReadonlyMap<string, number> | undefined;

  constructor(private readonly log: Logger) {}

  capabilities(): TestRunnerCapabilities {
    // Every run is a new process: a mutant active at module load is as active as any other.
    return { reloadEnvironment: true };
  }

  async dryRun(options: DryRunOptions): Promise<DryRunResult> {
    // Stryker names the files with mutants; without them, every rule.
    const wanted = options.files === undefined ? () => true : ruleMatcher([...new Set(options.files.flatMap(rulesFor))].join(','));
    const rules = allRules(this.root).filter(wanted);
    this.log.info(`dry run: ${rules.length} rules of the chapters ${options.files?.length ?? 'all'} file(s) reach, one process each, ${DRY_RUN_PARALLEL} at a time, with coverage`);
    const runs = await inParallel(rules.map((rule) => () => spawnRules(this.root, [rule], { coverage: true })), DRY_RUN_PARALLEL);
    const tests: TestResult[] = [];
    const ruleMs: Record<string, number> = {};
    const perTest: Record<string, Record<string, number>> = {};
    for (const [i, rule] of rules.entries()) {
      const run = runs[i];
      // No timeout here: a dry run that hangs is Stryker's to stop.
      if (run.crash !== undefined) return { status: DryRunStatus.Error, errorMessage: `rule ${rule} on the unmutated reference: ${run.crash}` };
      const ms = Math.round(run.seconds * 1000);
      ruleMs[rule] = ms;
      tests.push(run.failed === undefined ? { id: rule, name: rule, timeSpentMs: ms, status: TestStatus.Success } : { id: rule, name: rule, timeSpentMs: ms, status: TestStatus.Failed, failureMessage: `${run.failed.status}: ${run.failed.message}` });
      perTest[rule] = Object.fromEntries((run.covered ?? []).map((id) => [String(id), 1]));
      this.log.debug(`dry run: ${rule} ${run.failed?.status ?? 'pass'} in ${ms} ms, covers ${run.covered?.length ?? 0} mutants`);
    }
    writeFileSync(join(this.root, RULE_TIMES), JSON.stringify(ruleMs));
    return { status: DryRunStatus.Complete, tests, mutantCoverage: { static: {}, perTest } };
  }

  private ruleTimes(): ReadonlyMap<string, number> {
    this.ruleMs ??= new Map(Object.entries(JSON.parse(readFileSync(join(this.root, RULE_TIMES), 'utf8')) as Record<string, number>));
    return this.ruleMs;
  }

  async mutantRun(options: MutantRunOptions): Promise<MutantRunResult> {
    const mutant = options.activeMutant;
    const times = this.ruleTimes();
    const rules = rulesToRun(mutant.fileName, options.testFilter ?? times.keys(), times);
    const logLine = (seconds: number, verdict: string) => {
      const line = `${new Date().toISOString()} mutant=${mutant.id} file=${mutant.fileName.replace(/^.*?reference\//, 'reference/')}:${mutant.location.start.line + 1} ${mutant.mutatorName} rules=${rules.length}:${rules.join(',')} ${seconds.toFixed(1)}s ${verdict}`;
      if (process.env.SYNCSPEC_MUTATION_LOG !== undefined) appendFileSync(process.env.SYNCSPEC_MUTATION_LOG, `${line}\n`);
      this.log.debug(line);
    };
    // No rule in reach runs its code: nothing can kill it (and an empty --rules would run every rule).
    if (rules.length === 0) {
      logLine(0, 'survived: no covering rule in reach');
      return { status: MutantRunStatus.Survived, nrOfTests: 0 };
    }
    const run = await spawnRules(this.root, rules, { mutant: mutant.id, bail: !options.disableBail, timeoutMs: options.timeout });
    logLine(run.seconds, run.timedOut ? 'timeout' : run.crash ?? (run.failed === undefined ? `survived ${run.results.length} rules` : `${run.failed.status} ${run.failed.rule} after ${run.results.length} rules: ${run.failed.message}`));
    if (run.timedOut) return { status: MutantRunStatus.Timeout, reason: `the suite did not end within ${options.timeout} ms` };
    // A run that crashes (an import that throws, a worker that dies) is a failure the mutant caused: the unmutated dry run passed.
    if (run.crash !== undefined) return { status: MutantRunStatus.Killed, killedBy: rules.slice(0, 1), failureMessage: run.crash, nrOfTests: rules.length };
    if (run.failed !== undefined) return { status: MutantRunStatus.Killed, killedBy: [run.failed.rule], failureMessage: `${run.failed.status}: ${run.failed.message}`, nrOfTests: run.results.length };
    return { status: MutantRunStatus.Survived, nrOfTests: run.results.length };
  }
}

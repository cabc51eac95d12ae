// Stryker's test runner for syncspec (stryker.config.mjs: testRunner 'syncspec-rules'): the
// conformance suite on the reference, where each rule of the spec is one "test" per bundled
// adapter of the reference: `reference` (the blocking API in worker threads; the test is
// named by the rule, `CHAN-RECV-1`) and `reference-async` (the promise API on the main
// thread, through the reactor: `reference-async:CHAN-RECV-1`).
//
// Dry run (no mutant): every rule a file of the chunk can reach (rulesFor) runs, per adapter,
// in its own `syncspec run` process, with coverage-hook.mjs preloaded, which records the mutants whose
// code ran in any thread. Stryker gets the coverage per rule (coverageAnalysis 'perTest'), so
// a mutant no rule runs is NoCoverage at once, and a mutant runs only the rules that ran its
// code. That is sound because a run is determined by its seed on the controlled executor: a
// rule whose runs never reached the mutant's code under seed 6 cannot reach it with the
// mutant on either (the stress runs excepted: they add interleavings, not code paths).
//
// Mutant run: `syncspec run --rules <the rules that cover it> --bail`, one adapter after the
// other (the one whose quickest covering test is quicker first), with
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
import { inParallel } from '../in-parallel.ts';

const HOOK = fileURLToPath(new URL('./coverage-hook.mjs', import.meta.url));
/** The bundled adapters of the reference: the first one's tests are named by their rule alone. */
export const REFERENCE_ADAPTERS = ['reference', 'reference-async'] as const;
export type ReferenceAdapter = (typeof REFERENCE_ADAPTERS)[number];

/** A test: one rule on one adapter. */
export interface RuleTest {
  readonly adapter: ReferenceAdapter;
  readonly rule: string;
}

export function testId(t: RuleTest): string {
  return t.adapter === REFERENCE_ADAPTERS[0] ? t.rule : `${t.adapter}:${t.rule}`;
}

export function parseTestId(id: string): RuleTest {
  const colon = id.indexOf(':');
  if (colon < 0) return { adapter: REFERENCE_ADAPTERS[0], rule: id };
  const adapter = id.slice(0, colon);
  if (!(REFERENCE_ADAPTERS as readonly string[]).includes(adapter)) throw new Error(`syncspec-rules runner: a test of an unknown adapter: ${id}`);
  return { adapter: adapter as ReferenceAdapter, rule: id.slice(colon + 1) };
}
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
 * The tests a mutant in `file` runs, quickest first: those whose dry run ran its code
 * (`covering`, test ids), kept to the chapters the file can reach — code run at module load
 * is covered by every rule that loads the file. `testMs`: each test's dry-run time.
 */
export function rulesToRun(file: string, covering: Iterable<string>, testMs: ReadonlyMap<string, number>): string[] {
  const reach = ruleMatcher(rulesFor(file).join(','));
  return [...covering].filter((id) => reach(parseTestId(id).rule)).sort((a, b) => (testMs.get(a) ?? 0) - (testMs.get(b) ?? 0));
}

/** Test ids (quickest first) as one batch of rules per adapter, the adapter of the quickest test first. */
export function batchesOf(ids: readonly string[]): { adapter: ReferenceAdapter; rules: string[] }[] {
  const batches: { adapter: ReferenceAdapter; rules: string[] }[] = [];
  for (const id of ids) {
    const t = parseTestId(id);
    let batch = batches.find((b) => b.adapter === t.adapter);
    if (batch === undefined) batches.push((batch = { adapter: t.adapter, rules: [] }));
    batch.rules.push(t.rule);
  }
  return batches;
}

/** What one `syncspec run` of some rules gave. */
export interface SuiteRun {
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

/**
 * Runs `syncspec run --adapter <adapter>` on `rules` in `root` (a Stryker sandbox, or the
 * second stage's: second-stage.ts). `runs` per property: SYNCSPEC_MUTATION_RUNS by default.
 */
export function spawnRules(root: string, adapter: ReferenceAdapter, rules: readonly string[], options: { mutant?: string; coverage?: boolean; bail?: boolean; timeoutMs?: number; runs?: number }): Promise<SuiteRun> {
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
    'run', '--adapter', adapter, '--rules', rules.join(','),
    '--runs', String(options.runs ?? process.env.SYNCSPEC_MUTATION_RUNS ?? 5),
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
    const all = REFERENCE_ADAPTERS.flatMap((adapter) => rules.map((rule): RuleTest => ({ adapter, rule })));
    this.log.info(`dry run: ${rules.length} rules of the chapters ${options.files?.length ?? 'all'} file(s) reach, on ${REFERENCE_ADAPTERS.join(' and ')}, one process each, ${DRY_RUN_PARALLEL} at a time, with coverage`);
    const runs = await inParallel(all.map((t) => () => spawnRules(this.root, t.adapter, [t.rule], { coverage: true })), DRY_RUN_PARALLEL);
    const tests: TestResult[] = [];
    const testMs: Record<string, number> = {};
    const perTest: Record<string, Record<string, number>> = {};
    for (const [i, t] of all.entries()) {
      const run = runs[i];
      const id = testId(t);
      // No timeout here: a dry run that hangs is Stryker's to stop.
      if (run.crash !== undefined) return { status: DryRunStatus.Error, errorMessage: `rule ${t.rule} on the unmutated ${t.adapter}: ${run.crash}` };
      const ms = Math.round(run.seconds * 1000);
      testMs[id] = ms;
      tests.push(run.failed === undefined ? { id, name: id, timeSpentMs: ms, status: TestStatus.Success } : { id, name: id, timeSpentMs: ms, status: TestStatus.Failed, failureMessage: `${run.failed.status}: ${run.failed.message}` });
      perTest[id] = Object.fromEntries((run.covered ?? []).map((m) => [String(m), 1]));
      this.log.debug(`dry run: ${id} ${run.failed?.status ?? 'pass'} in ${ms} ms, covers ${run.covered?.length ?? 0} mutants`);
    }
    writeFileSync(join(this.root, RULE_TIMES), JSON.stringify(testMs));
    return { status: DryRunStatus.Complete, tests, mutantCoverage: { static: {}, perTest } };
  }

  private ruleTimes(): ReadonlyMap<string, number> {
    this.ruleMs ??= new Map(Object.entries(JSON.parse(readFileSync(join(this.root, RULE_TIMES), 'utf8')) as Record<string, number>));
    return this.ruleMs;
  }

  async mutantRun(options: MutantRunOptions): Promise<MutantRunResult> {
    const mutant = options.activeMutant;
    const times = this.ruleTimes();
    const ids = rulesToRun(mutant.fileName, options.testFilter ?? times.keys(), times);
    const logLine = (seconds: number, verdict: string) => {
      const line = `${new Date().toISOString()} mutant=${mutant.id} file=${mutant.fileName.replace(/^.*?reference\//, 'reference/')}:${mutant.location.start.line + 1} ${mutant.mutatorName} rules=${ids.length}:${ids.join(',')} ${seconds.toFixed(1)}s ${verdict}`;
      if (process.env.SYNCSPEC_MUTATION_LOG !== undefined) appendFileSync(process.env.SYNCSPEC_MUTATION_LOG, `${line}\n`);
      this.log.debug(line);
    };
    // No rule in reach runs its code: nothing can kill it (and an empty --rules would run every rule).
    if (ids.length === 0) {
      logLine(0, 'survived: no covering rule in reach');
      return { status: MutantRunStatus.Survived, nrOfTests: 0 };
    }
    let seconds = 0;
    let ran = 0;
    for (const batch of batchesOf(ids)) {
      const timeoutMs = options.timeout === undefined ? undefined : Math.max(1, options.timeout - seconds * 1000);
      const run = await spawnRules(this.root, batch.adapter, batch.rules, { mutant: mutant.id, bail: !options.disableBail, timeoutMs });
      seconds += run.seconds;
      ran += run.results.length;
      const on = (rule: string) => testId({ adapter: batch.adapter, rule });
      if (run.timedOut) {
        logLine(seconds, `timeout (${batch.adapter})`);
        return { status: MutantRunStatus.Timeout, reason: `the suite did not end within ${options.timeout} ms` };
      }
      // A run that crashes (an import that throws, a worker that dies) is a failure the mutant caused: the unmutated dry run passed.
      if (run.crash !== undefined) {
        logLine(seconds, `${run.crash} (${batch.adapter})`);
        return { status: MutantRunStatus.Killed, killedBy: [on(batch.rules[0])], failureMessage: run.crash, nrOfTests: ran };
      }
      if (run.failed !== undefined) {
        logLine(seconds, `${run.failed.status} ${on(run.failed.rule)} after ${ran} rules: ${run.failed.message}`);
        return { status: MutantRunStatus.Killed, killedBy: [on(run.failed.rule)], failureMessage: `${run.failed.status}: ${run.failed.message}`, nrOfTests: ran };
      }
    }
    logLine(seconds, `survived ${ran} rules`);
    return { status: MutantRunStatus.Survived, nrOfTests: ran };
  }
}

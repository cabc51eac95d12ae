// Stryker's test command (stryker.config.mjs, command runner): runs the conformance suite
// on the reference for the mutant Stryker made active, in Stryker's sandbox.
//
// Stryker gives the mutant in the environment (__STRYKER_ACTIVE_MUTANT__); the
// instrumented code reads it there, in this process and in every worker thread it starts
// (they inherit the environment; the vitest runner would set it on one process's global
// only, which workers do not share: README.md here). This script finds the file the mutant
// is in (the instrumented files name their mutants: `stryMutAct_9fa48("17")`), runs the
// rules of the chapters that file can reach (rulesFor), stops at the first failing rule
// (`syncspec run --bail`), and exits non-zero on a failure: Stryker counts the mutant
// killed. Without an active mutant (Stryker's dry run) it runs the rules of every
// instrumented file, which must all pass on the correct code.
//
// Knobs (environment): SYNCSPEC_MUTATION_RUNS (default 5), SYNCSPEC_MUTATION_SEED
// (default 6), SYNCSPEC_MUTATION_LIVENESS_MS (default 20000), SYNCSPEC_MUTATION_LOG (a
// file to append one line per run to: mutation.ts sets it).
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCOPE = ['channels', 'sync', 'runtime', 'schedule'];

const ALL_SYNC = ['MUTEX-*', 'RW-*', 'CV-*', 'BAR-*', 'ONCE-*', 'OL-*', 'LAZY-*'];

/**
 * The rules a mutant in `file` (relative to the repository, `reference/sync/mutex.ts`) can
 * make fail: the chapters whose primitives run that file's code.
 */
export function rulesFor(file: string): string[] {
  const f = file.replaceAll('\\', '/').replace(/^reference\//, '');
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

/** The reference's files in scope, relative to `root`. */
function scopeFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(relative(root, p));
    }
  };
  for (const d of SCOPE) walk(join(root, 'reference', d));
  return out.sort();
}

function main(): void {
  const started = performance.now();
  const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
  const instrumented = scopeFiles(ROOT)
    .map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }))
    .filter((f) => f.text.includes('stryMutAct_9fa48('));
  let targets: string[];
  if (mutant === undefined) targets = instrumented.map((f) => f.file);
  else {
    const home = instrumented.find((f) => f.text.includes(`stryMutAct_9fa48("${mutant}")`));
    if (home === undefined) process.stderr.write(`run-mutant: mutant ${mutant} not found in the instrumented files: running every rule\n`);
    targets = home === undefined ? ['reference/runtime/?'] : [home.file];
  }
  const rules = [...new Set(targets.flatMap(rulesFor))];
  const runs = process.env.SYNCSPEC_MUTATION_RUNS ?? '5';
  const seed = process.env.SYNCSPEC_MUTATION_SEED ?? '6';
  const liveness = process.env.SYNCSPEC_MUTATION_LIVENESS_MS ?? '20000';
  const dir = mkdtempSync(join(tmpdir(), 'syncspec-mutant-'));
  const out = join(dir, 'report.json');
  const args = ['run', '--adapter', 'reference', '--rules', rules.join(','), '--runs', runs, '--seed', seed, '--liveness-ms', liveness, '--bail', '--reporter', 'json', '--out', out];
  const child = spawnSync(process.execPath, [join(ROOT, 'bin/syncspec.js'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  let verdict: string;
  let status = child.status ?? 1;
  try {
    const report = JSON.parse(readFileSync(out, 'utf8')) as { adapters: { results: { rule: string; status: string; message?: string }[] }[] };
    const results = report.adapters.flatMap((a) => a.results);
    const bad = results.find((r) => !['pass', 'n/a', 'expected-fail'].includes(r.status));
    verdict = bad === undefined ? `survived ${results.length} rules` : `${bad.status} ${bad.rule} after ${results.length} rules: ${(bad.message ?? '').split('\n')[0].slice(0, 300)}`;
  } catch {
    // No report: the run did not get that far (an import that throws, a crash): a failure all the same.
    const lines = (child.stderr ?? '').trim().split('\n');
    const internal = lines.findIndex((l) => l.includes('internal error'));
    verdict = `no report (exit ${child.status ?? child.signal}): ${(internal >= 0 ? lines.slice(internal, internal + 4) : lines.slice(-3)).join(' | ').slice(0, 600)}`;
    if (status === 0) status = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const line = `${new Date().toISOString()} mutant=${mutant ?? 'dry-run'} file=${targets.join('+')} rules=${rules.join(',')} exit=${status} ${seconds}s ${verdict}`;
  process.stdout.write(`${line}\n`);
  if (process.env.SYNCSPEC_MUTATION_LOG !== undefined) appendFileSync(process.env.SYNCSPEC_MUTATION_LOG, `${line}\n`);
  if (mutant === undefined && status !== 0) process.stdout.write(child.stderr ?? '');
  process.exitCode = status;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();

// No false failures: runs `syncspec run --adapter reference` (or other adapters) N times,
// each with a fresh seed, as a user would (a child process through bin/syncspec.js), and
// counts the runs that failed. A correct implementation must fail none: every failure
// printed here is a bug of syncspec's (a check too strict, a flaky executor), with the
// seed and the command that reproduces it.
//
//   npx tsx conformance/selftest/repeat-run.ts [-n 50] [--adapter reference]... [--runs N] [--rules GLOB] [--jobs N] [--json]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isFailing, type RunReport } from '../report/results.ts';
import { inParallel } from './in-parallel.ts';

const BIN = fileURLToPath(new URL('../../bin/syncspec.js', import.meta.url));

export interface RepeatOptions {
  readonly n: number;
  readonly adapters: readonly string[];
  /** Passed on to `syncspec run` (its default otherwise). */
  readonly runs?: number;
  readonly rules?: string;
  /** The seeds; default: fresh random ones. */
  readonly seeds?: readonly number[];
  /** How many runs at once (default 1): each is a child process, so one per core is the most that helps. */
  readonly jobs?: number;
  readonly onProgress?: (line: string) => void;
}

export interface RepeatFailure {
  readonly seed: number;
  readonly exitCode: number | null;
  /** `adapter RULE status` for each result that was not a pass, n/a or expected failure. */
  readonly results: readonly string[];
  /** Each of those results' first message line and replay token (`syncspec run --replay`). */
  readonly details: readonly { readonly result: string; readonly message: string; readonly replay?: string }[];
  readonly command: string;
  readonly stderr: string;
}

export interface RepeatReport {
  readonly n: number;
  readonly adapters: readonly string[];
  readonly runs?: number;
  readonly rules?: string;
  readonly failures: readonly RepeatFailure[];
  readonly seconds: number;
}

function runOnce(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

export async function repeatRun(options: RepeatOptions): Promise<RepeatReport> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'syncspec-repeat-'));
  const failures: RepeatFailure[] = [];
  try {
    const run = async (i: number): Promise<RepeatFailure | undefined> => {
      const seed = options.seeds?.[i] ?? Math.floor(Math.random() * 2 ** 31);
      const out = join(dir, `run-${i}.json`);
      const common = [
        ...options.adapters.flatMap((a) => ['--adapter', a]),
        '--seed',
        String(seed),
        ...(options.runs !== undefined ? ['--runs', String(options.runs)] : []),
        ...(options.rules !== undefined ? ['--rules', options.rules] : []),
      ];
      const t = performance.now();
      const { code, stderr } = await runOnce(['run', ...common, '--reporter', 'json', '--out', out]);
      let results: string[] = [];
      let details: RepeatFailure['details'] = [];
      try {
        const report = JSON.parse(readFileSync(out, 'utf8')) as RunReport;
        const bad = report.adapters.flatMap((a) => a.results.filter((r) => isFailing(r.status)).map((r) => ({ a, r })));
        results = bad.map(({ a, r }) => `${a.name} ${r.rule} ${r.status}`);
        details = bad.map(({ a, r }) => ({ result: `${a.name} ${r.rule} ${r.status}`, message: (r.message ?? '').split('\n')[0], ...(r.replay === undefined ? {} : { replay: r.replay }) }));
      } catch {
        results = ['(no report written)'];
      }
      const failed = code !== 0 || results.length > 0;
      options.onProgress?.(`[${i + 1}/${options.n}] seed ${seed}: ${failed ? `FAILED (${results.join(', ') || `exit ${code}`})` : 'ok'}, ${((performance.now() - t) / 1000).toFixed(1)} s`);
      return failed ? { seed, exitCode: code, results, details, command: `npx syncspec run ${common.join(' ')}`, stderr: stderr.slice(-2000) } : undefined;
    };
    // Failures in the order of the runs, whichever finished first.
    const byRun = await inParallel(Array.from({ length: options.n }, (_, i) => () => run(i)), options.jobs ?? 1);
    failures.push(...byRun.filter((f) => f !== undefined));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    n: options.n,
    adapters: options.adapters,
    ...(options.runs !== undefined ? { runs: options.runs } : {}),
    ...(options.rules !== undefined ? { rules: options.rules } : {}),
    failures,
    seconds: (performance.now() - started) / 1000,
  };
}

export function formatRepeat(report: RepeatReport): string {
  const what = `syncspec run --adapter ${report.adapters.join(' --adapter ')}${report.runs !== undefined ? ` --runs ${report.runs}` : ''}${report.rules !== undefined ? ` --rules ${report.rules}` : ''}`;
  const lines = [`${report.n} × \`${what}\` with fresh seeds: ${report.failures.length} failed (${report.seconds.toFixed(0)} s)`];
  for (const f of report.failures) {
    lines.push(`  seed ${f.seed}: ${f.results.join(', ') || `exit ${f.exitCode}`}\n    reproduce: ${f.command}`);
    for (const d of f.details) lines.push(`    ${d.result}: ${d.message}${d.replay === undefined ? '' : `\n      replay: npx syncspec run --adapter ${report.adapters.length === 1 ? report.adapters[0] : d.result.split(' ')[0]} --replay ${d.replay}`}`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', short: 'n', default: '50' },
      adapter: { type: 'string', multiple: true },
      runs: { type: 'string' },
      rules: { type: 'string' },
      jobs: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
    },
  });
  const n = Number(values.n);
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  const jobs = Number(values.jobs);
  if (!Number.isInteger(n) || n < 1 || (runs !== undefined && (!Number.isInteger(runs) || runs < 1)) || !Number.isInteger(jobs) || jobs < 1) {
    process.stderr.write('usage: repeat-run.ts [-n N] [--adapter NAME|PATH]... [--runs N] [--rules GLOB] [--jobs N] [--json]\n');
    process.exitCode = 2;
    return;
  }
  const report = await repeatRun({
    n,
    adapters: values.adapter ?? ['reference'],
    jobs,
    ...(runs !== undefined ? { runs } : {}),
    ...(values.rules !== undefined ? { rules: values.rules } : {}),
    onProgress: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatRepeat(report));
  process.exitCode = report.failures.length === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

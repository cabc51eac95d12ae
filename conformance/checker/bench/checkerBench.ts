// The checker benchmark: times checkHistory on the checker corpus (shared/checker-histories)
// with the protocol of shared/research/checker-anchor.md, and prints a Markdown table beside
// Porcupine's figures measured on the same files.
//
//   npm run bench:checker [-- --dir DIR] [--filter SUBSTR] [--search] [--budget MS] [--out FILE]
//
// --dir     the corpus folder (default: ../shared/checker-histories from the repository root)
// --filter  only files whose name contains SUBSTR (e.g. `n1000-`)
// --search  time the general search alone (no fast decider)
// --budget  the per-check budget in ms (default 60,000, as in the anchor)
// --out     also write the Markdown report to FILE
// --porcupine PATH  a Porcupine harness (kept outside the repository; see checker-anchor.md) run
//           as `PATH FILE 60`, printing {"verdict","medianMs","minMs","maxMs"}: it is run on each
//           file just before the TS checker, on the cells where the anchor shows Porcupine
//           finishing, so that both are measured under the same machine load
//
// Each file runs in a fresh Node process (benchFile.ts) with a 14 GiB heap cap and --expose-gc.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCorpusName } from '../corpus.ts';
import type { FileTiming } from './benchFile.ts';
import type { PorcupineFigure } from './porcupineFigures.ts';
import { porcupineFigure } from './porcupineFigures.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const VARIANTS = ['ok', 'illegal-dup', 'illegal-empty', 'illegal-swap'];

interface Options {
  readonly dir: string;
  readonly filter: string;
  readonly search: boolean;
  readonly budgetMs: number;
  readonly runs: number;
  readonly out?: string;
  readonly porcupine?: string;
}

function parseArgs(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dir = resolve(value('--dir') ?? resolve(repoRoot, '../shared/checker-histories'));
  return {
    dir,
    filter: value('--filter') ?? '',
    search: argv.includes('--search'),
    budgetMs: Number(value('--budget') ?? 60_000),
    runs: Number(value('--runs') ?? 5),
    ...(value('--out') ? { out: resolve(value('--out')!) } : {}),
    ...(value('--porcupine') ? { porcupine: resolve(value('--porcupine')!) } : {}),
  };
}

type Outcome = { readonly kind: 'timed'; readonly timing: FileTiming } | { readonly kind: 'failed'; readonly what: 'memout' | 'killed' | 'error'; readonly detail: string };

function runFile(path: string, o: Options): Outcome {
  const args = [
    '--max-old-space-size=14336',
    '--expose-gc',
    '--single-threaded-gc',
    '--import',
    'tsx',
    resolve(here, 'benchFile.ts'),
    path,
    '--budget',
    String(o.budgetMs),
    '--runs',
    String(o.runs),
    ...(o.search ? ['--search'] : []),
  ];
  // A watchdog well past the checks' own budget: one warm-up + the timed runs.
  const child = spawnSync(process.execPath, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: (o.runs + 1) * o.budgetMs + 120_000,
    maxBuffer: 1 << 24,
  });
  if (child.status === 0) {
    const line = child.stdout.trim().split('\n').pop()!;
    return { kind: 'timed', timing: JSON.parse(line) as FileTiming };
  }
  const stderr = child.stderr ?? '';
  if (/heap out of memory|Allocation failed/i.test(stderr)) return { kind: 'failed', what: 'memout', detail: 'out of memory (> 14 GiB heap)' };
  if (child.signal) return { kind: 'failed', what: 'killed', detail: `killed by ${child.signal} (watchdog)` };
  return { kind: 'failed', what: 'error', detail: stderr.trim().split('\n').slice(-3).join(' ') };
}

interface PorcupineRun {
  readonly verdict: string;
  readonly medianMs?: number;
  readonly minMs?: number;
  readonly maxMs?: number;
}

/** Runs the external Porcupine harness on one file (same 60 s budget as the anchor). */
function runPorcupine(harness: string, path: string): PorcupineRun | string {
  const child = spawnSync(harness, [path, '60'], { encoding: 'utf8', timeout: 7 * 60_000, maxBuffer: 1 << 20 });
  if (child.status !== 0) return child.signal ? `killed (${child.signal})` : `error: ${(child.stderr ?? '').trim().split('\n').pop()}`;
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as PorcupineRun;
}

function ms(x: number): string {
  if (x < 1) return x.toFixed(3);
  if (x < 10) return x.toFixed(2);
  if (x < 100) return x.toFixed(1);
  return Math.round(x).toLocaleString('en-US');
}

function expectedOf(variant: string): 'ok' | 'illegal' {
  return variant === 'ok' ? 'ok' : 'illegal';
}

function porcupineCell(p: PorcupineFigure): string {
  return p.kind === 'time' ? `${ms(p.medianMs)} (${ms(p.minMs)}–${ms(p.maxMs)})` : `**${p.note}**`;
}

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(o.dir)) {
    console.error(`checker bench: corpus folder not found: ${o.dir} (use --dir)`);
    process.exit(2);
  }
  const files = readdirSync(o.dir)
    .filter((f) => parseCorpusName(f) && f.includes(o.filter))
    .sort((a, b) => {
      const x = parseCorpusName(a)!;
      const y = parseCorpusName(b)!;
      return x.ops - y.ops || x.clients - y.clients || VARIANTS.indexOf(x.variant) - VARIANTS.indexOf(y.variant);
    });
  const started = new Date();
  const rows: string[] = [];
  let correct = 0;
  let finished = 0;
  const ratios: number[] = [];
  let slower = 0;
  for (const f of files) {
    const { clients, ops, variant } = parseCorpusName(f)!;
    process.stderr.write(`${f} ... `);
    const anchor = porcupineFigure(clients, ops, variant);
    // This run's Porcupine figure, where the anchor says it finishes; else the anchor's.
    let porcupine: PorcupineFigure = anchor;
    let porcupineNow = '';
    if (o.porcupine) {
      if (anchor.kind === 'time') {
        const run = runPorcupine(o.porcupine, resolve(o.dir, f));
        if (typeof run === 'string') porcupineNow = `**${run}**`;
        else if (run.medianMs === undefined) porcupineNow = '**timeout (> 60 s)**';
        else {
          porcupine = { kind: 'time', medianMs: run.medianMs, minMs: run.minMs!, maxMs: run.maxMs! };
          porcupineNow = `${porcupineCell(porcupine)}${run.verdict === expectedOf(variant) ? '' : ` **(verdict ${run.verdict})**`}`;
        }
      } else {
        porcupineNow = 'not rerun';
      }
    }
    const outcome = runFile(resolve(o.dir, f), o);
    const expected = expectedOf(variant);
    let cells: string[];
    if (outcome.kind === 'failed') {
      process.stderr.write(`${outcome.detail}\n`);
      cells = [expected, `**${outcome.what}**`, outcome.detail, '—', porcupineCell(porcupine), '—'];
    } else {
      const t = outcome.timing;
      const verdict = t.verdict === 'safety' ? 'illegal' : t.verdict;
      if (t.verdictMatches) correct++;
      process.stderr.write(`${verdict} ${t.medianMs === undefined ? 'timeout' : `${ms(t.medianMs)} ms`}\n`);
      const mark = t.verdictMatches ? verdict : `**${verdict} (MISMATCH)**`;
      if (t.timeout || t.medianMs === undefined) {
        cells = [expected, mark, `**timeout** (> ${ms(o.budgetMs)} ms)`, ms(t.coldMs), porcupineCell(porcupine), '—'];
      } else {
        finished++;
        let ratio = '—';
        if (porcupine.kind === 'time') {
          const r = porcupine.medianMs / t.medianMs;
          ratios.push(r);
          if (r < 1) slower++;
          ratio = r >= 1 ? `${r >= 10 ? Math.round(r).toLocaleString('en-US') : r.toFixed(1)}× faster` : `${(1 / r).toFixed(1)}× slower`;
        }
        cells = [expected, mark, `${ms(t.medianMs)} (${ms(t.minMs!)}–${ms(t.maxMs!)})`, ms(t.coldMs), porcupineCell(porcupine), ratio];
      }
    }
    if (o.porcupine) cells.splice(4, 1, porcupineNow, porcupineCell(anchor));
    rows.push(`| ${clients} | ${ops.toLocaleString('en-US')} | ${variant} | ${cells.join(' | ')} |`);
  }
  const geomean = ratios.length > 0 ? Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length) : NaN;
  const cpu = cpus();
  const report = [
    `# Checker benchmark: syncspec checkHistory vs Porcupine on the checker corpus`,
    '',
    `Measured ${started.toISOString()} by \`npm run bench:checker${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\`.`,
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}; ` +
      `load average at start ${loadavg()[0].toFixed(2)}.`,
    `Checker: ${o.search ? 'general search only (`useDeciders: false`)' : 'default (`fifo-queue` fast decider, general search as fallback)'}, budget ${ms(o.budgetMs)} ms per check.`,
    '',
    'Protocol (shared/research/checker-anchor.md): a fresh process per file; loading and conversion are not timed; one',
    `untimed-for-the-median warm-up check (its time is the *cold* column), then ${o.runs} timed checks with a GC before each;`,
    'median (min–max) in ms. Verdicts are compared with the file\'s `expected`.',
    o.porcupine
      ? 'Porcupine (anishathalye/porcupine 55508eb, Go 1.19, the anchor\'s model and harness, 5 checks after runtime.GC(), no warm-up)\n' +
        'was rerun on each file just before the TS checker, on the cells where the anchor shows it finishing; the other cells keep\n' +
        'the anchor\'s figures (timeouts and out-of-memory are not rerun). The ratio is Porcupine median / TS median of this run.'
      : 'Porcupine\'s figures are those of the anchor (same files, same machine class, Go 1.19); the ratio is Porcupine median / TS\n' +
        'median where both finished.',
    '',
    ...(o.porcupine
      ? [
          '| clients | ops | variant | expected | verdict | TS median ms (min–max) | TS cold ms | Porcupine, this run: median ms (min–max) | Porcupine, anchor | Porcupine / TS (this run) |',
          '|---:|---:|---|---|---|---|---:|---|---|---|',
        ]
      : [
          '| clients | ops | variant | expected | verdict | TS median ms (min–max) | TS cold ms | Porcupine median ms (min–max) | Porcupine / TS |',
          '|---:|---:|---|---|---|---|---:|---|---|',
        ]),
    ...rows,
    '',
    `Verdicts equal to \`expected\`: **${correct} / ${files.length}**. Checks finished within the budget: ${finished} / ${files.length}.`,
    ratios.length > 0
      ? `On the ${ratios.length} cells both finished: Porcupine/TS geometric mean ${geomean.toFixed(2)} ` +
        `(TS ${geomean >= 1 ? `${geomean.toFixed(1)}× faster` : `${(1 / geomean).toFixed(1)}× slower`} on average); TS slower on ${slower} of them.`
      : '',
    '',
  ].join('\n');
  process.stdout.write(report);
  if (o.out) writeFileSync(o.out, report);
}

main();

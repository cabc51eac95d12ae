// `npm run mutation -- [chunk...]`: StrykerJS over reference/, one chunk at a time, with
// the conformance suite as its test runner (rule-runner.ts). README.md here explains it.
//
//   npm run mutation                                   every file in scope, most important first
//   npm run mutation -- reference/sync/mutex.ts        one file
//   npm run mutation -- 'reference/sync/once.ts:1-120' part of one (Stryker's line ranges)
//   npm run mutation -- 'reference/sync/a.ts,reference/sync/b.ts'  several in one chunk (one dry run)
//   npm run mutation -- --stop-after 60                start no chunk after 60 minutes
//   npm run mutation -- --force CHUNK                  run every mutant of CHUNK again (after the rules changed)
//   npm run mutation -- --summary                      the score so far, per file, from incremental.json
//   npm run mutation -- --estimate                     how many mutants each file has (no suite run, ~1 min)
//   npm run mutation -- --sample 400                   the first 400 locations of the random sample (sample.ts)
//   npm run mutation -- --sample 400 --chunk-size 40   ... 40 locations per Stryker run (one dry run each; default 50)
//   npm run mutation -- --sample 400 --from 200 --force ... only ranks #200-#399 (an interrupted --force run goes on)
//   npm run mutation -- --sample 260 --force --verdict unreached  ... only the locations with a mutant reviewed so
//                                                      (reviews.json; comma-separated verdicts), after the suite grew to reach them
//   npm run mutation -- --concurrency 2 ...            two mutants at a time (Stryker's test runner processes)
//   npm run mutation -- --prune-reviews                 drop the reviews of mutants detected since
//   npm run mutation -- --second-stage [--verdict V] [--runs N] [--force]   the sample's undetected mutants reviewed V
//                                                      (default unreached,gap) run again on the rules their review names,
//                                                      at the suite's default budget (second-stage.ts; second-stage.json)
//   npm run mutation -- --move-sample [FROM]           after reference/ changed: sample.json and reviews.json moved from the
//                                                      code of commit FROM (default: the sample's own) to HEAD's
//
// A chunk is one Stryker run (`--mutate CHUNK`). Stryker writes its incremental file at the
// end of a run with the files of that run only, so each chunk gets its own copy of the
// committed union (incremental.json: Stryker reuses what it finds there, for unchanged
// code), and the chunk's results are merged back into the union when it ends. An
// interrupted chunk loses its results (reports/mutation/mutants.log keeps one line per mutant).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
// @ts-expect-error: a plain ES module (Stryker loads it as a plugin), no types
import { SAMPLE_REASON } from './ignorers.mjs';
import { VERDICTS, countReviews, reviewedLocations, reviewedPrefix, reviewedScores, staleReviews, validateReviews, type Reviews } from './reviews.ts';
import { DEFAULT_RUNS } from '../../cli/commands/run.ts';
import { runSecondStage, withSecondStage, type StageResults } from './second-stage.ts';
import { drawSample, ignorerRanges, lineMap, locationKey, measuredPrefix, moveSample, mutantKey, mutantKind, mutatePattern, parseHunks, pendingLocations, sampledMutants, scoreSample, type ReportMutant, type Sample } from './sample.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const HERE = 'conformance/selftest/mutation';
const UNION = join(ROOT, HERE, 'incremental.json');
const REPORTS = join(ROOT, 'reports/mutation');
const ESTIMATE = join(REPORTS, 'estimate.json');
const CONFIG = join(HERE, 'stryker.config.mjs');
const SAMPLE = join(ROOT, HERE, 'sample.json');
const REVIEWS = join(ROOT, HERE, 'reviews.json');
const SECOND_STAGE = join(ROOT, HERE, 'second-stage.json');
const ESTIMATE_REPORT = join(REPORTS, 'estimate-report.json');
/** Locations of the random order kept in sample.json: far more than a session measures. */
const SAMPLE_KEPT = 1500;

/** A flag used wrongly: the user's mistake, reported in one line (main), not as a crash. */
export class UsageError extends Error {}

/** Files in the order they are measured: where a bug matters most first (README.md here). */
export const PRIORITY = [
  'reference/channels/flavors/rendezvous.ts',
  'reference/channels/flavors/bounded.ts',
  'reference/channels/flavors/unbounded.ts',
  'reference/channels/flavors/exclusive.ts',
  'reference/channels/flavors/wake.ts',
  'reference/channels/flavors/flavor.ts',
  'reference/channels/core.ts',
  'reference/channels/waiters.ts',
  'reference/channels/ownership.ts',
  'reference/channels/select.ts',
  'reference/channels/ops.ts',
  'reference/sync/mutex.ts',
  'reference/sync/condvar.ts',
  'reference/sync/rwlock.ts',
  'reference/sync/barrier.ts',
  'reference/sync/once.ts',
  'reference/sync/core.ts',
  'reference/sync/waiters.ts',
  'reference/sync/value.ts',
  'reference/channels/handles.ts',
  'reference/channels/codec.ts',
  'reference/channels/plain.ts',
  'reference/channels/heap.ts',
  'reference/channels/blocks.ts',
  'reference/channels/layout.ts',
  'reference/channels/results.ts',
  'reference/channels/errors.ts',
  'reference/sync/results.ts',
  'reference/sync/errors.ts',
  'reference/runtime/lock.ts',
  'reference/runtime/thread.ts',
  'reference/runtime/registry.ts',
  'reference/runtime/wait-op.ts',
  'reference/runtime/atomics.ts',
  'reference/runtime/reactor.ts',
  'reference/runtime/watch.ts',
  'reference/runtime/config.ts',
  'reference/runtime/es2024.ts',
  'reference/schedule/hooks.ts',
];

interface FileResult {
  language: string;
  source: string;
  mutants: ReportMutant[];
}
interface Report {
  schemaVersion: string;
  thresholds: { high: number; low: number };
  files: Record<string, FileResult>;
  [k: string]: unknown;
}

/**
 * The union after a chunk: the chunk's files replace theirs, mutant by mutant when the
 * source is unchanged (a chunk over a line range holds only that range's mutants), whole
 * when it changed (the old results are of other code).
 */
export function mergeReports(union: Report | undefined, chunk: Report): Report {
  if (union === undefined) return chunk;
  const files: Record<string, FileResult> = { ...union.files };
  for (const [name, file] of Object.entries(chunk.files)) {
    const old = files[name];
    if (old === undefined || old.source !== file.source) {
      files[name] = file;
      continue;
    }
    const byKey = new Map(old.mutants.map((m) => [mutantKey(name, m), m]));
    for (const m of file.mutants) byKey.set(mutantKey(name, m), m);
    files[name] = { ...file, mutants: [...byKey.values()].sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column) };
  }
  return { ...chunk, files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) };
}

const readReport = (path: string): Report | undefined => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Report) : undefined);
const readStage = (): StageResults => (existsSync(SECOND_STAGE) ? (JSON.parse(readFileSync(SECOND_STAGE, 'utf8')) as StageResults) : {});
const readReviews = (): Reviews => (existsSync(REVIEWS) ? validateReviews(JSON.parse(readFileSync(REVIEWS, 'utf8')) as Reviews, `${HERE}/reviews.json`) : {});

/** A file name for a chunk's copy of the union: readable for a file or a range, hashed for a sample's many ranges. */
const chunkName = (chunk: string) => {
  const name = chunk.replace(/^reference\//, '').replace(/[^A-Za-z0-9.-]+/g, '_');
  return name.length <= 100 ? name : `${name.slice(0, 40)}-${createHash('sha1').update(chunk).digest('hex').slice(0, 12)}`;
};

function stryker(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', CONFIG, ...args], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function runChunk(chunk: string, force: boolean, extra: { env?: NodeJS.ProcessEnv; args?: string[] } = {}): boolean {
  mkdirSync(join(REPORTS, 'chunks'), { recursive: true });
  const incremental = join(REPORTS, 'chunks', `${chunkName(chunk)}.json`);
  if (existsSync(UNION)) copyFileSync(UNION, incremental);
  const began = Date.now();
  process.stderr.write(`mutation: chunk ${chunk}\n`);
  const status = stryker(['--mutate', chunk, '--incrementalFile', incremental, ...(force ? ['--force'] : []), ...(extra.args ?? [])], { SYNCSPEC_MUTATION_LOG: join(REPORTS, 'mutants.log'), ...extra.env });
  const report = readReport(incremental);
  if (status !== 0 || report === undefined) {
    process.stderr.write(`mutation: chunk ${chunk} did not complete (stryker exit ${status}): nothing merged\n`);
    return false;
  }
  // Stryker kept the union's other files in the chunk's copy only if it read them; keep only the chunk's own.
  // Mutants a sample left out are not results: they must not replace the union's.
  const own: Report = {
    ...report,
    files: Object.fromEntries(
      Object.entries(report.files)
        .filter(([name]) => inChunk(name, chunk))
        .map(([name, f]) => [name, { ...f, mutants: f.mutants.filter((m) => m.statusReason !== SAMPLE_REASON) }]),
    ),
  };
  writeFileSync(UNION, `${JSON.stringify(mergeReports(readReport(UNION), own), null, 2)}\n`);
  process.stderr.write(`mutation: chunk ${chunk} merged into ${HERE}/incremental.json (${Math.round((Date.now() - began) / 1000)} s)\n`);
  return true;
}

/** Is `name` one of the files of `chunk` (comma-separated files, globs, line ranges: what --mutate takes)? */
export const inChunk = (name: string, chunk: string) =>
  chunk.split(',').some((part) => {
    const file = part.trim().replace(/:\d+(:\d+)?-\d+(:\d+)?$/, '');
    return file.includes('*') ? name.startsWith(file.split('*')[0]) : name === file;
  });

/** Counts per file: what the union holds, against the estimate's totals. */
export function summarize(union: Report | undefined, estimate: Record<string, number> | undefined): string {
  const rows: string[][] = [['file', 'mutants', 'tested', 'killed', 'timeout', 'survived', 'no cov', 'errors', 'ignored', 'score']];
  const totals = { mutants: 0, tested: 0, killed: 0, timeout: 0, survived: 0, noCov: 0, errors: 0, ignored: 0 };
  const names = new Set([...Object.keys(estimate ?? {}), ...Object.keys(union?.files ?? {})]);
  for (const name of [...names].sort()) {
    const ms = union?.files[name]?.mutants ?? [];
    const c = (s: string) => ms.filter((m) => m.status === s).length;
    const killed = c('Killed');
    const timeout = c('Timeout');
    const survived = c('Survived');
    const noCov = c('NoCoverage');
    const errors = c('RuntimeError') + c('CompileError');
    const ignored = c('Ignored');
    const tested = killed + timeout + survived + noCov + errors;
    const mutants = Math.max(estimate?.[name] ?? 0, tested);
    const valid = killed + timeout + survived + noCov;
    rows.push([name.replace(/^reference\//, ''), String(mutants), String(tested), String(killed), String(timeout), String(survived), String(noCov), String(errors), String(ignored), valid === 0 ? '-' : `${((100 * (killed + timeout)) / valid).toFixed(1)} %`]);
    totals.mutants += mutants;
    totals.tested += tested;
    totals.killed += killed;
    totals.timeout += timeout;
    totals.survived += survived;
    totals.noCov += noCov;
    totals.errors += errors;
    totals.ignored += ignored;
  }
  const valid = totals.killed + totals.timeout + totals.survived + totals.noCov;
  rows.push(['total', ...[totals.mutants, totals.tested, totals.killed, totals.timeout, totals.survived, totals.noCov, totals.errors, totals.ignored].map(String), valid === 0 ? '-' : `${((100 * (totals.killed + totals.timeout)) / valid).toFixed(1)} %`]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ')).join('\n');
}

function estimate(): void {
  // Every mutant "survives" a command that does nothing: the report counts them per file.
  mkdirSync(REPORTS, { recursive: true });
  const cfg = join(REPORTS, 'estimate.config.mjs');
  writeFileSync(cfg, `import base from ${JSON.stringify(join(ROOT, CONFIG))};\nexport default { ...base, testRunner: 'command', coverageAnalysis: 'off', commandRunner: { command: 'true' }, incremental: false, reporters: ['json'], jsonReporter: { fileName: ${JSON.stringify(ESTIMATE_REPORT)} }, tempDirName: ${JSON.stringify(join(tmpdir(), 'syncspec-stryker-estimate'))} };\n`);
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', cfg], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const report = readReport(ESTIMATE_REPORT)!;
  const counts = Object.fromEntries(Object.entries(report.files).map(([name, f]) => [name, f.mutants.filter((m) => m.status !== 'Ignored').length]));
  writeFileSync(ESTIMATE, `${JSON.stringify(counts, null, 2)}\n`);
  process.stdout.write(`${summarize(undefined, counts)}\n`);
}

/** sample.json, drawn from the estimate (run first if missing) with `seed` (default 1) when there is none yet. */
function loadSample(seed?: number): Sample {
  if (existsSync(SAMPLE)) {
    const sample = JSON.parse(readFileSync(SAMPLE, 'utf8')) as Sample;
    if (seed !== undefined && seed !== sample.seed) throw new UsageError(`--seed ${seed}, but ${HERE}/sample.json was drawn with seed ${sample.seed} (its results are in incremental.json): delete sample.json to draw another sample`);
    return sample;
  }
  seed ??= 1;
  if (!existsSync(ESTIMATE_REPORT)) estimate();
  const drawn = drawSample(readReport(ESTIMATE_REPORT)!.files, seed);
  const kept: Sample = { ...drawn, order: drawn.order.slice(0, SAMPLE_KEPT) };
  writeFileSync(SAMPLE, `${JSON.stringify(kept)}\n`);
  process.stderr.write(`mutation: drew ${HERE}/sample.json (seed ${seed}): ${drawn.population.locations} locations, ${drawn.population.mutants} mutants\n`);
  return kept;
}

/**
 * The sample's score lines for --summary and after a sample run: Stryker's, then with the
 * review of the undetected mutants (reviews.ts), then the same with the second stage's
 * kills (second-stage.ts) counted.
 */
function formatSampleScore(sample: Sample, union: Report | undefined, reviews: Reviews = readReviews(), stage: StageResults = readStage()): string {
  const files = union?.files ?? {};
  const prefix = measuredPrefix(sample, files);
  const n = sample.order.length - pendingLocations(sample, sample.order.length, files).length;
  const s = scoreSample(sample, prefix, files);
  const reviewed = countReviews(sampledMutants(sample, prefix, files), reviews);
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const reviewedLines = (killed: number, mutants: number, counts: typeof reviewed) => {
    const { withoutEquivalent, withinSpec } = reviewedScores(killed, mutants, counts);
    return `without the equivalent mutants: ${withoutEquivalent.detected} / ${withoutEquivalent.of} = ${pct(withoutEquivalent.score)} (${pct(withoutEquivalent.low)} to ${pct(withoutEquivalent.high)}); without the code outside the spec too: ${withinSpec.detected} / ${withinSpec.of} = ${pct(withinSpec.score)} (${pct(withinSpec.low)} to ${pct(withinSpec.high)})`;
  };
  const lines = [
    `sample (seed ${sample.seed}, ${sample.population.locations} locations / ${sample.population.mutants} mutants in scope): the first ${prefix} locations are measured (${n} in all)`,
    `  ${s.mutants} mutants: ${s.killed} killed, ${s.timeout} timeout, ${s.survived} survived, ${s.noCoverage} no coverage: score ${pct(s.score)} (95 % interval ${pct(s.low)} to ${pct(s.high)})`,
    `  the ${s.survived + s.noCoverage} undetected, reviewed (reviews.json; every one of the first ${reviewedPrefix(sample, prefix, files, reviews)} locations): ${reviewed.equivalent} equivalent, ${reviewed.outside} outside the spec's operations, ${reviewed.unreached} unreached by the scenarios, ${reviewed.gap} ${reviewed.gap === 1 ? 'gap' : 'gaps'}, ${reviewed.unreviewed} not reviewed`,
    `  ${reviewedLines(s.killed + s.timeout, s.mutants, reviewed)}`,
  ];
  const staged = withSecondStage(files, stage);
  const s2 = scoreSample(sample, prefix, staged);
  const more = s2.killed - s.killed;
  if (more > 0) {
    lines.push(
      `  second stage (second-stage.json: undetected mutants run at the default budget on the rules their review names): ${more} more killed: score ${pct(s2.score)} (${pct(s2.low)} to ${pct(s2.high)})`,
      `    ${reviewedLines(s2.killed + s2.timeout, s2.mutants, countReviews(sampledMutants(sample, prefix, staged), reviews))}`,
    );
  }
  return lines.join('\n');
}

/** `--second-stage`: the measured sample's undetected mutants reviewed with one of `verdicts`, at `runs` per property. */
async function secondStage(verdicts: readonly string[], runs: number, force: boolean): Promise<void> {
  if (!Number.isInteger(runs) || runs < 1) throw new UsageError(`--runs takes a positive count, not ${runs}`);
  const sample = loadSample();
  const files = readReport(UNION)?.files ?? {};
  const reviews = readReviews();
  const candidates = sampledMutants(sample, measuredPrefix(sample, files), files).filter(({ file, mutant }) => {
    const review = reviews[mutantKey(file, mutant)];
    return review !== undefined && verdicts.includes(review.verdict) && (mutant.status === 'Survived' || mutant.status === 'NoCoverage');
  });
  process.stderr.write(`mutation: second stage: ${candidates.length} undetected mutant(s) reviewed ${verdicts.join(' or ')}, --runs ${runs}, seed 6\n`);
  const stage: Record<string, StageResults[string]> = { ...readStage() };
  await runSecondStage(candidates, reviews, files, {
    root: ROOT,
    runs,
    seed: 6,
    previous: stage,
    force,
    timeoutMs: 30 * 60_000,
    log: (line) => process.stderr.write(`mutation: second stage ${line}\n`),
    onResult: (key, result) => {
      stage[key] = result;
      writeFileSync(SECOND_STAGE, `${JSON.stringify(Object.fromEntries(Object.entries(stage).sort(([a], [b]) => a.localeCompare(b))), null, 2)}\n`);
    },
  });
  process.stdout.write(`${formatSampleScore(sample, readReport(UNION))}\n`);
}

function runSample(n: number, from: number, seed: number | undefined, chunkSize: number, force: boolean, args: string[], verdicts?: readonly string[]): void {
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--sample takes a count of locations, not ${n}`);
  if (!Number.isInteger(from) || from < 0 || from > n) throw new UsageError(`--from takes a rank from 0 to --sample's count (${n}), not ${from}`);
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new UsageError(`--chunk-size takes a positive count, not ${chunkSize}`);
  const sample = loadSample(seed);
  if (n > sample.order.length) throw new UsageError(`--sample ${n}: sample.json keeps ${sample.order.length} locations`);
  // --force measures every location again (after the suite changed), not only the ones without a result.
  // --from skips the first ranks (measured again already, by an interrupted --force run).
  const reviewed = verdicts === undefined ? undefined : reviewedLocations(readReviews(), verdicts);
  const window = sample.order.slice(from, n).filter((l) => reviewed === undefined || reviewed.has(locationKey(l.file, l)));
  const unmeasured = new Set(pendingLocations(sample, n, readReport(UNION)?.files ?? {}));
  const pending = force ? window : window.filter((l) => unmeasured.has(l));
  process.stderr.write(`mutation: sample ranks #${from}-#${n - 1}${verdicts === undefined ? '' : ` reviewed ${verdicts.join(' or ')}`}, ${pending.length} location(s) ${force ? 'to measure again' : 'still to measure'}, ${Math.ceil(pending.length / chunkSize)} chunk(s)\n`);
  for (let i = 0; i < pending.length; i += chunkSize) {
    const part = pending.slice(i, i + chunkSize);
    const ranges = join(REPORTS, 'sample-chunk.json');
    mkdirSync(REPORTS, { recursive: true });
    writeFileSync(ranges, JSON.stringify(ignorerRanges(part)));
    runChunk(part.map(mutatePattern).join(','), force, { env: { SYNCSPEC_MUTATION_SAMPLE: ranges }, args });
    process.stderr.write(`${formatSampleScore(sample, readReport(UNION))}\n`);
  }
}

/** A file's text in the working tree (undefined if it is gone): what the union's results must be of to count. */
const currentSource = (file: string): string | undefined => (existsSync(join(ROOT, file)) ? readFileSync(join(ROOT, file), 'utf8') : undefined);

/** `--prune-reviews`: drops the reviews of mutants detected since (or gone from code measured again). */
function pruneReviews(): void {
  const reviews = readReviews();
  const stale = new Set(staleReviews(readReport(UNION)?.files ?? {}, reviews, currentSource));
  writeFileSync(REVIEWS, `${JSON.stringify(Object.fromEntries(Object.entries(reviews).filter(([key]) => !stale.has(key))), null, 2)}\n`);
  process.stderr.write(`mutation: reviews.json: ${stale.size} stale review(s) dropped, ${Object.keys(reviews).length - stale.size} kept\n`);
}

function git(args: string[]): string {
  const r = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`mutation: git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * `--move-sample [FROM]`: reference/ changed since the sample's locations were taken (at
 * commit FROM): each location moves with its lines (git diff), and is kept only where an
 * estimate of HEAD's code has the same mutants at the moved range (sample.ts, moveSample);
 * reviews.json follows. Then `--sample N --force` measures the moved locations again.
 */
function moveSampleToHead(from: string | undefined): void {
  const sample = loadSample();
  const base = from ?? sample.code;
  if (base === undefined) throw new UsageError('--move-sample FROM: sample.json does not say which commit its locations are of');
  if (spawnSync('git', ['diff', '--quiet', 'HEAD', '--', 'reference/'], { cwd: ROOT }).status !== 0) throw new UsageError('--move-sample moves the sample to HEAD: commit reference/ first');
  const head = git(['rev-parse', 'HEAD']).trim();
  const maps = new Map([...new Set(sample.order.map((l) => l.file))].map((file) => [file, lineMap(parseHunks(git(['diff', '-U0', base, 'HEAD', '--', file])))]));
  estimate();
  const kinds = new Map<string, string[]>();
  for (const [file, f] of Object.entries(readReport(ESTIMATE_REPORT)!.files)) {
    for (const m of f.mutants) {
      if (m.status === 'Ignored') continue;
      const key = locationKey(file, m.location);
      kinds.set(key, [...(kinds.get(key) ?? []), mutantKind(m)]);
    }
  }
  const { sample: moved, moved: keys, dropped } = moveSample(sample, maps, (file, l) => kinds.get(locationKey(file, l)) ?? []);
  writeFileSync(SAMPLE, `${JSON.stringify({ ...moved, code: head, moves: [...(sample.moves ?? []), { from: base, to: head, dropped: dropped.length }] })}\n`);
  const reviews = readReviews();
  const rekeyed: Record<string, Reviews[string]> = {};
  for (const [key, review] of Object.entries(reviews)) {
    const bar = key.indexOf('|');
    const to = keys.get(key.slice(0, bar));
    if (to !== undefined) rekeyed[`${to}${key.slice(bar)}`] = review;
  }
  writeFileSync(REVIEWS, `${JSON.stringify(rekeyed, null, 2)}\n`);
  const rank = new Map(sample.order.map((l, i) => [l, i]));
  process.stderr.write(
    `mutation: sample.json moved from ${base.slice(0, 7)} to ${head.slice(0, 7)}: ${moved.order.length} locations kept, ${dropped.length} dropped (code that changed)` +
      `${dropped.length > 0 ? `: ${dropped.slice(0, 12).map((l) => `#${rank.get(l)} ${locationKey(l.file, l)}`).join(', ')}${dropped.length > 12 ? ', ...' : ''}` : ''}; ` +
      `reviews.json: ${Object.keys(rekeyed).length} of ${Object.keys(reviews).length} reviews kept\n`,
  );
}

/** The usage: this file's opening comment. */
function usage(): string {
  const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
  const end = lines.findIndex((l) => !l.startsWith('//'));
  return `${lines.slice(0, end).map((l) => l.replace(/^\/\/ ?/, '')).join('\n')}\n`;
}

function main(argv: string[]): void | Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage());
    return;
  }
  const { values: opts, positionals: chunks } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      estimate: { type: 'boolean' },
      summary: { type: 'boolean' },
      force: { type: 'boolean' },
      sample: { type: 'string' },
      from: { type: 'string' },
      seed: { type: 'string' },
      'chunk-size': { type: 'string', default: '50' },
      concurrency: { type: 'string' },
      'stop-after': { type: 'string' },
      'move-sample': { type: 'boolean' },
      'prune-reviews': { type: 'boolean' },
      verdict: { type: 'string' },
      'second-stage': { type: 'boolean' },
      runs: { type: 'string' },
    },
  });
  const verdicts = opts.verdict?.split(',');
  for (const v of verdicts ?? []) if (!(VERDICTS as readonly string[]).includes(v)) throw new UsageError(`--verdict ${v} is not one of ${VERDICTS.join(', ')}`);
  if (opts.estimate) return estimate();
  if (opts['move-sample']) return moveSampleToHead(chunks[0]);
  if (opts['prune-reviews']) return pruneReviews();
  if (opts['second-stage']) return secondStage(verdicts ?? ['unreached', 'gap'], Number(opts.runs ?? DEFAULT_RUNS), opts.force === true);
  if (opts.runs !== undefined) throw new UsageError('--runs sets the second stage\'s budget: it goes with --second-stage');
  const stryArgs = opts.concurrency === undefined ? [] : ['--concurrency', opts.concurrency];
  if (opts.sample !== undefined) {
    if (chunks.length > 0 || opts['stop-after'] !== undefined) throw new UsageError('--sample chooses its own chunks: it takes no chunk and no --stop-after');
    runSample(Number(opts.sample), Number(opts.from ?? 0), opts.seed === undefined ? undefined : Number(opts.seed), Number(opts['chunk-size']), opts.force === true, stryArgs, verdicts);
    process.stdout.write(`${formatSampleScore(loadSample(), readReport(UNION))}\n`);
    return;
  }
  if (opts.seed !== undefined) throw new UsageError('--seed draws a sample: it goes with --sample');
  if (opts.from !== undefined) throw new UsageError('--from is a rank of the sample: it goes with --sample');
  if (opts.verdict !== undefined) throw new UsageError('--verdict picks locations of the sample: it goes with --sample');
  const estimateCounts = existsSync(ESTIMATE) ? (JSON.parse(readFileSync(ESTIMATE, 'utf8')) as Record<string, number>) : undefined;
  if (opts.summary) {
    const union = readReport(UNION);
    process.stdout.write(`${summarize(union, estimateCounts)}\n`);
    const reviews = readReviews();
    if (existsSync(SAMPLE)) process.stdout.write(`${formatSampleScore(loadSample(), union, reviews)}\n`);
    const stale = staleReviews(union?.files ?? {}, reviews, currentSource);
    if (stale.length > 0) process.stdout.write(`reviews.json: ${stale.length} review(s) of mutants no longer undetected (killed since, or their code changed): ${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', ...' : ''}\n`);
    return;
  }
  const deadline = opts['stop-after'] === undefined ? Infinity : Date.now() + Number(opts['stop-after']) * 60_000;
  for (const chunk of chunks.length > 0 ? chunks : PRIORITY) {
    if (Date.now() > deadline) {
      process.stderr.write(`mutation: --stop-after reached: not starting ${chunk}\n`);
      break;
    }
    runChunk(chunk, opts.force === true, { args: stryArgs });
  }
  process.stdout.write(`${summarize(readReport(UNION), estimateCounts)}\n`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await main(process.argv.slice(2));
  } catch (e) {
    // A bad flag is the user's mistake, not a crash: one line, and where the usage is.
    const misuse = e instanceof UsageError || (e instanceof Error && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'));
    if (!misuse) throw e;
    process.stderr.write(`mutation: ${e.message} (npm run mutation -- --help)\n`);
    process.exitCode = 2;
  }
}

// A uniform random sample of the mutants in scope, for a score with a confidence interval
// while the whole scope (thousands of mutants, hours each) is still being measured.
//
// The unit drawn is a mutant *location* (several mutants often share one: `<` made `<=`
// and `>=`, a condition made `true` and `false`), every one with the same chance, and all
// of its mutants are measured. The locations come in a seeded random order; the first N of
// that order are a uniform sample for every N, so a sample can grow across sessions
// without losing its meaning. Stryker is told to mutate exactly these: `--mutate` with each
// location's range, and the `syncspec-sample` ignorer (ignorers.mjs) drops the mutants of
// nodes inside a range that are not themselves sampled.
import { seededRandom } from '../../executors/shared/schedule.ts';

/** A mutant as Stryker's JSON report has it (lines and columns from 1). */
export interface ReportMutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  statusReason?: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
  [k: string]: unknown;
}

export interface SampleLocation {
  readonly file: string;
  readonly start: { readonly line: number; readonly column: number };
  readonly end: { readonly line: number; readonly column: number };
  /** The mutants at this location (mutator|replacement), when the sample was drawn. */
  readonly mutants: readonly string[];
}

/** sample.json: the committed draw. */
export interface Sample {
  readonly seed: number;
  /** What was drawn from: every location (and mutant) in scope that is not ignored. */
  readonly population: { readonly locations: number; readonly mutants: number };
  /** Every location of the population, in the seeded random order; a sample is a prefix. */
  readonly order: readonly SampleLocation[];
  /** The commit whose reference/ the locations are of (`--move-sample` moves them to newer code). */
  readonly code?: string;
  /** Each move to newer code: from and to which commit, and how many locations it dropped. */
  readonly moves?: readonly { readonly from: string; readonly to: string; readonly dropped: number }[];
}

export const locationKey = (file: string, l: ReportMutant['location']) => `${file}@${l.start.line}:${l.start.column}-${l.end.line}:${l.end.column}`;
export const mutantKind = (m: Pick<ReportMutant, 'mutatorName' | 'replacement'>) => `${m.mutatorName}|${m.replacement ?? ''}`;
/** The identity of the mutant of kind `kind` (mutantKind) at a location of `file`. */
export const mutantKeyAt = (file: string, l: ReportMutant['location'], kind: string) => `${locationKey(file, l)}|${kind}`;
/** A mutant's identity across reports: its file, its range, its mutator and replacement. */
export const mutantKey = (file: string, m: Pick<ReportMutant, 'mutatorName' | 'replacement' | 'location'>) => mutantKeyAt(file, m.location, mutantKind(m));

/** Every non-ignored mutant location of `files` (a report), in a random order fixed by `seed`. */
export function drawSample(files: Record<string, { mutants: ReportMutant[] }>, seed: number): Sample {
  const byLocation = new Map<string, { file: string; start: { line: number; column: number }; end: { line: number; column: number }; mutants: string[] }>();
  let mutants = 0;
  for (const file of Object.keys(files).sort()) {
    for (const m of files[file].mutants) {
      if (m.status === 'Ignored') continue;
      mutants++;
      const key = locationKey(file, m.location);
      const at = byLocation.get(key) ?? { file, start: m.location.start, end: m.location.end, mutants: [] };
      at.mutants.push(mutantKind(m));
      byLocation.set(key, at);
    }
  }
  const order = [...byLocation.values()];
  const next = seededRandom(seed); // the same order on every machine
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return { seed, population: { locations: order.length, mutants }, order };
}

/** Stryker's `--mutate` pattern for a location (its ranges take columns from 0). */
export const mutatePattern = (l: SampleLocation) => `${l.file}:${l.start.line}:${l.start.column - 1}-${l.end.line}:${l.end.column - 1}`;

/** The ignorer's view of a chunk: per file, the sampled ranges (lines from 1, columns from 0, as Babel has them). */
export function ignorerRanges(locations: readonly SampleLocation[]): Record<string, { start: { line: number; column: number }; end: { line: number; column: number } }[]> {
  const out: Record<string, { start: { line: number; column: number }; end: { line: number; column: number } }[]> = {};
  for (const l of locations) (out[l.file] ??= []).push({ start: { line: l.start.line, column: l.start.column - 1 }, end: { line: l.end.line, column: l.end.column - 1 } });
  return out;
}

export interface SampleScore {
  readonly locations: number;
  readonly measuredLocations: number;
  readonly mutants: number;
  readonly killed: number;
  readonly timeout: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** Killed or timed out, over killed + timeout + survived + no coverage (Stryker's score). */
  readonly score: number;
  /** Wilson's 95 % interval of the score. */
  readonly low: number;
  readonly high: number;
}

/** Wilson's score interval at 95 %: a proportion's interval that stays inside [0, 1] on small samples. */
export function wilson(successes: number, n: number): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const z = 1.959964;
  const p = successes / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface Proportion {
  readonly detected: number;
  readonly of: number;
  readonly score: number;
  /** Wilson's 95 % interval. */
  readonly low: number;
  readonly high: number;
}

/** `detected` of `of`, with Wilson's interval. */
export const proportion = (detected: number, of: number): Proportion => ({ detected, of, score: of === 0 ? 0 : detected / of, ...wilson(detected, of) });

type Results = Record<string, { mutants: ReportMutant[] }>;

/** The statuses that are a verdict on a mutant (not Ignored, not a compile or runtime error). */
const MEASURED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);

/** A location's mutants' results when every one of them has a verdict in `results` (file → its mutants' results); undefined while any is missing. */
function verdictsAt(results: Results): (l: SampleLocation) => ReportMutant[] | undefined {
  const measured = new Map<string, ReportMutant>();
  for (const [file, f] of Object.entries(results)) for (const m of f.mutants) if (MEASURED.has(m.status)) measured.set(mutantKey(file, m), m);
  return (l) => {
    const found = l.mutants.map((kind) => measured.get(mutantKeyAt(l.file, l, kind)));
    return found.every((m) => m !== undefined) ? (found as ReportMutant[]) : undefined;
  };
}

/** The mutants of the first `n` locations of the sample whose every mutant has a verdict (a location with a mutant not measured yet is left out whole). */
export function sampledMutants(sample: Sample, n: number, results: Results): { file: string; mutant: ReportMutant }[] {
  const at = verdictsAt(results);
  return sample.order.slice(0, n).flatMap((l) => (at(l) ?? []).map((mutant) => ({ file: l.file, mutant })));
}

/**
 * The score over the first `n` locations of the sample whose every mutant has a verdict.
 * A location with a mutant not measured yet counts as not measured: only whole locations
 * enter, so the draw stays uniform.
 */
export function scoreSample(sample: Sample, n: number, results: Results): SampleScore {
  const measured = sampledMutants(sample, n, results).map(({ mutant }) => mutant);
  const measuredLocations = Math.min(n, sample.order.length) - pendingLocations(sample, n, results).length;
  const counts = { killed: 0, timeout: 0, survived: 0, noCoverage: 0 };
  for (const m of measured) {
    if (m.status === 'Killed') counts.killed++;
    else if (m.status === 'Timeout') counts.timeout++;
    else if (m.status === 'Survived') counts.survived++;
    else counts.noCoverage++;
  }
  const { of: mutants, score, low, high } = proportion(counts.killed + counts.timeout, measured.length);
  return { locations: Math.min(n, sample.order.length), measuredLocations, mutants, ...counts, score, low, high };
}

/** The locations of the first `n` that still need a run: some mutant there has no verdict. */
export function pendingLocations(sample: Sample, n: number, results: Results): SampleLocation[] {
  const at = verdictsAt(results);
  return sample.order.slice(0, n).filter((l) => at(l) === undefined);
}

/** How many locations from the start of the order are measured in full: a prefix of a random order is a uniform sample, so that is the one to score. */
export function measuredPrefix(sample: Sample, results: Results): number {
  const at = verdictsAt(results);
  const first = sample.order.findIndex((l) => at(l) === undefined);
  return first < 0 ? sample.order.length : first;
}

// ---- moving the sample to changed code ------------------------------------------------------

/** A hunk of `git diff -U0`: `@@ -oldStart,oldLines +newStart,newLines @@`. */
export interface Hunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
}

/** The hunks of a `git diff -U0` of one file. */
export function parseHunks(diff: string): Hunk[] {
  const hunks: Hunk[] = [];
  for (const m of diff.matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
    hunks.push({ oldStart: Number(m[1]), oldLines: m[2] === undefined ? 1 : Number(m[2]), newStart: Number(m[3]), newLines: m[4] === undefined ? 1 : Number(m[4]) });
  }
  return hunks;
}

/** An unchanged line's number in the new file (undefined for a line the diff changed or removed). */
export function lineMap(hunks: readonly Hunk[]): (line: number) => number | undefined {
  return (line) => {
    let shift = 0;
    for (const h of hunks) {
      // A pure insertion (oldLines 0) goes after line oldStart; otherwise it replaces oldStart..oldStart+oldLines-1.
      const firstAfter = h.oldLines === 0 ? h.oldStart + 1 : h.oldStart + h.oldLines;
      if (h.oldLines > 0 && line >= h.oldStart && line < firstAfter) return undefined;
      if (line >= firstAfter) shift += h.newLines - h.oldLines;
    }
    return line + shift;
  };
}

/**
 * The sample moved to new code: each location's lines through its file's line map, kept if
 * both its first and its last line are unchanged and the new code has, at the moved range,
 * exactly the mutants it had (`mutantsAt`: the kinds there, from an estimate of the new
 * code). The others are dropped: a location in code that changed is not the one drawn.
 * The order stays a uniform random order of what is left.
 */
export function moveSample(sample: Sample, maps: ReadonlyMap<string, (line: number) => number | undefined>, mutantsAt: (file: string, l: SampleLocation) => readonly string[]): { sample: Sample; moved: Map<string, string>; dropped: SampleLocation[] } {
  const moved = new Map<string, string>();
  const dropped: SampleLocation[] = [];
  const order: SampleLocation[] = [];
  for (const l of sample.order) {
    const map = maps.get(l.file);
    const start = map === undefined ? l.start.line : map(l.start.line);
    const end = map === undefined ? l.end.line : map(l.end.line);
    const to = start === undefined || end === undefined ? undefined : { ...l, start: { ...l.start, line: start }, end: { ...l.end, line: end } };
    if (to === undefined || [...mutantsAt(l.file, to)].sort().join('\n') !== [...l.mutants].sort().join('\n')) {
      dropped.push(l);
      continue;
    }
    order.push(to);
    moved.set(locationKey(l.file, l), locationKey(to.file, to));
  }
  return { sample: { ...sample, order }, moved, dropped };
}

// What the site is built from: the spec, and the adapters with their results (from one
// or more `syncspec run --reporter json` files), their capabilities and expectations
// (from the adapter itself when it is bundled and loads here).
import { readFileSync } from 'node:fs';
import type { Expectation } from '../conformance/adapter/types.ts';
import type { AdapterResult, HistoryQuality, RuleResult, RunReport, Status } from '../conformance/report/results.ts';
import { slug } from './html.ts';

export type CellStatus = Status | 'not-run';

export interface SiteAdapter {
  readonly name: string;
  /** Unique among the site's adapters: file names and anchors. */
  readonly slug: string;
  readonly library: string;
  readonly version: string;
  readonly url?: string;
  readonly executor: string;
  readonly notes?: string;
  /** Known when the adapter was loaded here (a bundled one). */
  readonly capabilities?: readonly string[];
  readonly expectations?: { readonly [rule: string]: Expectation };
  readonly results: ReadonlyMap<string, RuleResult>;
  readonly quality?: HistoryQuality;
  /** The results file it came from, and that run's seed and tool version. */
  readonly run?: { readonly file: string; readonly seed: number; readonly version: string };
}

/** What a loaded adapter tells the site beyond the results. */
export interface AdapterInfo {
  readonly name: string;
  readonly library: { readonly name: string; readonly version: string; readonly url?: string };
  readonly executor: string;
  readonly capabilities: readonly string[];
  readonly notes?: string;
  readonly expectations?: { readonly [rule: string]: Expectation };
}

export interface ResultsFile {
  readonly file: string;
  readonly report: RunReport;
}

/** Reads a results file; throws with the file's name on anything that is not a syncspec JSON report. */
export function readResultsFile(file: string): ResultsFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not a JSON file: ${e instanceof Error ? e.message : String(e)}`);
  }
  const r = data as Partial<RunReport> | null;
  if (typeof r !== 'object' || r === null || r.tool !== 'syncspec' || !Array.isArray(r.adapters)) {
    throw new Error(`${file}: not a syncspec report (expected the output of syncspec run --reporter json)`);
  }
  for (const a of r.adapters as unknown[]) {
    const x = a as Partial<AdapterResult> | null;
    if (typeof x !== 'object' || x === null || typeof x.name !== 'string' || !Array.isArray(x.results)) {
      throw new Error(`${file}: an adapter entry without a name or results`);
    }
  }
  return { file, report: r as RunReport };
}

/**
 * The adapters of the site: every adapter of the results files (a later file's adapter of
 * the same name replaces an earlier one), and, with no results at all, the `known` ones
 * (bundled), not run. `info` adds what the adapter itself declares.
 */
export function siteAdapters(files: readonly ResultsFile[], info: ReadonlyMap<string, AdapterInfo>, known: readonly string[] = []): SiteAdapter[] {
  const byName = new Map<string, Omit<SiteAdapter, 'slug'>>();
  for (const { file, report } of files) {
    for (const a of report.adapters) {
      const i = info.get(a.name);
      byName.set(a.name, {
        name: a.name,
        library: String(a.library ?? i?.library.name ?? '?'),
        version: String(a.version ?? i?.library.version ?? '?'),
        ...(i?.library.url === undefined ? {} : { url: i.library.url }),
        executor: String(a.executor ?? i?.executor ?? '?'),
        ...(i?.notes === undefined ? {} : { notes: i.notes }),
        ...(i === undefined ? {} : { capabilities: i.capabilities, expectations: i.expectations ?? {} }),
        results: new Map(a.results.map((r) => [String(r.rule), r])),
        ...(a.quality === undefined ? {} : { quality: a.quality }),
        run: { file, seed: Number(report.seed), version: String(report.version) },
      });
    }
  }
  if (files.length === 0) {
    for (const name of known) {
      const i = info.get(name);
      if (i === undefined) continue;
      byName.set(name, {
        name,
        library: i.library.name,
        version: i.library.version,
        ...(i.library.url === undefined ? {} : { url: i.library.url }),
        executor: i.executor,
        ...(i.notes === undefined ? {} : { notes: i.notes }),
        capabilities: i.capabilities,
        expectations: i.expectations ?? {},
        results: new Map(),
      });
    }
  }
  const used = new Set<string>();
  return [...byName.values()].map((a) => {
    let s = slug(a.name);
    for (let n = 2; used.has(s); n++) s = `${slug(a.name)}-${n}`;
    used.add(s);
    return { ...a, slug: s };
  });
}

export function statusOf(adapter: SiteAdapter, rule: string): CellStatus {
  return adapter.results.get(rule)?.status ?? 'not-run';
}

export const STATUS_LABEL: { readonly [s in CellStatus]: string } = {
  pass: 'pass',
  fail: 'fail',
  'n/a': 'n/a',
  'expected-fail': 'expected fail',
  'unexpected-pass': 'unexpected pass',
  error: 'error',
  unknown: 'unknown',
  'not-run': 'not run',
};

export const STATUS_SHORT: { readonly [s in CellStatus]: string } = {
  pass: '✓',
  fail: '✗',
  'n/a': '–',
  'expected-fail': 'xfail',
  'unexpected-pass': 'xpass',
  error: 'err',
  unknown: '?',
  'not-run': '·',
};

export const STATUS_CLASS = (s: CellStatus): string => `s-${s === 'n/a' ? 'na' : s}`;

export const ALL_STATUSES: readonly CellStatus[] = ['pass', 'fail', 'expected-fail', 'unexpected-pass', 'error', 'unknown', 'n/a', 'not-run'];

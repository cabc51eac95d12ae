// `syncspec site`: the static site — a page per chapter, the matrix, the counterexamples,
// the errata, a page per adapter, and an offline search — written to a folder that
// opens from disk (file://) with nothing fetched from anywhere else.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Spec } from '../spec/index.ts';
import { loadAdapter, type AdapterRegistry } from '../conformance/adapter/load.ts';
import { siteMarkdown, plainText } from './markdown.ts';
import { siteAdapters, type AdapterInfo, type ResultsFile, type SiteAdapter } from './model.ts';
import { adapterPage, adaptersPage, chapterPage, counterexamplePage, errataPage, indexPage, matrixPage, paths, type SiteContext } from './pages.ts';

export interface BuildSiteOptions {
  readonly spec: Spec;
  readonly results: readonly ResultsFile[];
  readonly out: string;
  /** What adapters declare (capabilities, expectations), by name: see `adapterInfo`. */
  readonly info?: ReadonlyMap<string, AdapterInfo>;
  /** Adapters listed (not run) when there are no results. */
  readonly known?: readonly string[];
  /** Shown in the footer (default: the date). */
  readonly generated?: string;
}

export interface BuiltSite {
  readonly out: string;
  readonly pages: readonly string[];
  readonly adapters: readonly SiteAdapter[];
}

const ASSETS = join(dirname(fileURLToPath(import.meta.url)), 'assets');

/**
 * Loads the named adapters (bundled ones, by name) for what they declare. One that does
 * not load is left out: its results still show, without capabilities.
 */
export async function adapterInfo(names: readonly string[], registry: AdapterRegistry, spec: Spec): Promise<Map<string, AdapterInfo>> {
  const info = new Map<string, AdapterInfo>();
  for (const name of names) {
    if (!Object.hasOwn(registry, name)) continue;
    const loaded = await loadAdapter(name, { registry, rules: spec.rules.map((r) => r.id) });
    if (!loaded.ok) continue;
    const a = loaded.adapter;
    info.set(name, {
      name: a.name,
      library: a.library,
      executor: a.executor,
      capabilities: a.capabilities,
      ...(a.notes === undefined ? {} : { notes: a.notes }),
      expectations: { ...loaded.codeExpectations, ...loaded.fileExpectations },
    });
  }
  return info;
}

export function buildSite(options: BuildSiteOptions): BuiltSite {
  const { spec, out } = options;
  const md = siteMarkdown();
  const adapters = siteAdapters(options.results, options.info ?? new Map(), options.known ?? []);
  const chapterOf = new Map(spec.rules.map((r) => [r.id, r.chapter] as const));
  const ruleById = new Map(spec.rules.map((r) => [r.id, r] as const));
  const ctx: SiteContext = { spec, md, adapters, chapterOf, ruleById, generated: options.generated ?? new Date().toISOString().slice(0, 10) };

  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'assets'), { recursive: true });
  const pages: string[] = [];
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), text);
    if (path.endsWith('.html')) pages.push(path);
  };

  write('index.html', indexPage(ctx));
  for (const chapter of spec.chapters) write(paths.chapter(chapter.id), chapterPage(ctx, chapter));
  write('matrix.html', matrixPage(ctx));
  write('errata.html', errataPage(ctx));
  write('adapters.html', adaptersPage(ctx));
  for (const a of adapters) {
    write(paths.adapter(a), adapterPage(ctx, a));
    for (const [rule, r] of a.results) if (r.counterexample !== undefined && ruleById.has(rule)) write(paths.counterexample(a, rule), counterexamplePage(ctx, a, rule));
  }
  const index = searchIndex(ctx);
  write('search-index.json', `${JSON.stringify(index)}\n`);
  // The same index as a script: pages opened from disk cannot fetch() a file beside them.
  write('search-index.js', `window.SYNCSPEC_SEARCH = ${JSON.stringify(index).replace(/</g, '\\u003c')};\n`);
  for (const f of ['site.css', 'site.js']) copyFileSync(join(ASSETS, f), join(out, 'assets', f));
  return { out, pages, adapters };
}

/** One entry per rule, chapter and adapter: `i` ID or name, `t` title, `c` where, `h` root-relative link, `w` words to match. */
export interface SearchEntry {
  readonly i: string;
  readonly t: string;
  readonly c: string;
  readonly h: string;
  readonly w: string;
}

function searchIndex(ctx: SiteContext): SearchEntry[] {
  const chapterTitle = new Map(ctx.spec.chapters.map((c) => [c.id, plainText(ctx.md, c.title)] as const));
  const words = (text: string) =>
    [...new Set(text.toLowerCase().replace(/[^a-z0-9_]+/g, ' ').split(' ').filter((w) => w.length > 2))].join(' ').slice(0, 600);
  const entries: SearchEntry[] = ctx.spec.rules.map((r) => ({
    i: r.id,
    t: plainText(ctx.md, r.title),
    c: chapterTitle.get(r.chapter) ?? r.chapter,
    h: paths.rule(ctx, r.id),
    w: words(`${plainText(ctx.md, r.title)} ${r.prose} ${r.capabilities.join(' ')} ${r.checks.map((c) => c.title).join(' ')}`),
  }));
  for (const c of ctx.spec.chapters) entries.push({ i: c.id, t: chapterTitle.get(c.id)!, c: 'chapter', h: paths.chapter(c.id), w: words(chapterTitle.get(c.id)!) });
  for (const a of ctx.adapters) entries.push({ i: a.name, t: `${a.library} ${a.version}`, c: 'adapter', h: paths.adapter(a), w: words(`${a.name} ${a.library}`) });
  return entries;
}

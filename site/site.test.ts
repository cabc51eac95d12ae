// The site generator without a browser: pages, anchors, escaping, the search index.
// site.browser.test.ts drives the same site in Chromium.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec, type Spec } from '../spec/index.ts';
import { buildSite, type BuiltSite, type SearchEntry } from './build.ts';
import { FAILING_RULE, XSS_ADAPTER, fixtureReport } from './fixture.ts';
import { esc, html } from './html.ts';
import { siteMarkdown, renderChapter } from './markdown.ts';

let spec: Spec;
let dir: string;
let site: BuiltSite;

beforeAll(() => {
  const loaded = loadSpec();
  if (!loaded.ok) throw new Error('the spec does not load');
  spec = loaded.spec;
  dir = mkdtempSync(join(tmpdir(), 'syncspec-site-'));
  site = buildSite({ spec, results: [{ file: 'fixture.json', report: fixtureReport() }], out: dir, generated: 'test' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (path: string) => readFileSync(join(dir, path), 'utf8');
function allFiles(d: string): string[] {
  return readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? allFiles(join(d, f)) : [join(d, f)]));
}

describe('syncspec site', () => {
  it('writes a page per chapter, the matrix, errata, adapters and the counterexample', () => {
    for (const c of spec.chapters) expect(site.pages).toContain(`${c.id}.html`);
    for (const p of ['index.html', 'matrix.html', 'errata.html', 'adapters.html']) expect(site.pages).toContain(p);
    const evil = site.adapters.find((a) => a.name === XSS_ADAPTER)!;
    expect(evil.slug).toMatch(/^[a-z0-9-]+$/);
    expect(site.pages).toContain(`cx/${evil.slug}/${FAILING_RULE}.html`);
    expect(site.pages).toContain(`adapters/${evil.slug}.html`);
  });

  it('anchors every rule by its ID on its chapter page, with a badge per adapter', () => {
    for (const c of spec.chapters) {
      const page = read(`${c.id}.html`);
      for (const id of c.rules) {
        expect(page).toContain(`id="${id}"`);
        expect(page).toContain(`<div class="badges" data-rule="${id}">`);
      }
    }
    const channels = read('channels.html');
    const row = channels.slice(channels.indexOf(`data-rule="${FAILING_RULE}"`)).split('</div>')[0];
    expect(row.match(/class="badge /g)).toHaveLength(2);
    expect(row).toContain(`href="cx/`);
  });

  it('renders examples as tables, and links errata to the rules that refute them', () => {
    expect(read('channels.html')).toContain('<table class="example-table">');
    const errata = read('errata.html');
    const erratum = spec.chapters.flatMap((c) => c.errata)[0];
    expect(errata).toContain(`href="${spec.rules.find((r) => r.id === erratum.rules[0])!.chapter}.html#${erratum.rules[0]}"`);
  });

  it('links a failing matrix cell to its counterexample, drawn in SVG with the marked op', () => {
    const evil = site.adapters.find((a) => a.name === XSS_ADAPTER)!;
    expect(read('matrix.html')).toContain(`href="cx/${evil.slug}/${FAILING_RULE}.html"`);
    const cx = read(`cx/${evil.slug}/${FAILING_RULE}.html`);
    expect(cx).toContain('<svg class="timeline"');
    expect(cx).toContain('class="op marked"');
    expect(cx).toContain('class="op pending"');
    expect(cx).toContain('no explanation reaches past here');
  });

  it('escapes every string from a run: no tag from the results reaches a page', () => {
    for (const file of allFiles(dir).filter((f) => f.endsWith('.html'))) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain('<script>window.__xss');
      expect(text, file).not.toContain('<img src=x');
      expect(text.match(/<script\b/g)?.length ?? 0, file).toBe(2);
    }
    expect(read('matrix.html')).toContain(esc(XSS_ADAPTER));
  });

  it('loads nothing from elsewhere: no http(s) script, style, image or font', () => {
    for (const file of allFiles(dir).filter((f) => /\.(html|css|js)$/.test(f))) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/<(script|link|img|iframe)\b[^>]*(src|href)="(https?:)?\/\//);
      expect(text, file).not.toMatch(/url\(\s*['"]?(https?:)?\/\//);
      expect(text, file).not.toMatch(/@import/);
    }
  });

  it('indexes every rule for the search, as JSON and as a script', () => {
    const index = JSON.parse(read('search-index.json')) as SearchEntry[];
    for (const r of spec.rules) expect(index.some((e) => e.i === r.id && e.h === `${r.chapter}.html#${r.id}`)).toBe(true);
    expect(read('search-index.js')).not.toContain('<');
    expect(statSync(join(dir, 'search-index.json')).size).toBeLessThan(400_000);
  });
});

describe('site building blocks', () => {
  it('html`` escapes interpolations and esc escapes quotes', () => {
    expect(html`<b title="${'"x"'}">${'<i>'}</b>`.value).toBe('<b title="&quot;x&quot;">&lt;i&gt;</b>');
    expect(esc(`'<&>"`)).toBe('&#39;&lt;&amp;&gt;&quot;');
  });

  it('renders no raw HTML written in a chapter', () => {
    const { html: out } = renderChapter(siteMarkdown(), '# T\n\n<script>alert(1)</script>\n\n### X-1 · t\n', { ruleHref: (id) => `#${id}`, badges: () => html`` });
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;');
    expect(out).toContain('id="X-1"');
  });
});

// The site in a real browser: Debian's Chromium (`apt-get install -y chromium`) driven by
// playwright-core. Every page loads from disk with no console error and no request to
// anywhere else; a rule anchor scrolls to the rule; a matrix cell opens its
// counterexample; the search finds a rule by ID; values from a run show as text.
// Skipped, saying so, where Chromium is absent (.ci/run installs it).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../spec/index.ts';
import { buildSite, type BuiltSite } from './build.ts';
import { FAILING_RULE, XSS_ADAPTER, XSS_IMG, XSS_SCRIPT, fixtureReport } from './fixture.ts';

const CHROMIUM = process.env.SYNCSPEC_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
/** Git-ignored (.cache/): the screenshots the tests take. */
export const OUTPUT = fileURLToPath(new URL('./.cache/browser/', import.meta.url));
// The flags this closed network needs (no background connections to Google's hosts).
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!available) {
  process.stderr.write(`site.browser.test.ts: skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set SYNCSPEC_CHROMIUM)\n`);
}

describe.skipIf(!available)(`the site in Chromium (${CHROMIUM})`, () => {
  let dir: string;
  let site: BuiltSite;
  let browser: Browser;
  const url = (path: string) => {
    const [file, hash] = path.split('#');
    return pathToFileURL(join(dir, file)).href + (hash === undefined ? '' : `#${hash}`);
  };

  beforeAll(async () => {
    const loaded = loadSpec();
    if (!loaded.ok) throw new Error('the spec does not load');
    dir = mkdtempSync(join(tmpdir(), 'syncspec-site-browser-'));
    site = buildSite({ spec: loaded.spec, results: [{ file: 'fixture.json', report: fixtureReport() }], out: dir, generated: 'test' });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  /** A page that records console errors, uncaught exceptions and requests that leave the disk. */
  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`);
    });
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
    await page.goto(url(path), { waitUntil: 'load' });
    return { page, problems };
  }

  const evilSlug = () => site.adapters.find((a) => a.name === XSS_ADAPTER)!.slug;

  it('loads every page with no console error and nothing fetched from elsewhere', async () => {
    for (const path of site.pages) {
      const { page, problems } = await open(path);
      // The scripts ran: the search box has the index.
      expect(await page.evaluate(() => Array.isArray((globalThis as unknown as { SYNCSPEC_SEARCH?: unknown }).SYNCSPEC_SEARCH)), path).toBe(true);
      await page.close();
      expect(problems, path).toEqual([]);
    }
  });

  it('scrolls a rule anchor to the rule', async () => {
    const { page, problems } = await open('channels.html#CHAN-DISC-2');
    const heading = page.locator('[id="CHAN-DISC-2"]');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await heading.boundingBox())?.y ?? -1, { timeout: 20_000 }).toBeLessThan(200);
    expect((await heading.boundingBox())!.y).toBeGreaterThanOrEqual(0);
    expect(await heading.textContent()).toContain('CHAN-DISC-2');
    expect(await page.locator('[data-rule="CHAN-DISC-2"] .badge').count()).toBe(2);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('opens a counterexample from a failing matrix cell, drawn as a timeline', async () => {
    const { page, problems } = await open('matrix.html');
    await page.screenshot({ path: join((mkdirSync(OUTPUT, { recursive: true }), OUTPUT), 'matrix.png') });
    await page.locator(`td.cell.s-fail a[href$="${FAILING_RULE}.html"]`).click();
    await page.waitForURL(`**/cx/${evilSlug()}/${FAILING_RULE}.html`);
    expect(await page.locator('h1').textContent()).toContain(`Counterexample: ${FAILING_RULE}`);
    expect(await page.locator('svg.timeline g.op').count()).toBe(4);
    expect(await page.locator('svg.timeline g.op.marked').count()).toBe(1);
    expect(await page.locator('svg.timeline g.op.marked text.allowed').textContent()).toBe('allowed: Ok(1)');
    await page.screenshot({ path: join(OUTPUT, 'counterexample.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('filters the matrix by status', async () => {
    const { page, problems } = await open('matrix.html');
    const all = await page.locator('tr.rule-row:visible').count();
    await page.locator('#status-filter').selectOption('fail');
    await expect.poll(() => page.locator('tr.rule-row:visible').count(), { timeout: 20_000 }).toBe(1);
    expect(all).toBeGreaterThan(100);
    expect(await page.locator('tr.rule-row:visible th a').first().textContent()).toBe(FAILING_RULE);
    await page.close();
    expect(problems).toEqual([]);
  });

  it('finds a rule by ID and by word, and goes there', async () => {
    const { page, problems } = await open('index.html');
    await page.locator('#search').fill('chan-disc-2');
    await expect.poll(() => page.locator('#search-results .hit-id').first().textContent(), { timeout: 20_000 }).toBe('CHAN-DISC-2');
    await page.locator('#search').press('Enter');
    await page.waitForURL('**/channels.html#CHAN-DISC-2');
    await page.locator('#search').fill('poisoned');
    await expect.poll(() => page.locator('#search-results .hit-id').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.locator('#search-results .hit-id').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^(MUTEX|RWLOCK|ONCE|CONDVAR)-/)]));
    await page.close();
    expect(problems).toEqual([]);
  });

  it('shows values from a run as text: no script runs, no image loads', async () => {
    const pages = ['matrix.html', 'adapters.html', `adapters/${evilSlug()}.html`, `cx/${evilSlug()}/${FAILING_RULE}.html`, 'channels.html'];
    for (const path of pages) {
      const { page, problems } = await open(path);
      expect(await page.evaluate(() => (globalThis as unknown as { __xss?: unknown }).__xss), path).toBeUndefined();
      expect(await page.locator('img').count(), path).toBe(0);
      expect(await page.locator('body').innerText(), path).toContain(XSS_IMG.slice(0, 12));
      if (path.startsWith('cx/')) {
        const text = await page.locator('main').innerText();
        expect(text).toContain(XSS_SCRIPT);
        expect(text).toContain(XSS_IMG);
        expect(await page.locator('svg.timeline').textContent()).toContain(XSS_SCRIPT);
      }
      await page.close();
      expect(problems, path).toEqual([]);
    }
    // And in the search results, built by the page's script.
    const { page } = await open('index.html');
    await page.locator('#search').fill('evil');
    await expect.poll(() => page.locator('#search-results .hit-id').first().textContent(), { timeout: 20_000 }).toBe(XSS_ADAPTER);
    expect(await page.evaluate(() => (globalThis as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    await page.close();
  });
});

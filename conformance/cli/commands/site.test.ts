// `syncspec site` as users run it: results files in, a site out; a file that is not a
// syncspec report is a usage error (exit 2). The pages themselves: site/*.test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureReport } from '../../../site/fixture.ts';

const bin = fileURLToPath(new URL('../../../bin/syncspec.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'syncspec-site-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'site', ...args], { encoding: 'utf8' });

describe('syncspec site', () => {
  it('builds the site from a results file, with the bundled adapters it names', () => {
    const results = join(dir, 'results.json');
    const report = fixtureReport();
    // One adapter of the report is bundled: its capabilities come from the adapter itself.
    writeFileSync(results, JSON.stringify({ ...report, adapters: [{ ...report.adapters[0], name: 'ts-chan' }, report.adapters[1]] }));
    const out = join(dir, 'site');
    const r = run('--results', results, '--out', out);
    expect(r.stderr).toContain('wrote');
    expect(r.status).toBe(0);
    for (const page of ['index.html', 'matrix.html', 'channels.html', 'errata.html', 'adapters/ts-chan.html']) expect(existsSync(join(out, page)), page).toBe(true);
    expect(readFileSync(join(out, 'adapters/ts-chan.html'), 'utf8')).toContain('class="cap"');
  });

  it('refuses a file that is not a syncspec report (exit 2)', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"hello": 1}');
    const r = run('--results', bad, '--out', join(dir, 'bad-site'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('not a syncspec report');
    expect(existsSync(join(dir, 'bad-site'))).toBe(false);
  });
});

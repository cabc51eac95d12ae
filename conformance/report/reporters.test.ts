// The machine-readable reports of `syncspec run`, from a real run in a child process: the
// JUnit XML parses (a real XML parser, not a regex) with one testcase per rule × adapter
// carrying the rule ID, adapter and seed; the JSON follows the documented shape
// (DESIGN.md, "Command line"; conformance/report/results.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { abridge } from './pretty.ts';

const bin = fileURLToPath(new URL('../../bin/syncspec.js', import.meta.url));
const testing = fileURLToPath(new URL('../testing/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'syncspec-reporters-'));
const adapter = join(dir, 'buffering.ts');
// A rendezvous that buffers one value, with a `<script>` in its name's library, to see escaping.
writeFileSync(
  adapter,
  `import { promiseChannelAdapter } from ${JSON.stringify(join(testing, 'promise-channel-adapter.ts'))};\n` +
    `import { RendezvousBuffersOne } from ${JSON.stringify(join(testing, 'buggy-channels.ts'))};\n` +
    `const a = promiseChannelAdapter('buffers-<one>', RendezvousBuffersOne);\n` +
    `export default { ...a, library: { name: 'lib "&" <script>', version: '1' } };\n`,
);

function run(reporter: string) {
  const r = spawnSync(process.execPath, [bin, 'run', '--adapter', adapter, '--rules', 'CHAN-FLAVOR-*,CHAN-SEL-1', '--runs', '20', '--seed', '11', '--reporter', reporter], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout };
}

describe('reporters', () => {
  it('junit: well-formed XML, one testcase per rule with rule, adapter and seed properties, failures as <failure>', () => {
    const r = run('junit');
    expect(r.status).toBe(1);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) }).parse(r.stdout);
    const suite = xml.testsuites.testsuite[0];
    expect(suite.name).toBe('buffers-<one>');
    const cases = suite.testcase as { name: string; failure?: unknown; skipped?: unknown; properties: { property: { name: string; value: string }[] } }[];
    expect(cases.map((c) => c.name)).toEqual(['CHAN-FLAVOR-1', 'CHAN-FLAVOR-2', 'CHAN-FLAVOR-3', 'CHAN-SEL-1']);
    for (const c of cases) {
      const props = Object.fromEntries(c.properties.property.map((p) => [p.name, p.value]));
      expect(props).toMatchObject({ rule: c.name, adapter: 'buffers-<one>', seed: '11' });
    }
    const rendezvous = cases.find((c) => c.name === 'CHAN-FLAVOR-3')!;
    expect(rendezvous.failure).toBeDefined();
    expect(Object.fromEntries(rendezvous.properties.property.map((p) => [p.name, p.value])).replay).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Number(suite.failures)).toBeGreaterThanOrEqual(1);
  });

  it('json: { tool, version, seed, adapters: [{ name, library, version, results: [{ rule, status, runs, durationMs, counterexample?, replay? }] }] }', () => {
    const r = run('json');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ tool: 'syncspec', version: expect.any(String), seed: 11 });
    const [a] = report.adapters;
    expect(a).toMatchObject({ name: 'buffers-<one>', library: 'lib "&" <script>', version: '1' });
    const statuses = ['pass', 'fail', 'n/a', 'expected-fail', 'unexpected-pass', 'error', 'unknown'];
    for (const result of a.results) {
      expect(result).toMatchObject({ rule: expect.stringMatching(/^CHAN-/), runs: expect.any(Number), durationMs: expect.any(Number) });
      expect(statuses).toContain(result.status);
    }
    const failed = a.results.find((x: { rule: string }) => x.rule === 'CHAN-FLAVOR-3');
    expect(failed.status).toBe('fail');
    expect(failed.replay).toEqual(expect.any(String));
    expect(failed.counterexample).toMatchObject({ check: expect.any(String), scenario: expect.stringContaining('sync_channel(0)'), timeline: expect.any(String), diagnosis: expect.any(String), executor: 'async' });
  });
});

describe('abridge', () => {
  it('leaves a short counterexample alone', () => {
    const text = 'let tx, rx = channel()\nmain: tx.send(1)';
    expect(abridge(text)).toBe(text);
  });

  it('cuts the middle of a long line and the middle rows of a long timeline, keeping every row marked ✗', () => {
    const long = `main: ${Array.from({ length: 2000 }, (_, i) => `tx.send(${i})`).join('; ')}`;
    const line = abridge(long);
    expect(line.length).toBeLessThan(1_400);
    expect(line).toContain('characters left out');
    expect(line.startsWith('main: tx.send(0); tx.send(1)')).toBe(true);
    expect(line.endsWith('tx.send(1999)')).toBe(true);
    const rows = Array.from({ length: 1000 }, (_, i) => `${i}  tx.send(${i}) → Ok${i === 500 ? '   ✗ the model allows Disconnected' : ''}`);
    const timeline = abridge(rows.join('\n')).split('\n');
    expect(timeline.length).toBeLessThan(130);
    expect(timeline).toContain('500  tx.send(500) → Ok   ✗ the model allows Disconnected');
    expect(timeline).toContain('… 460 rows left out …');
    expect(timeline).toContain('… 419 rows left out …');
    expect(timeline.at(-1)).toBe('999  tx.send(999) → Ok');
  });
});

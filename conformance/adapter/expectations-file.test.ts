import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectationsFileFor, readExpectationsFile, updateExpectations, writeExpectationsFile } from './expectations-file.ts';
import { loadAdapter } from './load.ts';

describe('the expectations file', () => {
  it('sits beside the adapter module, named after it (expectations.json for an index module)', () => {
    expect(expectationsFileFor('/x/my-adapter.ts')).toBe('/x/my-adapter.expectations.json');
    expect(expectationsFileFor('/x/lib/index.mjs')).toBe('/x/lib/expectations.json');
  });

  it('is merged into the adapter loaded by path, over its in-code expectations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'syncspec-expectations-'));
    const path = join(dir, 'mine.mjs');
    writeFileSync(
      path,
      `export default { name: 'mine', library: { name: 'mine', version: '1.0.0' }, executor: 'async', capabilities: ['send'],
        expectations: { 'CHAN-SEND-3': { status: 'fail', reason: 'in code' }, 'CHAN-RECV-1': { status: 'fail', reason: 'in code' } },
        channel: { create() { return {}; } } };`,
    );
    writeExpectationsFile(join(dir, 'mine.expectations.json'), { 'CHAN-RECV-1': { status: 'fail', reason: 'from the file', link: 'https://example.org/1' } });
    const loaded = await loadAdapter(path);
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.expectationsFile).toBe(join(dir, 'mine.expectations.json'));
    expect(loaded.adapter.expectations).toEqual({
      'CHAN-SEND-3': { status: 'fail', reason: 'in code' },
      'CHAN-RECV-1': { status: 'fail', reason: 'from the file', link: 'https://example.org/1' },
    });
  });

  it('reports a file that is not JSON, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'syncspec-expectations-'));
    writeFileSync(join(dir, 'expectations.json'), '{ nope');
    const r = readExpectationsFile(join(dir, 'expectations.json'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(`expectations file ${join(dir, 'expectations.json')} is not JSON`);
  });

  it('is written sorted by rule ID, and ignores $-keys (comments) when read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'syncspec-expectations-'));
    const file = join(dir, 'expectations.json');
    writeExpectationsFile(file, { 'CHAN-SEND-3': { status: 'fail', reason: 'b' }, 'CHAN-FLAVOR-1': { status: 'fail', reason: 'a' } });
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toEqual(['CHAN-FLAVOR-1', 'CHAN-SEND-3']);
    writeFileSync(file, JSON.stringify({ $comment: 'known bugs of lib 2.x', 'CHAN-SEND-3': { status: 'fail', reason: 'b' } }));
    expect(readExpectationsFile(file, ['CHAN-SEND-3'])).toEqual({ ok: true, expectations: { 'CHAN-SEND-3': { status: 'fail', reason: 'b' } } });
  });

  it('update: failures in, passes and n/a out, errors and unselected rules untouched, in-code ones left to the code', () => {
    const update = updateExpectations(
      { 'R-PASS-1': { status: 'fail', reason: 'old' }, 'R-ERR-1': { status: 'fail', reason: 'kept' }, 'R-OTHER-1': { status: 'fail', reason: 'not run' } },
      { 'R-CODE-1': { status: 'fail', reason: 'in code' }, 'R-CODEPASS-1': { status: 'fail', reason: 'in code' } },
      [
        { rule: 'R-FAIL-1', status: 'fail', message: '\nadapter x: lost a value\nmore' },
        { rule: 'R-PASS-1', status: 'unexpected-pass' },
        { rule: 'R-ERR-1', status: 'error', message: 'threw' },
        { rule: 'R-CODE-1', status: 'expected-fail' },
        { rule: 'R-CODEPASS-1', status: 'unexpected-pass' },
      ],
    );
    expect(update.expectations).toEqual({
      'R-FAIL-1': { status: 'fail', reason: 'fails: adapter x: lost a value' },
      'R-ERR-1': { status: 'fail', reason: 'kept' },
      'R-OTHER-1': { status: 'fail', reason: 'not run' },
    });
    expect(update.added).toEqual(['R-FAIL-1']);
    expect(update.removed).toEqual(['R-PASS-1']);
    expect(update.warnings).toEqual([
      'R-ERR-1 is an error (a broken adapter or a syncspec bug), never an expectation: left as it was',
      "R-CODEPASS-1 passed, but the adapter's own `expectations` (in code) still lists it: remove it there",
    ]);
  });
});

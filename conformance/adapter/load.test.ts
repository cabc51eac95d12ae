import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAdapter } from './load.ts';

function adapterFile(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'syncspec-adapter-'));
  const path = join(dir, 'my-adapter.mjs');
  writeFileSync(path, body);
  return path;
}

describe('loadAdapter', () => {
  it('loads a well-formed adapter by path', async () => {
    const path = adapterFile(`export default { name: 'mine', library: { name: 'mine', version: '1.0.0' }, executor: 'async',
      capabilities: ['unbounded', 'send', 'recv'], channel: { create() { return {}; } } };`);
    const loaded = await loadAdapter(path, { capabilities: ['unbounded', 'send', 'recv'] });
    expect(loaded.ok).toBe(true);
  });

  it('names the file and every problem of a malformed adapter', async () => {
    const path = adapterFile(`export default { name: '', executor: 'fibers', capabilities: ['sned'] };`);
    const loaded = await loadAdapter(path, { capabilities: ['send'] });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error).toContain(path);
    expect(loaded.error).toContain('`name` must be a non-empty string');
    expect(loaded.error).toContain('`library` must be');
    expect(loaded.error).toContain('`executor` must be one of async, threads, process');
    expect(loaded.error).toContain('unknown capabilities: sned');
  });

  it('names an endRun that is not a function', async () => {
    const path = adapterFile(`export default { name: 'mine', library: { name: 'mine', version: '1.0.0' }, executor: 'async',
      capabilities: ['unbounded'], channel: { create() { return {}; } }, endRun: 'later' };`);
    const loaded = await loadAdapter(path, { capabilities: ['unbounded'] });
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.error).toContain('`endRun` must be a function');
  });

  it('reports an adapter module that throws while loading', async () => {
    const path = adapterFile(`throw new Error('boom at import');`);
    const loaded = await loadAdapter(path);
    expect(loaded).toEqual({ ok: false, error: expect.stringContaining('boom at import') });
  });

  it('reports an adapter module whose top-level code never yields the event loop, and does not hang', async () => {
    const path = adapterFile(`const spin = () => Promise.resolve().then(spin);\nawait spin();\nexport default {};`);
    const loaded = await loadAdapter(path, { loadBudgetMs: 300 });
    expect(loaded).toEqual({ ok: false, error: expect.stringMatching(/did not finish loading: its code held the event loop for \d+ ms without yielding/) });
  });

  it('reports a name that is neither bundled nor a file', async () => {
    const loaded = await loadAdapter('./does-not-exist.ts');
    expect(loaded).toEqual({ ok: false, error: expect.stringContaining('not a bundled adapter') });
  });
});

// `syncspec adapters`: what it lists for good, broken and unavailable adapters, and the
// CLI as users run it against the bundled ones.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../../adapter/types.ts';
import { bundledAdapters } from '../../../adapters/index.ts';
import { formatAdapters, listAdapters, type AdapterRegistry } from './adapters.ts';

const bin = fileURLToPath(new URL('../../../bin/syncspec.js', import.meta.url));

const good = {
  name: 'good',
  library: { name: 'some-lib', version: '1.2.3', url: 'https://example.org/some-lib' },
  executor: 'async',
  capabilities: ['unbounded', 'send', 'recv'],
  channel: { create: () => ({}) },
} as unknown as Adapter;

const registry: AdapterRegistry = {
  good: async () => ({ default: good }),
  broken: async () => {
    throw new Error('Cannot find package some-lib');
  },
  malformed: async () => ({ default: { name: 'malformed', library: { name: 'half-lib', version: '0.1' }, executor: 'process', capabilities: ['send'] } as unknown as Adapter }),
  'no-toolchain': async () => ({
    default: { name: 'no-toolchain', library: { name: 'std', version: '1.95' }, executor: 'process', capabilities: ['bounded'], process: { command: () => ({ cmd: 'oracle' }), available: () => 'cargo not found on PATH' } } as unknown as Adapter,
  }),
  'can-run': async () => ({
    default: { name: 'can-run', library: { name: 'std', version: '1.95' }, executor: 'process', capabilities: [], process: { command: () => ({ cmd: 'oracle' }), available: async () => true } } as unknown as Adapter,
  }),
};

describe('listAdapters', () => {
  it('lists each adapter with its library, executor, capabilities and availability', async () => {
    const listings = await listAdapters(registry);
    expect(listings).toEqual([
      { name: 'good', library: 'some-lib', version: '1.2.3', url: 'https://example.org/some-lib', executor: 'async', capabilities: ['unbounded', 'send', 'recv'], available: true },
      { name: 'broken', library: null, version: null, url: null, executor: null, capabilities: [], available: false, reason: 'does not load: Cannot find package some-lib' },
      { name: 'malformed', library: 'half-lib', version: '0.1', url: null, executor: 'process', capabilities: ['send'], available: false, reason: expect.stringMatching(/^malformed: /) },
      { name: 'no-toolchain', library: 'std', version: '1.95', url: null, executor: 'process', capabilities: ['bounded'], available: false, reason: 'cargo not found on PATH' },
      { name: 'can-run', library: 'std', version: '1.95', url: null, executor: 'process', capabilities: [], available: true },
    ]);
  });

  it('prints one block per adapter', async () => {
    const text = formatAdapters(await listAdapters({ good: registry.good, 'no-toolchain': registry['no-toolchain'] }));
    expect(text).toBe(
      'good          some-lib 1.2.3  async    available\n' +
        '  capabilities: unbounded, send, recv\n' +
        'no-toolchain  std 1.95        process  unavailable\n' +
        '  cargo not found on PATH\n' +
        '  capabilities: bounded\n',
    );
    expect(formatAdapters([])).toMatch(/^no bundled adapters/);
  });
});

describe('syncspec adapters', () => {
  it('--json lists every bundled adapter in the documented shape', () => {
    const r = spawnSync(process.execPath, [bin, 'adapters', '--json'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(0);
    const listings = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(listings.map((l) => l.name)).toEqual(Object.keys(bundledAdapters));
    for (const l of listings) {
      expect(Object.keys(l).filter((k) => k !== 'reason').sort()).toEqual(['available', 'capabilities', 'executor', 'library', 'name', 'url', 'version']);
      expect(typeof l.available).toBe('boolean');
      expect(Array.isArray(l.capabilities)).toBe(true);
      // A bundled adapter that does not even load is a bug in syncspec, not a missing toolchain.
      expect(l.library, `${l.name}: ${l.reason}`).not.toBeNull();
    }
  }, 120_000);

  it('--help documents the JSON shape', () => {
    const r = spawnSync(process.execPath, [bin, 'adapters', '--help'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('"available": boolean');
  }, 60_000);
});

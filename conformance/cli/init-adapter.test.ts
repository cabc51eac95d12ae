// `syncspec init-adapter`: the skeleton it writes runs as it is, through `syncspec run`,
// and fails every rule it claims (no errors: it is a well-formed adapter of a library
// that does nothing).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/syncspec.js', import.meta.url));
const repo = fileURLToPath(new URL('../../', import.meta.url));

/** A user's project: syncspec installed (a link to this checkout), no "type": "module". */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'syncspec-init-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repo, join(dir, 'node_modules', 'syncspec'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "name": "my-project", "version": "1.0.0" }\n');
  return dir;
}

function syncspec(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 180_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('syncspec init-adapter', () => {
  for (const [executor, file] of [
    ['async', 'adapters/my-lib.ts'],
    ['threads', 'adapters/my-lib.mts'], // outside an ESM package, a threads adapter is a .mts
  ] as const) {
    it(`writes a ${executor} skeleton that runs and fails every rule it claims: fail and n/a only, exit 1`, () => {
      const dir = project();
      const init = syncspec(dir, 'init-adapter', 'my-lib', '--executor', executor, '--out', 'adapters');
      expect(init.status).toBe(0);
      expect(init.stdout).toContain(`wrote ./${file}`);
      expect(init.stdout).toContain(`npx syncspec run --adapter ./${file}`);
      expect(readFileSync(join(dir, file), 'utf8')).toContain(`executor: '${executor}'`);

      const r = syncspec(dir, 'run', '--adapter', `./${file}`, '--runs', '10', '--seed', '1', '--reporter', 'json');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(1);
      const results = JSON.parse(r.stdout).adapters[0].results as { rule: string; status: string; message?: string }[];
      const claimed = results.filter((x) => x.status !== 'n/a');
      expect(claimed.length).toBeGreaterThan(5);
      expect(claimed.filter((x) => x.status !== 'fail')).toEqual([]);
    });
  }

  it('writes a .ts threads skeleton in an ESM package', () => {
    const dir = project();
    writeFileSync(join(dir, 'package.json'), '{ "name": "my-project", "type": "module" }\n');
    expect(syncspec(dir, 'init-adapter', 'lib', '--executor', 'threads').status).toBe(0);
    expect(existsSync(join(dir, 'lib.ts'))).toBe(true);
  });

  it('never overwrites a file without --force, and refuses a name that is no file name', () => {
    const dir = project();
    expect(syncspec(dir, 'init-adapter', 'x').status).toBe(0);
    writeFileSync(join(dir, 'x.ts'), '// mine\n');
    const again = syncspec(dir, 'init-adapter', 'x');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('exists (--force overwrites it)');
    expect(readFileSync(join(dir, 'x.ts'), 'utf8')).toBe('// mine\n');
    expect(syncspec(dir, 'init-adapter', 'x', '--force').status).toBe(0);
    expect(readFileSync(join(dir, 'x.ts'), 'utf8')).toContain("name: \"x\"");
    const bad = syncspec(dir, 'init-adapter', '../evil');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('is not a usable name');
  });
});

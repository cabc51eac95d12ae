import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureSpec, lines, WELL_FORMED_RULE } from '../../spec/toolchain/fixture-spec.ts';

// The CLI as users run it: bin/syncspec.js in a child process, against a fixture spec.
const BIN = fileURLToPath(new URL('../../bin/syncspec.js', import.meta.url));

function syncspec(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const valid = fixtureSpec({
  'channels.md': lines(
    '# Channels',
    '',
    ...WELL_FORMED_RULE, // CHAN-OK-1 on line 7, its example on line 15
    '',
    '```property',
    'title: sends are never lost',
    'ops: send',
    '```',
  ),
});
const duplicated = fixtureSpec({
  'a.md': lines('# A', '', ...WELL_FORMED_RULE),
  'b.md': lines('# B', '', ...WELL_FORMED_RULE.slice(4)),
});
afterAll(() => {
  valid.remove();
  duplicated.remove();
});

describe('syncspec rules', () => {
  it('--json prints every rule with its chapter, capabilities and checks', async () => {
    const { code, stdout } = await syncspec('rules', '--json', '--spec-dir', valid.dir);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      {
        id: 'CHAN-OK-1',
        title: 'a rule with everything it needs',
        chapter: 'channels',
        capabilities: ['send'],
        checks: [
          { kind: 'example', title: 'one send', line: 15 },
          { kind: 'property', title: 'sends are never lost', line: 21 },
        ],
      },
    ]);
  });

  it('prints one line per rule, grouped by chapter', async () => {
    const { code, stdout } = await syncspec('--spec-dir', valid.dir, 'rules');
    expect(code).toBe(0);
    expect(stdout).toBe('channels — Channels (1 rule)\n  CHAN-OK-1  a rule with everything it needs  needs: send\n');
  });

  it('exits 2 on a malformed spec, every error on stderr as file:line', async () => {
    const { code, stdout, stderr } = await syncspec('rules', '--json', '--spec-dir', duplicated.dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `${duplicated.file('b.md')}:3: duplicate rule ID CHAN-OK-1 (first at ${duplicated.file('a.md')}:7)\n` +
        'syncspec: the spec has 1 error\n',
    );
  });
});

describe('syncspec', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await syncspec('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('exits 2 on a usage error', async () => {
    const { code, stderr } = await syncspec('rules', '--no-such-option');
    expect(code).toBe(2);
    expect(stderr).toContain("error: unknown option '--no-such-option'");
  });
});

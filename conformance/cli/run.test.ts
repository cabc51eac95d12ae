// `syncspec run` end to end, as a user runs it: adapters loaded by path, in a child process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/syncspec.js', import.meta.url));
const testing = fileURLToPath(new URL('../testing/', import.meta.url));

function adapterFile(body: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'syncspec-run-')), 'adapter.ts');
  writeFileSync(path, body);
  return path;
}

function syncspec(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const correct = adapterFile(`import { promiseChannel } from ${JSON.stringify(join(testing, 'promise-channel-adapter.ts'))};\nexport default promiseChannel;\n`);
const buffering = adapterFile(
  `import { promiseChannelAdapter } from ${JSON.stringify(join(testing, 'promise-channel-adapter.ts'))};\n` +
    `import { RendezvousBuffersOne } from ${JSON.stringify(join(testing, 'buggy-channels.ts'))};\n` +
    `export default promiseChannelAdapter('rendezvous-buffers-one', RendezvousBuffersOne);\n`,
);

describe('syncspec run', () => {
  it('passes a correct channel on the rendezvous rules, exit 0', () => {
    const r = syncspec('run', '--adapter', correct, '--rules', 'CHAN-RDV-*,CHAN-FLAVOR-3', '--runs', '30', '--seed', '7', '--reporter', 'json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.adapters[0].results.map((x: { status: string }) => x.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('fails a rendezvous that buffers, and its replay token reproduces the failure', () => {
    const r = syncspec('run', '--adapter', buffering, '--rules', 'CHAN-FLAVOR-3', '--runs', '50', '--seed', '7', '--reporter', 'json');
    expect(r.status).toBe(1);
    const result = JSON.parse(r.stdout).adapters[0].results[0];
    expect(result).toMatchObject({ rule: 'CHAN-FLAVOR-3', status: 'fail' });
    expect(typeof result.replay).toBe('string');
    const again = syncspec('run', '--adapter', buffering, '--replay', result.replay, '--reporter', 'json');
    expect(again.status).toBe(1);
    const replayed = JSON.parse(again.stdout).adapters[0].results[0];
    expect(replayed).toMatchObject({ rule: 'CHAN-FLAVOR-3', status: 'fail' });
    expect(replayed.counterexample.timeline).toBe(result.counterexample.timeline);
  });

  it('replays a token from a file, `--replay @FILE` (a long flood\'s token is too long for a command line)', () => {
    const r = syncspec('run', '--adapter', buffering, '--rules', 'CHAN-FLAVOR-3', '--runs', '50', '--seed', '7', '--reporter', 'json');
    const token = join(mkdtempSync(join(tmpdir(), 'syncspec-token-')), 'replay.token');
    writeFileSync(token, `${JSON.parse(r.stdout).adapters[0].results[0].replay}\n`);
    const again = syncspec('run', '--adapter', buffering, '--replay', `@${token}`, '--reporter', 'json');
    expect(again.status).toBe(1);
    expect(JSON.parse(again.stdout).adapters[0].results[0]).toMatchObject({ rule: 'CHAN-FLAVOR-3', status: 'fail' });
    const missing = syncspec('run', '--adapter', buffering, '--replay', '@/nonexistent/replay.token');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the token file \/nonexistent\/replay.token/);
  });

  it('--bail stops at the first failing rule, exit 1, and says how many rules it did not run', () => {
    const r = syncspec('run', '--adapter', buffering, '--rules', 'CHAN-FLAVOR-3,CHAN-RDV-*', '--runs', '50', '--seed', '7', '--reporter', 'json', '--bail');
    expect(r.status).toBe(1);
    const results = JSON.parse(r.stdout).adapters[0].results;
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ rule: 'CHAN-FLAVOR-3', status: 'fail' });
    expect(r.stderr).toMatch(/--bail: stopped after CHAN-FLAVOR-3 \(fail\); 3 of 4 rule runs not run/);
  });

  it('exits 2 on a token that is not one', () => {
    const r = syncspec('run', '--adapter', correct, '--replay', 'not-a-token');
    expect(r.status).toBe(2);
  });
});

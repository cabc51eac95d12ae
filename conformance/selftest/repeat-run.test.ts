// repeat-run: a correct implementation fails no run; a wrong one is counted, with the
// command and the replay token that reproduce it. Seeds are given, so nothing depends on luck.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatRepeat, repeatRun } from './repeat-run.ts';

const testing = fileURLToPath(new URL('../testing/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'syncspec-repeat-test-'));
const correct = join(dir, 'correct.ts');
writeFileSync(correct, `import { promiseChannel } from ${JSON.stringify(join(testing, 'promise-channel-adapter.ts'))};\nexport default promiseChannel;\n`);
const buffering = join(dir, 'buffering.ts');
writeFileSync(
  buffering,
  `import { promiseChannelAdapter } from ${JSON.stringify(join(testing, 'promise-channel-adapter.ts'))};\n` +
    `import { RendezvousBuffersOne } from ${JSON.stringify(join(testing, 'buggy-channels.ts'))};\n` +
    `export default promiseChannelAdapter('rendezvous-buffers-one', RendezvousBuffersOne);\n`,
);

describe('repeatRun', () => {
  it('counts no failure on a correct implementation', { timeout: 120_000 }, async () => {
    const report = await repeatRun({ n: 2, adapters: [correct], runs: 10, rules: 'CHAN-RDV-*', seeds: [1, 2] });
    expect(report.failures).toEqual([]);
    expect(formatRepeat(report)).toContain('2 × `syncspec run --adapter');
  });

  it('counts a failing run, with the command and the replay token that reproduce it', { timeout: 120_000 }, async () => {
    const report = await repeatRun({ n: 1, adapters: [buffering], runs: 10, rules: 'CHAN-FLAVOR-3', seeds: [5] });
    expect(report.failures).toHaveLength(1);
    const [failure] = report.failures;
    expect(failure).toMatchObject({ seed: 5, exitCode: 1, results: ['rendezvous-buffers-one CHAN-FLAVOR-3 fail'] });
    expect(failure.command).toBe(`npx syncspec run --adapter ${buffering} --seed 5 --runs 10 --rules CHAN-FLAVOR-3`);
    expect(typeof failure.details[0].replay).toBe('string');
    expect(formatRepeat(report)).toContain('--replay ');
  });

  it('with jobs, runs side by side and lists the failures in the order of the runs', { timeout: 120_000 }, async () => {
    const report = await repeatRun({ n: 3, adapters: [buffering], runs: 10, rules: 'CHAN-FLAVOR-3', seeds: [7, 5, 6], jobs: 2 });
    expect(report.failures.map((f) => f.seed)).toEqual([7, 5, 6]);
  });
});

import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReplayArgument, replayArgument } from './replay-argument.ts';

describe('the replay argument', () => {
  it('passes a short token as it is', () => {
    expect(replayArgument('eyJ2ZXJzaW9uIjox', 'CHAN-FIFO-1')).toBe('eyJ2ZXJzaW9uIjox');
    expect(readReplayArgument('eyJ2ZXJzaW9uIjox')).toBe('eyJ2ZXJzaW9uIjox');
  });

  it('writes a long one to a file named after its rule, and reads it back whole', () => {
    const directory = mkdtempSync(join(tmpdir(), 'syncspec-replay-arg-'));
    const token = 'x'.repeat(200_000);
    const argument = replayArgument(token, 'CHAN-FIFO-1', directory);
    expect(argument).toMatch(/^@.*syncspec-replay-CHAN-FIFO-1-[0-9a-f]{12}\.token$/);
    expect(readdirSync(directory)).toHaveLength(1);
    expect(readReplayArgument(argument)).toBe(token);
  });

  it('names the file it cannot read', () => {
    expect(() => readReplayArgument('@/nonexistent/replay.token')).toThrow(/cannot read the token file \/nonexistent\/replay\.token/);
  });
});

import { describe, expect, it } from 'vitest';
import { promiseChannel } from '../../testing/promise-channel-adapter.ts';
import { channelJudge, scenarioOf } from '../../testing/test-helpers.ts';
import { replay } from './replay.ts';
import { decodeReplayToken, encodeReplayToken, ReplayTokenError } from './replay-token.ts';

describe('replay tokens', () => {
  const scenario = scenarioOf('let tx, rx = channel()\nA: tx.send(1)\nB: rx.recv()');
  const token = encodeReplayToken({ adapter: 'promise-channel', rule: 'CHAN-X-1', executor: 'async', seed: 9, path: '3:1', scenario, schedule: [1, 0, 2] });

  it('are one URL-safe string that decodes to what was encoded', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeReplayToken(token)).toEqual({ version: 1, adapter: 'promise-channel', rule: 'CHAN-X-1', executor: 'async', seed: 9, path: '3:1', scenario, schedule: [1, 0, 2] });
  });

  it('reject garbage, other versions and missing parts with a message', () => {
    expect(() => decodeReplayToken('not a token')).toThrow(ReplayTokenError);
    expect(() => decodeReplayToken(Buffer.from('{"version":2}').toString('base64url'))).toThrow(/another syncspec version/);
    expect(() => decodeReplayToken(Buffer.from('{"version":1,"adapter":"a","executor":"async","seed":1}').toString('base64url'))).toThrow(/scenario and schedule/);
  });

  it('replay only on the adapter they were made for', async () => {
    await expect(replay(token, { adapter: { ...promiseChannel, name: 'other' }, judge: channelJudge })).rejects.toThrow(/for adapter promise-channel, not other/);
    const replayed = await replay(token, { adapter: promiseChannel, judge: channelJudge });
    expect(replayed.run.verdict).toBe('ok');
    expect(replayed.token.rule).toBe('CHAN-X-1');
  });
});

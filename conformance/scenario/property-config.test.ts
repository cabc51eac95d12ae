import { describe, expect, it } from 'vitest';
import { planGeneration } from './generation-plan.ts';
import { parsePropertyConfig, PropertyConfigError } from './property-config.ts';

describe('property configuration', () => {
  it('reads every key of the chapter notation', () => {
    const config = parsePropertyConfig({
      title: 'ignored',
      channels: 'channel(), sync_channel(1..3), mpmc::sync_channel(0..2)',
      count: '2',
      actors: '2..4',
      ops: 'send, try_send, recv, select, drop',
      prefix: 'fill',
      suffix: 'drain',
    });
    expect(config.channels).toEqual([
      { profile: 'mpsc', flavor: 'unbounded' },
      { profile: 'mpsc', flavor: 'bounded', capacity: { min: 1, max: 3 } },
      { profile: 'mpmc', flavor: 'rendezvous' },
      { profile: 'mpmc', flavor: 'bounded', capacity: { min: 1, max: 2 } },
    ]);
    expect(config).toMatchObject({ count: 2, actors: { min: 2, max: 4 }, prefix: 'fill', suffix: 'drain' });
    expect(config.ops).toEqual(['send', 'try_send', 'recv', 'select', 'drop']);
  });

  it('defaults: one channel, 2..3 actors, no prefix, no suffix', () => {
    const config = parsePropertyConfig({ channels: 'sync_channel(0)', ops: 'send, recv' });
    expect(config).toMatchObject({ count: 1, actors: { min: 2, max: 3 }, prefix: 'none', suffix: 'none' });
    expect(config.channels).toEqual([{ profile: 'mpsc', flavor: 'rendezvous' }]);
  });

  it.each([
    [{ channels: 'channel()', ops: 'send', colour: 'red' }, 'colour'],
    [{ ops: 'send' }, 'channels'],
    [{ channels: 'channel()' }, 'ops'],
    [{ channels: 'queue()', ops: 'send' }, 'channels'],
    [{ channels: 'channel(1)', ops: 'send' }, 'channels'],
    [{ channels: 'sync_channel(3..1)', ops: 'send' }, 'channels'],
    [{ channels: 'channel()', ops: 'send, fly' }, 'ops'],
    [{ channels: 'channel()', ops: 'send', actors: '2..9' }, 'actors'],
    [{ channels: 'channel()', ops: 'send', suffix: 'flush' }, 'suffix'],
    [{ channels: 'channel()', ops: 'send', count: 'two' }, 'count'],
  ])('rejects %j, naming `%s`', (raw, key) => {
    expect(() => parsePropertyConfig(raw as Record<string, string>)).toThrow(PropertyConfigError);
    try {
      parsePropertyConfig(raw as Record<string, string>);
    } catch (e) {
      expect((e as PropertyConfigError).key).toBe(key);
    }
  });
});

describe('generation plan', () => {
  const config = parsePropertyConfig({ channels: 'sync_channel(0..2), channel(), mpmc::channel()', ops: 'recv, send, clone, drop, select' });

  it('keeps only flavours and operations the adapter has, simplest flavour first, operations in preference order', () => {
    const planned = planGeneration(config, ['bounded', 'unbounded', 'send', 'recv', 'disconnect']);
    expect(planned.ok).toBe(true);
    if (!planned.ok) return;
    expect(planned.plan.channels).toEqual([
      { profile: 'mpsc', flavor: 'unbounded' },
      { profile: 'mpsc', flavor: 'bounded', capacity: { min: 1, max: 2 } },
    ]);
    expect(planned.plan.ops).toEqual(['send', 'recv', 'drop']);
  });

  it('is not applicable when no flavour or no operation is left', () => {
    expect(planGeneration(config, ['mpmc', 'send', 'recv'])).toMatchObject({ ok: false });
    expect(planGeneration(config, ['unbounded', 'try_recv'])).toMatchObject({ ok: false });
  });
});

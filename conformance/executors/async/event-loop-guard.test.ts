import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { guardEventLoop } from './event-loop-guard.ts';

const stalled = (stall: { heldMs: number }) => `stalled after ${stall.heldMs} ms`;

describe('guardEventLoop', () => {
  it('gives the work its result when the work yields the loop, however long it takes', async () => {
    const result = await guardEventLoop('test', 200, async () => {
      for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      return 'done';
    }, stalled);
    expect(result).toBe('done');
  });

  it('stops a synchronous loop and an endless chain of promise callbacks; the callers above it carry on', async () => {
    // Two async layers above the guard, as the engine calls it: their promise jobs must survive the stop.
    const outer = async (work: () => Promise<string>) => {
      const inner = async () => guardEventLoop('test', 200, work, stalled);
      return inner();
    };
    expect(await outer(async () => {
      for (;;);
    })).toMatch(/^stalled after [1-9]\d+ ms$/);
    expect(await outer(() => {
      const spin = (): Promise<void> => Promise.resolve().then(spin);
      return spin().then(() => 'never');
    })).toMatch(/^stalled after [1-9]\d+ ms$/);
    // The thread is whole again: timers fire, a guarded run that yields returns.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await outer(async () => 'fine')).toBe('fine');
  });

  it('stops the loop again and again without ending the process: each stall is taken in, the earlier ones too', async () => {
    const spin = async () => {
      for (;;);
    };
    // Three stalls within one grace period, so that the first one's grace ends after the third was taken in.
    for (let i = 0; i < 3; i++) expect(await guardEventLoop('test', 200, spin, stalled, 1500)).toMatch(/^stalled after/);
    // Past every stall's grace: a process ended by the watcher would not get here.
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(await guardEventLoop('test', 200, async () => 'alive', stalled)).toBe('alive');
  });

  it('does not count time while paused', async () => {
    const result = await guardEventLoop('test', 200, async (run) => {
      await new Promise((resolve) => setImmediate(resolve));
      run.pause();
      const until = performance.now() + 500;
      while (performance.now() < until);
      run.resume();
      return 'done';
    }, stalled);
    expect(result).toBe('done');
  });

  it('ends the process, saying why, when the loop runs in a timer callback of the adapter (Node cannot survive stopping it there)', () => {
    const script = `
      import { guardEventLoop } from ${JSON.stringify(fileURLToPath(new URL('./event-loop-guard.ts', import.meta.url)))};
      await guardEventLoop('adapter timer-looper', 200, () => new Promise(() => setImmediate(() => { for (;;); })), () => 'stalled');
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.error).toBeUndefined();
    expect(r.status === 0 && r.signal === null).toBe(false);
    expect(r.stderr).toContain('syncspec: adapter timer-looper has held the event loop for 300 ms without yielding: stopping it');
  });
});

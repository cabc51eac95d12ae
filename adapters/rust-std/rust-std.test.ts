// The Rust oracle against the channel chapter: a few examples and a property, on real
// std::sync::mpsc channels. Skipped, saying why, where cargo is absent.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkerJudge } from '../../conformance/executors/shared/checker-judge.ts';
import { runExample } from '../../conformance/executors/shared/run-example.ts';
import { runProperty } from '../../conformance/executors/shared/run-property.ts';
import { runProcess } from '../../conformance/executors/process/run-process.ts';
import { loadChannelChapter } from '../../conformance/testing/channel-chapter.ts';
import { scenarioOf } from '../../conformance/testing/test-helpers.ts';
import { oracleBinary, rustToolchain } from './build.ts';
import rustStd from './index.ts';

const tools = rustToolchain();
if (typeof tools === 'string') console.warn(`skipping the rust-std tests: ${tools}`);

describe.skipIf(typeof tools === 'string')('the Rust oracle (std::sync::mpsc)', () => {
  const judge = checkerJudge('channel');
  const chapter = loadChannelChapter();

  // The first build of a clone takes a few seconds; later runs reuse the binary.
  beforeAll(async () => {
    await oracleBinary();
  }, 300_000);

  it('is bundled with the capabilities std really has: no mpmc, no select', () => {
    expect(rustStd.executor).toBe('process');
    expect(rustStd.capabilities).toEqual(expect.arrayContaining(['unbounded', 'bounded', 'rendezvous', 'try_send', 'recv_timeout', 'iter', 'try_iter']));
    expect(rustStd.capabilities).not.toContain('mpmc');
    expect(rustStd.capabilities).not.toContain('select');
  });

  it('passes the chapter examples of the three flavours, rendezvous, disconnection, timeouts and iteration', async () => {
    for (const rule of ['CHAN-FLAVOR-1', 'CHAN-FLAVOR-3', 'CHAN-RDV-2', 'CHAN-WAKE-S', 'CHAN-TIMEOUT-3', 'CHAN-ITER-1']) {
      const example = chapter.examples.find((e) => e.rule === rule);
      expect(example, rule).toBeDefined();
      const result = await runExample({ adapter: rustStd, judge, scenario: example!.scenario, rule, schedules: 3 });
      if (result.status !== 'pass') expect.fail(`${rule}\n${result.failure.example}\n${result.failure.diagnosis}`);
    }
  });

  it('passes a property on generated scenarios', async () => {
    const property = chapter.properties.find((p) => p.rule === 'CHAN-FIFO-1')!;
    const result = await runProperty({ adapter: rustStd, judge, config: property.config, rule: 'CHAN-FIFO-1', runs: 15, seed: 11 });
    if (result.status === 'fail' || result.status === 'error') expect.fail(`${result.failure.example}\n${result.failure.diagnosis}`);
    expect(result.status).toBe('pass');
  });

  it('records a rendezvous: the sender returns only after the receive took the value', async () => {
    const scenario = scenarioOf(`
      let tx, rx = sync_channel(0)
      A: tx.send(7); drop(tx)
      then: rx.recv(); rx.recv()`);
    const run = await runProcess(scenario, rustStd, { judge });
    expect(run.verdict).toBe('ok');
    const [send, , recv, last] = run.history.ops;
    expect(recv.result).toEqual({ kind: 'Ok', value: 7 });
    expect(send.ret).toBeGreaterThan(recv.call);
    expect(last.result).toEqual({ kind: 'Disconnected' });
  });

  it('poisons a Mutex with a real panic, caught at the edge of the critical section', async () => {
    const scenario = scenarioOf(`
      let m = Mutex::new(0)
      A: g = m.lock(); g.set(1); g.panic()
      then: m.is_poisoned(); g2 = m.lock(); g2.get()`);
    const run = await runProcess(scenario, rustStd, { judge: checkerJudge('mutex') });
    expect(run.verdict).toBe('ok');
    expect(run.outcomes).toEqual([{ kind: 'Ok' }, { kind: 'Ok' }, { kind: 'Panicked' }, { kind: 'Ok', value: true }, { kind: 'Poisoned' }, { kind: 'Ok', value: 1 }]);
  });

  it('into_inner waits for the guards, not for a try_lock that got nothing (WouldBlock borrows nothing)', async () => {
    const scenario = scenarioOf(`
      let m = Mutex::new(0)
      main: g = m.lock(); g.set(3)
      A: h = m.try_lock()
      then: drop(g); m.into_inner()`);
    const run = await runProcess(scenario, rustStd, { judge: checkerJudge('mutex') });
    expect(run.verdict).toBe('ok');
    expect(run.outcomes.slice(2)).toEqual([{ kind: 'WouldBlock' }, { kind: 'Ok' }, { kind: 'Ok', value: 3 }]);
  });

  it('answers the probe: a thread blocked in a rendezvous send sleeps', async () => {
    const child = spawn(await oracleBinary(), [], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async () => JSON.parse((await lines.next()).value as string) as Record<string, any>;
    try {
      expect((await next()).hello).toMatchObject({ protocol: 1, probe: true });
      const objects = [{ kind: 'channel', name: 'c0', params: { flavor: 'rendezvous', capacity: 0, profile: 'mpsc' }, handles: { tx: 'sender', rx: 'receiver' } }];
      const run = { protocol: 1, model: 'channel', objects, prefix: [], actors: [{ name: 'A', ops: [{ id: 0, name: 'send', target: 'tx', args: [1] }] }], suffix: [], options: { seed: 1, jitterMicros: 0 } };
      child.stdin.write(`${JSON.stringify({ run })}\n`);
      expect(await next()).toEqual({ stage: 'parallel' });
      expect(await next()).toEqual({ op: 0, call: 1 });
      // The send blocks for good (nobody receives): ask until its thread is seen asleep.
      let states: Record<string, string> = {};
      for (let i = 0; i < 1000 && states.A !== 'S'; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 10));
        child.stdin.write('{"probe":{}}\n');
        states = (await next()).threads;
      }
      expect(states.A).toBe('S');
      child.stdin.write('{"end":{}}\n');
      expect(await next()).toEqual({ end: { clock: 1, pending: [0] } });
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('says plainly what std does not have', async () => {
    const scenario = scenarioOf(`
      let tx, rx = mpmc::channel()
      A: tx.send(1)`);
    const run = await runProcess(scenario, rustStd, { judge });
    expect(run.verdict).toBe('error');
    expect(run.summary).toContain('adapter rust-std');
    expect(run.summary).toContain('no mpmc');
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { numberOps } from '../../../spec/model/explore.ts';
import { loadChannelChapter } from '../../testing/channel-chapter.ts';
import { scenarioOf } from '../../testing/test-helpers.ts';
import { checkerJudge } from '../shared/checker-judge.ts';
import { executeScenario } from '../shared/execute.ts';
import { runExample } from '../shared/run-example.ts';
import { runProperty } from '../shared/run-property.ts';
import { parseChildLine } from './protocol.ts';
import { runProcess } from './run-process.ts';
import { doubleAdapter, type DoubleMode } from './test-double/double-adapter.ts';

const judge = checkerJudge('channel');
const chapter = loadChannelChapter();
const dir = mkdtempSync(path.join(tmpdir(), 'syncspec-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rendezvous = scenarioOf(`
  let tx, rx = sync_channel(0)
  main: tx2 = tx.clone()
  A: tx.send(1); drop(tx)
  B: tx2.send(2); drop(tx2)
  then: rx.recv(); rx.recv(); rx.recv()`);

/** True while a process with this pid exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The run of a double in `mode`, and whether its child is still alive afterwards. */
async function runDouble(mode: DoubleMode, options: Parameters<typeof runProcess>[2] = {}) {
  const pidfile = path.join(dir, `${mode}-${Math.random().toString(36).slice(2)}.pid`);
  const run = await runProcess(rendezvous, doubleAdapter(mode, { pidfile }), { judge, ...options });
  const pid = Number(readFileSync(pidfile, 'utf8'));
  // SIGKILL is delivered at once, but the kernel may take a moment to reap the child.
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
  return { run, childAlive: alive(pid) };
}

describe('the process executor on the correct test double', () => {
  it('records the history the child streams: op ids as numberOps numbers them, stamps from its clock, staging', async () => {
    const run = await executeScenario(rendezvous, doubleAdapter('correct'), { judge });
    expect(run.verdict).toBe('ok');
    expect(run.history.ops.map((op) => [op.id, op.actor, op.name, op.target])).toEqual(numberOps(rendezvous).map((op) => [op.id, op.actor, op.name, op.target]));
    const stamps = run.history.ops.flatMap((op) => [op.call, op.ret!]);
    expect(new Set(stamps).size).toBe(stamps.length);
    for (const op of run.history.ops) expect(op.call).toBeLessThan(op.ret!);
    const [clone, sendA, , sendB, , ...suffix] = run.history.ops;
    expect(clone.ret).toBeLessThan(Math.min(sendA.call, sendB.call));
    // Both rendezvous senders wait for main's receives: the suffix started while they were blocked.
    expect(Math.max(sendA.call, sendB.call)).toBeLessThan(suffix[0].call);
    expect(run.outcomes.at(-1)).toEqual({ kind: 'Disconnected' });
    expect(run.trace.some((e) => e.kind === 'suffix')).toBe(true);
  });

  it('tolerates lines that arrive out of stamp order: mid-run checks look at the gap-free prefix', async () => {
    for (let seed = 0; seed < 3; seed++) {
      const run = await runProcess(rendezvous, doubleAdapter('reorder'), { judge, schedule: [seed] });
      expect(run.verdict).toBe('ok');
      expect(run.outcomes.at(-1)).toEqual({ kind: 'Disconnected' });
    }
    const property = chapter.properties.find((p) => p.rule === 'CHAN-WAKE-S')!;
    const result = await runProperty({ adapter: doubleAdapter('reorder'), judge, config: property.config, runs: 8, seed: 9 });
    if (result.status === 'fail' || result.status === 'error') expect.fail(`${result.failure.example}\n${result.failure.diagnosis}`);
  });

  it('passes channel properties of the chapter', async () => {
    for (const rule of ['CHAN-FLAVOR-3', 'CHAN-FIFO-1', 'CHAN-WAKE-R']) {
      const property = chapter.properties.find((p) => p.rule === rule);
      expect(property, rule).toBeDefined();
      const result = await runProperty({ adapter: doubleAdapter('correct'), judge, config: property!.config, rule, runs: 8, seed: 3 });
      if (result.status === 'fail' || result.status === 'error') expect.fail(`${rule}\n${result.failure.example}\n${result.failure.diagnosis}`);
      expect(result.status, rule).toBe('pass');
    }
  });

  it('passes examples that block, time out and drain', async () => {
    for (const rule of ['CHAN-FLAVOR-2', 'CHAN-TIMEOUT-3', 'CHAN-DISC-2', 'CHAN-ITER-1']) {
      const example = chapter.examples.find((e) => e.rule === rule);
      expect(example, rule).toBeDefined();
      const result = await runExample({ adapter: doubleAdapter('correct'), judge, scenario: example!.scenario, rule, schedules: 3 });
      if (result.status !== 'pass') expect.fail(`${rule}\n${result.failure.example}\n${result.failure.diagnosis}`);
    }
  });
});

describe('the process executor on broken doubles', () => {
  it('a buffering rendezvous fails a property with a small counterexample', async () => {
    const property = chapter.properties.find((p) => p.rule === 'CHAN-FLAVOR-3')!;
    const result = await runProperty({ adapter: doubleAdapter('buffering-rendezvous'), judge, config: property.config, rule: 'CHAN-FLAVOR-3', runs: 30, seed: 5 });
    expect(result.status).toBe('fail');
    if (result.status !== 'fail') return;
    expect(result.failure.example).toContain('sync_channel(0)');
    expect(result.failure.run.verdict).toBe('safety');
    expect(result.failure.diagnosis).toContain('double-buffering-rendezvous');
  });

  it('a lost wakeup is a liveness failure once the deadline has passed, with the pending operation', async () => {
    const { run, childAlive } = await runDouble('lost-wakeup', { deadlineMs: 300 });
    expect(run.verdict).toBe('liveness');
    expect(run.summary).toContain('main: rx.recv() (op 7)');
    expect(run.outcomes[7]).toBe('blocks');
    expect(childAlive).toBe(false);
  });

  it('a recv_timeout that gives up before its timeout is caught by the time the child measured (its timer had not fired), and unseen when the child measures none', async () => {
    // A sender comes a moment later; recv_timeout(5000) must take its value, not time out at once.
    // The example allows Timeout: only the child's elapsed_ms rules it out.
    const late = scenarioOf(`
      let tx, rx = channel()
      A: rx.recv_timeout(5000) -> Ok(1) | Timeout
      then: tx.send(1)`);
    expect((await runExample({ adapter: doubleAdapter('correct'), judge, scenario: late, schedules: 2 })).status).toBe('pass');
    const early = await runExample({ adapter: doubleAdapter('early-timeout'), judge, scenario: late, schedules: 2 });
    expect(early.status).toBe('fail');
    if (early.status === 'fail') expect(early.failure.run.verdict).toBe('safety');
    // Without elapsed_ms the executor has nothing to go on: the early timeout passes (the documented limit, CHAN-TIMEOUT-3).
    expect((await runExample({ adapter: doubleAdapter('early-timeout', { elapsed: false }), judge, scenario: late, schedules: 2 })).status).toBe('pass');
    const timeout3 = chapter.examples.find((e) => e.rule === 'CHAN-TIMEOUT-3')!;
    expect((await runExample({ adapter: doubleAdapter('correct'), judge, scenario: timeout3.scenario, schedules: 3 })).status).toBe('pass');
  });

  it('reads elapsed_ms from a ret line when the child reports it, and a ret line without it (the early-timeout check then has nothing to go on)', () => {
    const line = '{"op":3,"ret":9,"outcome":{"kind":"Timeout"},"elapsed_ms":0.25}';
    expect(parseChildLine(line)).toEqual({ type: 'ret', op: 3, stamp: 9, outcome: { kind: 'Timeout' }, elapsedMs: 0.25 });
    expect(parseChildLine('{"op":3,"ret":9,"outcome":{"kind":"Timeout"}}')).toEqual({ type: 'ret', op: 3, stamp: 9, outcome: { kind: 'Timeout' } });
    expect(parseChildLine('{"op":3,"ret":9,"outcome":{"kind":"Timeout"},"elapsed_ms":-1}')).toContain('elapsed_ms must be a number of milliseconds');
  });

  const errors: [DoubleMode, string][] = [
    ['crash', 'process.exit exited with code 3 during the parallel stage'],
    ['garbage', 'process.stdout wrote a line that is not JSON'],
    ['early-exit', 'process.exit exited with code 0 during the prefix stage'],
    ['error', 'process reported an error: the double refuses'],
  ];
  for (const [mode, message] of errors) {
    it(`a child that does "${mode}" is an adapter error naming the adapter, and is gone afterwards`, async () => {
      const { run, childAlive } = await runDouble(mode);
      expect(run.verdict).toBe('error');
      expect(run.failure?.adapter).toBe(`double-${mode}`);
      expect(run.summary).toContain(`adapter double-${mode}`);
      expect(run.summary).toContain(message);
      expect(childAlive).toBe(false);
    });
  }

  it('a hanging child is killed by the watchdog: liveness, with its pending operations', async () => {
    const { run, childAlive } = await runDouble('hang', { budgetMs: 800 });
    expect(run.verdict).toBe('liveness');
    expect(run.watchdog?.pending).toEqual(['A: tx.send(1) (op 1)']);
    expect(childAlive).toBe(false);
  });

  it('a command that cannot start, or an unavailable implementation, is an adapter error', async () => {
    const missing = { ...doubleAdapter('correct'), name: 'nowhere', process: { command: () => ({ cmd: path.join(dir, 'no-such-binary') }) } };
    const run = await runProcess(rendezvous, missing, { judge });
    expect(run.verdict).toBe('error');
    expect(run.summary).toContain('adapter nowhere');
    const unavailable = { ...doubleAdapter('correct'), name: 'absent', process: { command: () => ({ cmd: 'true' }), available: () => 'cargo is not installed' } };
    const again = await runProcess(rendezvous, unavailable, { judge });
    expect(again.verdict).toBe('error');
    expect(again.summary).toContain('cargo is not installed');
  });
});

describe('the protocol', () => {
  it('parses the child messages and names what is wrong with anything else', () => {
    expect(parseChildLine('{"op":3,"call":7}')).toEqual({ type: 'call', op: 3, stamp: 7 });
    expect(parseChildLine('{"op":3,"ret":8,"outcome":{"kind":"Ok","value":1}}')).toEqual({ type: 'ret', op: 3, stamp: 8, outcome: { kind: 'Ok', value: 1 } });
    expect(parseChildLine('{"end":{"clock":8,"pending":[4]}}')).toEqual({ type: 'end', clock: 8, pending: [4] });
    expect(parseChildLine('{"hello":{"protocol":1,"probe":true}}')).toEqual({ type: 'hello', protocol: 1, probe: true });
    expect(parseChildLine('{"threads":{"main":"S","A":"R"}}')).toEqual({ type: 'threads', states: { main: 'S', A: 'R' } });
    expect(parseChildLine('{"threads":{"A":1}}')).toMatch(/thread names to states/);
    expect(parseChildLine('{"op":3,"call":0}')).toMatch(/positive integer stamp/);
    expect(parseChildLine('{"op":3,"ret":8}')).toMatch(/needs an outcome/);
    expect(parseChildLine('[1]')).toMatch(/not a protocol object/);
    expect(parseChildLine('{"weird":1}')).toMatch(/unknown message/);
  });
});

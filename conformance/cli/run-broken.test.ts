// Broken adapters through `syncspec run`, as a user meets them: each is reported by
// name, with the operation and the adapter method at fault, and the run goes on with
// the other rules and the other adapters.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/syncspec.js', import.meta.url));
const repo = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'syncspec-broken-'));
// A threads adapter's module is imported again in each worker: it must be an ES module.
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');

function adapterFile(name: string, body: string): string {
  const path = join(dir, `${name}.ts`);
  writeFileSync(path, body.replaceAll('REPO/', repo));
  return path;
}

const correct = adapterFile('correct', `export { promiseChannel as default } from 'REPO/conformance/testing/promise-channel-adapter.ts';\n`);
const createThrows = adapterFile('create-throws', `export { createThrows as default } from 'REPO/conformance/testing/broken-adapters.ts';\n`);
const broken = (name: string) =>
  adapterFile(name, `import { brokenAdapters } from 'REPO/conformance/testing/broken-adapters.ts';\nexport default brokenAdapters.find((b) => b.adapter.name === ${JSON.stringify(name)})!.adapter;\n`);
const neverSettles = adapterFile('never-settles', `export { realTimerPoller as default } from 'REPO/conformance/testing/stalling-adapters.ts';\n`);
const spinner = adapterFile('microtask-spinner', `export { microtaskSpinner as default } from 'REPO/conformance/testing/stalling-adapters.ts';\n`);
const crashingWorker = adapterFile(
  'crashing-worker',
  `import type { Adapter, AsyncSender, ChannelParams } from 'REPO/conformance/adapter/types.ts';
import reference from 'REPO/adapters/reference/index.ts';

// The reference adapter, except that a send ends the worker thread it runs in.
const adapter: Adapter = {
  ...reference,
  name: 'crashing-worker',
  channel: {
    ...reference.channel!,
    create: (params: ChannelParams) => {
      const { sender, receiver } = reference.channel!.create(params);
      const crashing: AsyncSender = { ...sender, send: () => process.exit(3) };
      return { sender: crashing, receiver };
    },
  },
  threads: { ...reference.threads!, module: import.meta.url },
};
export default adapter;
`,
);

interface Result {
  rule: string;
  status: string;
  message?: string;
}

function run(...args: string[]): { status: number | null; byAdapter: Map<string, Result[]>; stderr: string } {
  const r = spawnSync(process.execPath, [bin, 'run', '--seed', '3', '--runs', '10', '--reporter', 'json', ...args], { encoding: 'utf8', timeout: 180_000 });
  const report = JSON.parse(r.stdout) as { adapters: { name: string; results: Result[] }[] };
  return { status: r.status, byAdapter: new Map(report.adapters.map((a) => [a.name, a.results])), stderr: r.stderr };
}

const statuses = (results: Result[] | undefined) => Object.fromEntries((results ?? []).map((r) => [r.rule, r.status]));

describe('syncspec run on broken adapters', () => {
  it('an adapter whose create throws: every rule is an error naming it and channel.create; the next adapter still runs', () => {
    const r = run('--adapter', createThrows, '--adapter', correct, '--rules', 'CHAN-FLAVOR-1,CHAN-RECV-1');
    expect(r.status).toBe(1);
    for (const result of r.byAdapter.get('create-throws')!) {
      expect(result.status).toBe('error');
      expect(result.message).toContain('adapter create-throws: channel.create threw Error: no channels today');
    }
    expect(statuses(r.byAdapter.get('promise-channel'))).toEqual({ 'CHAN-FLAVOR-1': 'pass', 'CHAN-RECV-1': 'pass' });
  });

  it('a method that returns the wrong shape, or rejects: an error naming the adapter, the operation and the method; other rules pass', () => {
    const r = run('--adapter', broken('try-send-not-an-outcome'), '--adapter', broken('recv-rejects'), '--adapter', correct, '--rules', 'CHAN-FLAVOR-1,CHAN-BND-2,CHAN-RECV-1');
    expect(r.status).toBe(1);
    const wrongShape = r.byAdapter.get('try-send-not-an-outcome')!;
    expect(statuses(wrongShape)).toEqual({ 'CHAN-FLAVOR-1': 'pass', 'CHAN-BND-2': 'error', 'CHAN-RECV-1': 'pass' });
    expect(wrongShape[1].message).toMatch(/^adapter try-send-not-an-outcome in op \d+ \(\w+: tx\.try_send\(\d+\)\): sender\.trySend returned 42, which is not an outcome/);
    const rejects = r.byAdapter.get('recv-rejects')!;
    expect(rejects.find((x) => x.rule === 'CHAN-FLAVOR-1')).toMatchObject({ status: 'error', message: expect.stringMatching(/^adapter recv-rejects in op \d+ \(\w+: rx\.recv\(\)\): receiver\.recv rejected TypeError: stream closed/) });
    expect(statuses(r.byAdapter.get('promise-channel'))).toEqual({ 'CHAN-FLAVOR-1': 'pass', 'CHAN-BND-2': 'pass', 'CHAN-RECV-1': 'pass' });
  });

  it('a receive that never settles is seen as blocked: a liveness failure naming the adapter and the operation, and the run ends', () => {
    const r = run('--adapter', neverSettles, '--adapter', correct, '--rules', 'CHAN-RECV-1,CHAN-TRYRECV-1');
    expect(r.status).toBe(1);
    const recv = r.byAdapter.get('real-timer-poller')!.find((x) => x.rule === 'CHAN-RECV-1')!;
    expect(recv.status).toBe('fail');
    expect(recv.message).toMatch(/^adapter real-timer-poller: operations left pending that the model says must complete: \w+: rx\.recv\(\) \(op \d+\)/);
    expect(statuses(r.byAdapter.get('promise-channel'))).toEqual({ 'CHAN-RECV-1': 'pass', 'CHAN-TRYRECV-1': 'pass' });
  });

  it('an adapter that never yields the event loop: the rule fails naming it; other rules and the next adapter still run', () => {
    const r = run('--adapter', spinner, '--adapter', correct, '--rules', 'CHAN-RECV-1,CHAN-TRYRECV-1');
    expect(r.status).toBe(1);
    const recv = r.byAdapter.get('microtask-spinner')!.find((x) => x.rule === 'CHAN-RECV-1')!;
    expect(recv.status).toBe('fail');
    expect(recv.message).toMatch(/^adapter microtask-spinner held the event loop for \d+ ms without yielding/);
    // Stopped at the default 5 s for holding the loop, not at the run's 30 s budget.
    expect(recv.message).toMatch(/past its budget of 5000 ms for holding it/);
    expect(statuses(r.byAdapter.get('microtask-spinner'))['CHAN-TRYRECV-1']).toBe('pass');
    expect(statuses(r.byAdapter.get('promise-channel'))).toEqual({ 'CHAN-RECV-1': 'pass', 'CHAN-TRYRECV-1': 'pass' });
  });

  it('a threads adapter whose worker crashes: an error naming the adapter, the operation and the worker; the next adapter still runs', () => {
    const r = run('--adapter', crashingWorker, '--adapter', correct, '--rules', 'CHAN-RECV-1');
    expect(r.status).toBe(1);
    const [result] = r.byAdapter.get('crashing-worker')!;
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/^adapter crashing-worker in op \d+ \(main: tx\.send\(1\)\): the worker of main exited \(code 3\)/);
    expect(statuses(r.byAdapter.get('promise-channel'))).toEqual({ 'CHAN-RECV-1': 'pass' });
  });

  it('--liveness-ms sets how long a stress run waits for an operation the model says must complete', () => {
    const stuck = fileURLToPath(new URL('../testing/threads/stuck-receiver-unhooked.ts', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'run', '--adapter', stuck, '--rules', 'CHAN-FIFO-1', '--runs', '3', '--seed', '1', '--liveness-ms', '300', '--reporter', 'json'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(1);
    const [result] = JSON.parse(r.stdout).adapters[0].results;
    expect(result.status).toBe('fail');
    expect(result.message).toContain('(waited 300 ms)');
  });

  it('an adapter module of the wrong shape does not run at all: exit 2, naming the file and every problem', () => {
    const path = adapterFile('malformed', `export default { name: 'malformed', library: { name: 'x' }, executor: 'async', capabilities: ['send'] };\n`);
    const r = spawnSync(process.execPath, [bin, 'run', '--adapter', path], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`adapter ${path} is malformed`);
    expect(r.stderr).toContain('`library` must be { name: string, version: string }');
    expect(r.stderr).toContain('an async adapter needs at least one factory');
  });
});

// Preloaded (`node --import`) into a suite run of Stryker's dry run (rule-runner.ts): which
// mutants' code ran, in this process and in every worker thread it starts, transitively.
//
// Stryker's instrumented code counts each covered mutant into
// `globalThis.__stryker__.mutantCoverage.static[id]`. Every thread has its own globalThis,
// and the reference runs on worker threads, so a plain object would only see the main
// thread. Here that object writes a flag into one SharedArrayBuffer that every worker
// receives through the worker environment data (cloned into each new worker, nested ones
// too; a cloned SharedArrayBuffer is the same memory). The main thread writes the covered
// ids to $SYNCSPEC_COVERAGE_OUT when the process exits.
import { writeFileSync } from 'node:fs';
import { getEnvironmentData, isMainThread, setEnvironmentData } from 'node:worker_threads';

const KEY = 'syncspec:mutant-coverage';
// Mutant ids are small integers (Stryker numbers a run's mutants from 0): 1 MiB of flags is far beyond any run here.
const flags = isMainThread ? new Uint8Array(new SharedArrayBuffer(1 << 20)) : new Uint8Array(getEnvironmentData(KEY));
if (isMainThread) setEnvironmentData(KEY, flags.buffer);

const covered = new Proxy(
  {},
  {
    get: () => undefined, // the instrumented counter adds to it: a flag needs no count
    set: (_target, key) => {
      const id = Number(key);
      if (!Number.isInteger(id) || id < 0 || id >= flags.length) throw new Error(`coverage-hook: mutant id ${String(key)} out of range`);
      flags[id] = 1;
      return true;
    },
  },
);
globalThis.__stryker__ = { ...globalThis.__stryker__, mutantCoverage: { static: covered, perTest: {} } };

if (isMainThread) {
  process.on('exit', () => {
    const out = process.env.SYNCSPEC_COVERAGE_OUT;
    if (out === undefined) return;
    const ids = [];
    for (let id = 0; id < flags.length; id++) if (flags[id] === 1) ids.push(id);
    writeFileSync(out, JSON.stringify(ids));
  });
}

// The mutant on the main thread's global only (mode "global", what the vitest runner does) or in the
// environment (what the command runner does): is it active in a worker thread?
import { Worker } from 'node:worker_threads';
// mode "global": what a vitest-like runner does: the mutant on this process's global only
if (process.argv[2] === 'global' && process.env.__STRYKER_ACTIVE_MUTANT__) {
  globalThis.__stryker__ = { activeMutant: process.env.__STRYKER_ACTIVE_MUTANT__ };
  delete process.env.__STRYKER_ACTIVE_MUTANT__;
}
const { add } = await import('./lib.js');
const w = new Worker(new URL('./worker.js', import.meta.url));
w.on('message', (m) => {
  console.error(JSON.stringify({ mainSum: add(2, 3), mainGlobal: globalThis.__stryker__?.activeMutant, worker: m }));
  process.exit(m.sum === 5 ? 0 : 1);
});

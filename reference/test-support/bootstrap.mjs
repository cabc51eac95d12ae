// Worker entry for tests: load TypeScript through tsx, then the module named in
// workerData.entry. (`execArgv: ['--import', 'tsx']` does not reach a worker's entry
// module on Node 20 under vitest; registering tsx's hooks from inside the worker does.)
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);

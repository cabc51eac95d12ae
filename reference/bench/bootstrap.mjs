// Entry of a bench worker (throughput.ts): load TypeScript through tsx, optionally put
// the hook-free schedule module in place of the real one (no-hook-check/), then run
// bench.worker.ts.
import { register as registerTsx } from 'tsx/esm/api';
import { register } from 'node:module';
import { workerData } from 'node:worker_threads';

registerTsx();
if (workerData?.noHookCheck === true) register('./no-hook-check/loader.mjs', import.meta.url);
await import('./bench.worker.ts');

import { parentPort } from 'node:worker_threads';
import { add } from './lib.js';
parentPort.postMessage({ sum: add(2, 3), globalMutant: globalThis.__stryker__?.activeMutant, env: process.env.__STRYKER_ACTIVE_MUTANT__ });

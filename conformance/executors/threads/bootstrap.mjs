// Entry of a lane worker: load TypeScript through tsx (the engine and a user's adapter
// may be .ts), then the worker itself. Registering tsx's hooks from inside the worker is
// what works on Node 20 (execArgv does not reach a worker's entry module under vitest).
import { register } from 'tsx/esm/api';

register();
await import('./lane-worker.ts');

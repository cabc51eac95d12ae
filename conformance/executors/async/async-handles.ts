// The handles of one run on the async executor and the dispatch of every operation onto
// the async adapter API live in handles/ (one module per primitive); this module keeps
// the name existing imports use.
export { AsyncHandles, type Invocation } from './handles/index.ts';

// A test actor: a worker that runs, on request, one of the scenario functions of
// actors.ts and reports events and the result to the test (harness.ts).

import { parentPort } from 'node:worker_threads';
import * as actors from './actors.ts';

type Fn = (ctx: actors.ActorContext, ...args: unknown[]) => unknown;

const port = parentPort!;

port.on('message', async (m: { id: number; fn: string; args: unknown[] }) => {
  const fn = (actors as unknown as Record<string, Fn>)[m.fn];
  const ctx: actors.ActorContext = { emit: (event, data) => port.postMessage({ id: m.id, event, data }) };
  try {
    if (typeof fn !== 'function') throw new Error(`no actor function ${m.fn}`);
    const result = await fn(ctx, ...m.args);
    port.postMessage({ id: m.id, done: true, result });
  } catch (e) {
    port.postMessage({ id: m.id, error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e) });
  }
});

port.postMessage({ ready: true });

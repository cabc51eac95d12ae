// A test actor: a worker that runs, on request, one of the scenario functions of
// actors.ts (channels) or sync-actors.ts (sync primitives) and reports events and the
// result to the test (harness.ts).

import { parentPort } from 'node:worker_threads';
import * as channelActors from './actors.ts';
import * as syncActors from './sync-actors.ts';

const actors = { ...channelActors, ...syncActors };

type Fn = (ctx: channelActors.ActorContext, ...args: unknown[]) => unknown;

const port = parentPort!;

port.on('message', async (m: { id: number; fn: string; args: unknown[] }) => {
  const fn = (actors as unknown as Record<string, Fn>)[m.fn];
  const ctx: channelActors.ActorContext = { emit: (event, data) => port.postMessage({ id: m.id, event, data }) };
  try {
    if (typeof fn !== 'function') throw new Error(`no actor function ${m.fn}`);
    const result = await fn(ctx, ...m.args);
    port.postMessage({ id: m.id, done: true, result });
  } catch (e) {
    port.postMessage({ id: m.id, error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack}` : String(e) });
  }
});

port.postMessage({ ready: true });

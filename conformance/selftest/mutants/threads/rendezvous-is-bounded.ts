// A threads mutant of the bundled reference adapter: sync_channel(0) creates a bounded(1)
// channel, so a send returns before a receive took its value. Loaded by path, as a user's
// adapter; each worker of the threads executors imports this module (`threads.module`).
import type { Adapter } from '../../../adapter/types.ts';
import reference from '../../../../adapters/reference/index.ts';

const adapter: Adapter = {
  ...reference,
  name: 'threads-rendezvous-is-bounded',
  notes: 'mutant: sync_channel(0) is a bounded(1) channel',
  channel: {
    ...reference.channel!,
    create: (params) => reference.channel!.create(params.flavor === 'rendezvous' ? { ...params, flavor: 'bounded', capacity: 1 } : params),
  },
  threads: { ...reference.threads!, module: import.meta.url },
};

export default adapter;

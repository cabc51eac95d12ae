// A threads mutant of the bundled reference adapter: sync_channel(n) holds n + 1 values.
// Loaded by path, as a user's adapter; each worker imports this module (`threads.module`).
import type { Adapter } from '../../../adapter/types.ts';
import reference from '../../../../adapters/reference/index.ts';

const adapter: Adapter = {
  ...reference,
  name: 'threads-capacity-plus-one',
  notes: 'mutant: sync_channel(n) holds n + 1 values',
  channel: {
    ...reference.channel!,
    create: (params) => reference.channel!.create(params.flavor === 'bounded' ? { ...params, capacity: (params.capacity ?? 0) + 1 } : params),
  },
  threads: { ...reference.threads!, module: import.meta.url },
};

export default adapter;

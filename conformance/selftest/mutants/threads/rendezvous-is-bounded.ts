// A threads mutant of the bundled reference adapter: sync_channel(0) creates a bounded(1)
// channel, so a send returns before a receive took its value. Loaded by path, as a user's
// adapter; each worker of the threads executors imports this module (`threads.module`).
import { wrapReference } from '../../../testing/threads/wrap-reference.ts';

export default wrapReference('threads-rendezvous-is-bounded', import.meta.url, {
  notes: 'mutant: sync_channel(0) is a bounded(1) channel',
  params: (p) => (p.flavor === 'rendezvous' ? { ...p, flavor: 'bounded', capacity: 1 } : p),
});

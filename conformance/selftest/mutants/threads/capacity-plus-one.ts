// A threads mutant of the bundled reference adapter: sync_channel(n) holds n + 1 values.
// Loaded by path, as a user's adapter; each worker imports this module (`threads.module`).
import { wrapReference } from '../../../testing/threads/wrap-reference.ts';

export default wrapReference('threads-capacity-plus-one', import.meta.url, {
  notes: 'mutant: sync_channel(n) holds n + 1 values',
  params: (p) => (p.flavor === 'bounded' ? { ...p, capacity: (p.capacity ?? 0) + 1 } : p),
});

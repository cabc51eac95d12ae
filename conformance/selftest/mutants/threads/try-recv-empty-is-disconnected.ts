// A threads mutant of the bundled reference adapter: try_recv on an empty channel says
// Disconnected although a sender lives. Loaded by path, as a user's adapter.
import { emptyAs, overriding, wrapReference } from '../../../testing/threads/wrap-reference.ts';

export default wrapReference('threads-try-recv-empty-is-disconnected', import.meta.url, {
  notes: 'mutant: try_recv says Disconnected on an empty channel',
  receiver: (r) => overriding(r, { tryRecv: emptyAs(r, 'Disconnected') }),
});

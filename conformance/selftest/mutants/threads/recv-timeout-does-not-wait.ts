// A threads mutant of the bundled reference adapter: recv_timeout on an empty channel
// says Timeout at once instead of waiting its timeout out. Loaded by path, as a user's adapter.
import { emptyAs, overriding, wrapReference } from '../../../testing/threads/wrap-reference.ts';

export default wrapReference('threads-recv-timeout-does-not-wait', import.meta.url, {
  notes: 'mutant: recv_timeout on an empty channel gives up at once',
  receiver: (r) => overriding(r, { recvTimeout: emptyAs(r, 'Timeout') }),
});

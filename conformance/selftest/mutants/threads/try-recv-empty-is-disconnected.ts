// A threads mutant of the bundled reference adapter: try_recv on an empty channel says
// Disconnected although a sender lives. Loaded by path, as a user's adapter.
import { receiverMutant } from './receiver-mutant.ts';

export default receiverMutant('threads-try-recv-empty-is-disconnected', 'mutant: try_recv says Disconnected on an empty channel', import.meta.url, (r) => {
  const tryRecv = r.tryRecv!.bind(r);
  r.tryRecv = () => {
    const got = tryRecv();
    return got.kind === 'Empty' ? { kind: 'Disconnected' } : got;
  };
});

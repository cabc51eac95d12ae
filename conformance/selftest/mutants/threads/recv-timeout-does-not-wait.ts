// A threads mutant of the bundled reference adapter: recv_timeout on an empty channel
// says Timeout at once instead of waiting its timeout out. Loaded by path, as a user's adapter.
import { receiverMutant } from './receiver-mutant.ts';

export default receiverMutant('threads-recv-timeout-does-not-wait', 'mutant: recv_timeout on an empty channel gives up at once', import.meta.url, (r) => {
  const tryRecv = r.tryRecv!.bind(r);
  r.recvTimeout = () => {
    const got = tryRecv();
    return got.kind === 'Empty' ? { kind: 'Timeout' } : got;
  };
});

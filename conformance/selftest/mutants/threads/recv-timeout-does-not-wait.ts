// A threads mutant of the bundled reference adapter: recv_timeout on an empty channel
// says Timeout at once instead of waiting its timeout out. Loaded by path, as a user's
// adapter; each worker imports this module (`threads.module`), and every receiver handle
// it makes or adopts is patched.
import type { Adapter, AsyncReceiver } from '../../../adapter/types.ts';
import reference from '../../../../adapters/reference/index.ts';

function patch<R>(receiver: R): R {
  const r = receiver as AsyncReceiver;
  const tryRecv = r.tryRecv!.bind(r);
  const clone = r.clone!.bind(r);
  r.recvTimeout = () => {
    const got = tryRecv();
    return got.kind === 'Empty' ? { kind: 'Timeout' } : got;
  };
  r.clone = () => patch(clone());
  return receiver;
}

const adapter: Adapter = {
  ...reference,
  name: 'threads-recv-timeout-does-not-wait',
  notes: 'mutant: recv_timeout on an empty channel gives up at once',
  channel: {
    ...reference.channel!,
    create: (params) => {
      const { sender, receiver } = reference.channel!.create(params);
      return { sender, receiver: patch(receiver) };
    },
  },
  threads: {
    ...reference.threads!,
    module: import.meta.url,
    adopt: (descriptor, role) => {
      const handle = reference.threads!.adopt(descriptor, role);
      return role === 'receiver' ? patch(handle) : handle;
    },
  },
};

export default adapter;

// A threads mutant of the bundled reference adapter whose receivers misbehave: every
// receiver handle a worker makes, adopts or clones gets `change` applied. The mutant's
// module passes its own URL, so each worker imports the mutant, not the reference.
import type { Adapter, AsyncReceiver } from '../../../adapter/types.ts';
import reference from '../../../../adapters/reference/index.ts';

export function receiverMutant(name: string, notes: string, module: string, change: (receiver: AsyncReceiver) => void): Adapter {
  const patch = <R>(receiver: R): R => {
    const r = receiver as AsyncReceiver;
    const clone = r.clone!.bind(r);
    change(r);
    r.clone = () => patch(clone());
    return receiver;
  };
  return {
    ...reference,
    name,
    notes,
    channel: {
      ...reference.channel!,
      create: (params) => {
        const { sender, receiver } = reference.channel!.create(params);
        return { sender, receiver: patch(receiver) };
      },
    },
    threads: {
      ...reference.threads!,
      module,
      adopt: (descriptor, role) => {
        const handle = reference.threads!.adopt(descriptor, role);
        return role === 'receiver' ? patch(handle) : handle;
      },
    },
  };
}

// Right, and telling: the reference, with every handle transfer and adoption appended (one
// line: its role, `transfer sender` or `adopt receiver`) to the file named by SYNCSPEC_TRANSFER_LOG, from
// whichever worker it happens in, so a test can see the order in which handles travel.
import { appendFileSync } from 'node:fs';
import reference from '../../../adapters/reference/index.ts';
import type { Adapter } from '../../adapter/types.ts';

const threads = reference.threads!;
const log = (line: string) => {
  const file = process.env.SYNCSPEC_TRANSFER_LOG;
  if (file !== undefined) appendFileSync(file, `${line}\n`);
};

const adapter: Adapter = {
  ...reference,
  name: 'logging-transfers',
  threads: {
    ...threads,
    module: import.meta.url,
    transfer: (handle, role, mode) => (log(`transfer ${role}`), threads.transfer(handle, role, mode)),
    adopt: (descriptor, role) => (log(`adopt ${role}`), threads.adopt(descriptor, role)),
  },
};
export default adapter;

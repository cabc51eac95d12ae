// Right, and telling: the reference, with every handle transfer and adoption, and every
// send, appended (one line: the worker's threadId, then `transfer sender`, `adopt receiver`
// or `send`) to the file named by SYNCSPEC_TRANSFER_LOG, from whichever worker it happens
// in, so a test can see the order in which handles travel.
import { appendFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { overriding, wrapReference } from './wrap-reference.ts';

const log = (line: string) => {
  const file = process.env.SYNCSPEC_TRANSFER_LOG;
  if (file !== undefined) appendFileSync(file, `${threadId} ${line}\n`);
};

export default wrapReference('logging-transfers', import.meta.url, {
  onTransfer: (role) => log(`transfer ${role}`),
  onAdopt: (role) => log(`adopt ${role}`),
  sender: (sender) =>
    overriding(sender, {
      send: (...args: Parameters<typeof sender.send>) => {
        log('send');
        return sender.send(...args);
      },
    }),
});

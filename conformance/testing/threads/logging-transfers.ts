// Right, and telling: the reference, with every handle transfer and adoption appended (one
// line: its role, `transfer sender` or `adopt receiver`) to the file named by SYNCSPEC_TRANSFER_LOG, from
// whichever worker it happens in, so a test can see the order in which handles travel.
import { appendFileSync } from 'node:fs';
import { wrapReference } from './wrap-reference.ts';

const log = (line: string) => {
  const file = process.env.SYNCSPEC_TRANSFER_LOG;
  if (file !== undefined) appendFileSync(file, `${line}\n`);
};

export default wrapReference('logging-transfers', import.meta.url, {
  onTransfer: (role) => log(`transfer ${role}`),
  onAdopt: (role) => log(`adopt ${role}`),
});

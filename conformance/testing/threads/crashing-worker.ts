// Broken: the worker exits in the middle of a send.
import { overriding, wrapReference } from './wrap-reference.ts';

export default wrapReference('crashing-worker', import.meta.url, {
  sender: (s) => overriding(s, { send: () => process.exit(3) }),
});

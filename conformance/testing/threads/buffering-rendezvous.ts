// Wrong: a rendezvous channel (capacity 0) is really bounded(1), so a send returns before
// any receive took its value.
import { wrapReference } from './wrap-reference.ts';

export default wrapReference('buffering-rendezvous', import.meta.url, {
  params: (p) => (p.flavor === 'rendezvous' ? { ...p, flavor: 'bounded', capacity: 1 } : p),
});

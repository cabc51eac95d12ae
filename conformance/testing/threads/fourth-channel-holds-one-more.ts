// Wrong, now and then: every fourth bounded channel a worker creates holds one value more
// than its capacity. In a stress run of several copies of one scenario only the fourth
// copy's channel is wrong, so the run must report that copy, not the first.
import { wrapReference } from './wrap-reference.ts';

let bounded = 0;

export default wrapReference('fourth-channel-holds-one-more', import.meta.url, {
  params: (p) => (p.flavor === 'bounded' && ++bounded % 4 === 0 ? { ...p, capacity: p.capacity! + 1 } : p),
});

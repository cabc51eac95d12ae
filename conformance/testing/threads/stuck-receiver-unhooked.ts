// Wrong: the stuck receive of stuck-receiver.ts, on an adapter without schedule points,
// so that it runs under stress only and its liveness failure takes the real deadline.
import stuck from './stuck-receiver.ts';

const { scheduleHooks: _controlledOnly, ...threads } = stuck.threads!;

export default { ...stuck, name: 'stuck-receiver-unhooked', threads: { ...threads, module: import.meta.url } };

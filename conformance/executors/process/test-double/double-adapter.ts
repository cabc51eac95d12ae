// Adapters for the protocol test double (double.mjs), one per mode: the correct channel,
// its deliberately broken variants, and children that crash, write garbage or hang.
import { fileURLToPath } from 'node:url';
import type { Adapter } from '../../../adapter/types.ts';

export type DoubleMode = 'correct' | 'reorder' | 'buffering-rendezvous' | 'lost-wakeup' | 'early-timeout' | 'crash' | 'garbage' | 'early-exit' | 'hang' | 'error';

export const DOUBLE_SCRIPT = fileURLToPath(new URL('./double.mjs', import.meta.url));

/** `elapsed: false`: the child reports no elapsed_ms on its ret lines. */
export function doubleAdapter(mode: DoubleMode, options: { pidfile?: string; elapsed?: boolean } = {}): Adapter {
  return {
    name: `double-${mode}${options.elapsed === false ? '-no-elapsed' : ''}`,
    library: { name: 'syncspec process test double', version: '1' },
    executor: 'process',
    capabilities: ['unbounded', 'bounded', 'rendezvous', 'send', 'try_send', 'recv', 'try_recv', 'recv_timeout', 'clone', 'disconnect', 'iter', 'try_iter'],
    process: {
      command: () => ({ cmd: process.execPath, args: [DOUBLE_SCRIPT, '--mode', mode, ...(options.pidfile === undefined ? [] : ['--pidfile', options.pidfile]), ...(options.elapsed === false ? ['--no-elapsed'] : [])] }),
    },
  };
}

// Waking the other side after a commit, when its waiting counter said someone waits.

import { lock, unlock } from '../../runtime/lock.ts';
import type { ChannelCore } from '../core.ts';
import { STATE_LOCK } from '../layout.ts';
import { wakeOne } from '../waiters.ts';

export function wakeOneReceiver(core: ChannelCore): void {
  lock(core.ctl, STATE_LOCK, core.me, 'wake-receiver');
  try {
    wakeOne(core.recv, core.registry);
  } finally {
    unlock(core.ctl, STATE_LOCK, 'wake-receiver');
  }
}

export function wakeOneSender(core: ChannelCore): void {
  lock(core.ctl, STATE_LOCK, core.me, 'wake-sender');
  try {
    wakeOne(core.send, core.registry);
  } finally {
    unlock(core.ctl, STATE_LOCK, 'wake-sender');
  }
}

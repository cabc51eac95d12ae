// What each flavor provides to the generic operations (ops.ts): non-blocking attempts,
// readiness probes used after a waiter registered itself, and the two disconnection
// actions. Blocking, waiting and select are flavor-independent and live in ops.ts.

import type { Image } from '../codec.ts';
import type { ChannelCore } from '../core.ts';

/**
 * 'gone': like 'closed' (no receiver left), but the value had been committed and the
 * channel already destroyed it (flavors/exclusive.ts): the caller must not free it again.
 */
export type SendTry = 'ok' | 'full' | 'closed' | 'gone';
export type RecvTry = 'ok' | 'empty' | 'disconnected';

export interface FlavorImpl {
  /**
   * Tries to send an encoded value. 'closed' when no receiver is left (checked first:
   * Disconnected wins over Full, CHAN-BND-3). On 'ok' the image's payload now belongs
   * to the channel; otherwise it is still the caller's.
   */
  trySend(core: ChannelCore, img: Image): SendTry;
  /**
   * Tries to receive into `img`. 'disconnected' only when nothing is buffered and no
   * sender is left (buffered values drain first, CHAN-DRAIN-1).
   */
  tryRecv(core: ChannelCore, img: Image): RecvTry;
  /** Would a receive make progress now (a value, or disconnection)? Consumes nothing. */
  recvReady(core: ChannelCore): boolean;
  /** Would a send make progress now (room, or no receiver left)? */
  sendReady(core: ChannelCore): boolean;
  /**
   * The last receiver is gone (caller holds STATE_LOCK): stop every later send from
   * committing, then destroy the buffered values (CHAN-DROP-1).
   */
  closeReceiving(core: ChannelCore): void;
}

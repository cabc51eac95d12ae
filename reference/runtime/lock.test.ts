// The mutex's handling of a dead owner, and the registry's notion of liveness.

import { describe, expect, it } from 'vitest';
import { CLOSED, closeLock, lock, unlock } from './lock.ts';
import { MAX_THREADS, tokenOf } from './registry.ts';
import { currentThread } from './thread.ts';

describe('lock', () => {
  it('locks and unlocks, recording the owner', () => {
    const me = currentThread();
    const w = new Int32Array(new SharedArrayBuffer(4));
    expect(lock(w, 0, me, 't')).toBe('ok');
    expect(w[0]).toBe(me.token);
    unlock(w, 0, 't');
    expect(w[0]).toBe(0);
  });

  it('steals a lock whose owner is dead (a slot no live thread occupies)', () => {
    const me = currentThread();
    const w = new Int32Array(new SharedArrayBuffer(4));
    w[0] = tokenOf(MAX_THREADS - 1, 7); // an incarnation that is not alive
    expect(lock(w, 0, me, 't')).toBe('ok');
    expect(w[0] & 0x3fffffff).toBe(me.token);
    unlock(w, 0, 't');
  });

  it('a closed lock stays closed', () => {
    const me = currentThread();
    const w = new Int32Array(new SharedArrayBuffer(4));
    lock(w, 0, me, 't');
    closeLock(w, 0, 't');
    expect(w[0]).toBe(CLOSED);
    expect(lock(w, 0, me, 't')).toBe('closed');
  });
});

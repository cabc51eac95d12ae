// The views of a heap buffer stay whole while another thread grows the spill arena.
import { describe, expect, it } from 'vitest';
import { growSharedArrayBuffer, growableSharedArrayBuffer } from '../runtime/es2024.ts';
import { BlockMap } from './blocks.ts';

const CHUNK = 64 * 1024;

describe('BlockMap', () => {
  it('gives views that cover the whole spill arena, even when it grows while they are made', () => {
    const sab = growableSharedArrayBuffer(CHUNK, 16 * CHUNK);
    const map = new BlockMap(`syncspec:blocks-test:${process.pid}`, [[1, sab]], () => false);
    try {
      growSharedArrayBuffer(sab, 2 * CHUNK);
      // Another thread grows the arena again just after this thread first reads its
      // length to rebuild its (now stale) views.
      const real = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(sab), 'byteLength')!.get!;
      let reads = 0;
      Object.defineProperty(sab, 'byteLength', {
        configurable: true,
        get() {
          const n = real.call(sab) as number;
          if (++reads === 2) growSharedArrayBuffer(sab, 3 * CHUNK);
          return n;
        },
      });
      map.get(1);
      const v = map.get(1);
      const last = (3 * CHUNK) / 4 - 1;
      expect(Atomics.load(v.i32, last)).toBe(0);
      expect(v.big.length).toBe((3 * CHUNK) / 8);
      expect(v.u8.length).toBe(3 * CHUNK);
    } finally {
      map.close();
    }
  });
});

// Values in shared memory.
//
// Every value travels as a 4-word image — [tag, aux, p0, p1] — that fits a ring slot,
// a segment slot or a rendezvous packet. Numbers (as float64, so -0 and NaN survive),
// booleans, null, undefined and strings of up to 8 Latin-1 characters live entirely in
// the image. Longer strings are copied into the channel's heap as Latin-1 or UTF-16
// bytes (Buffer's native encoders: no serializer). Plain objects and arrays of such
// values use a compact encoding (plain.ts). Anything else is structured-cloned with
// v8.serialize into the heap; the image then holds the buffer id and offset.
// perf-anchors.md: v8.serialize costs ~3.8 µs per small object, which is why the common
// cases never reach it.
//
// Ownership: a heap payload belongs to the image. The receiver frees it right after
// decoding; a sender whose send fails frees it and returns the original value.

import { deserialize, serialize } from 'node:v8';
import type { Heap } from './heap.ts';
import { copyPlainTo, decodePlain, encodePlainScratch } from './plain.ts';

export const T_EMPTY = 0;
export const T_UNDEFINED = 1;
export const T_NULL = 2;
export const T_FALSE = 3;
export const T_TRUE = 4;
export const T_NUMBER = 5;
export const T_STR_INLINE = 6; // aux = length (<= 8), chars in p0/p1
export const T_STR_LATIN1 = 7; // aux = byte length, p0 = buffer id, p1 = offset
export const T_STR_UTF16 = 8; // aux = byte length, p0 = buffer id, p1 = offset
export const T_SERIALIZED = 9; // aux = byte length, p0 = buffer id, p1 = offset
export const T_PLAIN = 10; // plain data (plain.ts); aux = byte length, p0 = buffer id, p1 = offset

export class Image {
  tag = T_EMPTY;
  aux = 0;
  p0 = 0;
  p1 = 0;

  /** Does the image own a heap allocation? */
  get onHeap(): boolean {
    return this.tag >= T_STR_LATIN1;
  }

  copyFrom(o: Image): void {
    this.tag = o.tag;
    this.aux = o.aux;
    this.p0 = o.p0;
    this.p1 = o.p1;
  }
}

const f64 = new Float64Array(1);
const f64words = new Int32Array(f64.buffer);
const NON_LATIN1 = /[^\u0000-\u00ff]/;

/** Encodes `value` into `img`, allocating in `heap` if needed. Throws (before any effect) on non-cloneable values. */
export function encode(value: unknown, heap: Heap, img: Image): void {
  switch (typeof value) {
    case 'number':
      f64[0] = value;
      img.tag = T_NUMBER;
      img.aux = 0;
      img.p0 = f64words[0];
      img.p1 = f64words[1];
      return;
    case 'boolean':
      img.tag = value ? T_TRUE : T_FALSE;
      return;
    case 'undefined':
      img.tag = T_UNDEFINED;
      return;
    case 'string':
      encodeString(value, heap, img);
      return;
    default:
      if (value === null) {
        img.tag = T_NULL;
        return;
      }
      {
        const n = encodePlainScratch(value);
        if (n >= 0) encodePlainBytes(n, heap, img);
        else encodeBytes(serialize(value), T_SERIALIZED, heap, img);
      }
  }
}

function encodeString(s: string, heap: Heap, img: Image): void {
  const n = s.length;
  const latin1 = !NON_LATIN1.test(s);
  if (latin1 && n <= 8) {
    let p0 = 0;
    let p1 = 0;
    for (let i = 0; i < n; i++) {
      const ch = s.charCodeAt(i);
      if (i < 4) p0 |= ch << (8 * i);
      else p1 |= ch << (8 * (i - 4));
    }
    img.tag = T_STR_INLINE;
    img.aux = n;
    img.p0 = p0;
    img.p1 = p1;
    return;
  }
  const bytes = latin1 ? n : 2 * n;
  const v = heap.alloc(bytes);
  const off = heap.lastOffset;
  v.buf.write(s, off, bytes, latin1 ? 'latin1' : 'utf16le');
  img.tag = latin1 ? T_STR_LATIN1 : T_STR_UTF16;
  img.aux = bytes;
  img.p0 = v.id;
  img.p1 = off;
}

/** Plain data left in plain.ts's scratch buffer: copied into the heap a word at a time. */
function encodePlainBytes(n: number, heap: Heap, img: Image): void {
  const v = heap.alloc(n);
  const off = heap.lastOffset;
  copyPlainTo(v.i32, off, n);
  img.tag = T_PLAIN;
  img.aux = n;
  img.p0 = v.id;
  img.p1 = off;
}

function encodeBytes(bytes: Uint8Array, tag: number, heap: Heap, img: Image): void {
  const v = heap.alloc(bytes.byteLength);
  const off = heap.lastOffset;
  v.u8.set(bytes, off);
  img.tag = tag;
  img.aux = bytes.byteLength;
  img.p0 = v.id;
  img.p1 = off;
}

/** Plain stores: the slot is published afterwards by an atomic commit of the caller. */
export function writeImage(i32: Int32Array, at: number, img: Image): void {
  i32[at] = img.tag;
  i32[at + 1] = img.aux;
  i32[at + 2] = img.p0;
  i32[at + 3] = img.p1;
}

export function readImage(i32: Int32Array, at: number, img: Image): void {
  img.tag = i32[at];
  img.aux = i32[at + 1];
  img.p0 = i32[at + 2];
  img.p1 = i32[at + 3];
}

/** Decodes an image and frees its heap payload: the value now belongs to the caller. */
export function decode(img: Image, heap: Heap | null): unknown {
  switch (img.tag) {
    case T_NUMBER:
      f64words[0] = img.p0;
      f64words[1] = img.p1;
      return f64[0];
    case T_TRUE:
      return true;
    case T_FALSE:
      return false;
    case T_NULL:
      return null;
    case T_UNDEFINED:
      return undefined;
    case T_STR_INLINE: {
      const n = img.aux;
      let s = '';
      for (let i = 0; i < n; i++) s += String.fromCharCode(((i < 4 ? img.p0 : img.p1) >>> (8 * (i & 3))) & 0xff);
      return s;
    }
    case T_STR_LATIN1:
    case T_STR_UTF16: {
      const v = heap!.views(img.p0);
      const s = v.buf.toString(img.tag === T_STR_LATIN1 ? 'latin1' : 'utf16le', img.p1, img.p1 + img.aux);
      heap!.free(img.p0, img.p1);
      return s;
    }
    case T_PLAIN: {
      const v = heap!.views(img.p0);
      const value = decodePlain(v.buf, v.dv, img.p1);
      heap!.free(img.p0, img.p1);
      return value;
    }
    case T_SERIALIZED: {
      const v = heap!.views(img.p0);
      // Copy out first: a deserialized typed array could otherwise alias shared memory
      // that is about to be reused.
      const copy = Buffer.allocUnsafe(img.aux);
      v.buf.copy(copy, 0, img.p1, img.p1 + img.aux);
      heap!.free(img.p0, img.p1);
      return deserialize(copy);
    }
    default:
      throw new Error(`syncspec internal error: bad value tag ${img.tag}`);
  }
}

/** Frees an image's heap payload without decoding (a failed send, a dropped buffered value). */
export function discard(img: Image, heap: Heap | null): void {
  if (img.onHeap) heap!.free(img.p0, img.p1);
  img.tag = T_EMPTY;
}

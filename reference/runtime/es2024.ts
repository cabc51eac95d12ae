// Node 20 has growable SharedArrayBuffers and Atomics.waitAsync, but the project's
// TypeScript lib is ES2023: these are the typed doors to them.

type GrowableCtor = new (length: number, options: { maxByteLength: number }) => SharedArrayBuffer;

export function growableSharedArrayBuffer(length: number, maxByteLength: number): SharedArrayBuffer {
  return new (SharedArrayBuffer as unknown as GrowableCtor)(length, { maxByteLength });
}

export function growSharedArrayBuffer(sab: SharedArrayBuffer, length: number): void {
  (sab as unknown as { grow(n: number): void }).grow(length);
}

export type WaitAsyncResult = { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };

export function waitAsync(array: Int32Array, index: number, value: number, timeout?: number): WaitAsyncResult {
  return (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, t?: number): WaitAsyncResult }).waitAsync(array, index, value, timeout);
}

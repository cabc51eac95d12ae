// The schedule hooks with their check compiled out, for `syncspec bench` only: the
// same module as ../../schedule/hooks.ts, except that schedulePoint is empty and park,
// unpark and isControlled are the plain Atomics calls (no `installed !== null` test).
// A bench worker started with `noHookCheck` loads the reference with this module in
// place of the real one (loader.mjs), so the bench can set the reference as shipped
// beside a build without the hook check, in the same run.

export * from '../../schedule/hooks.ts';
import type { ParkResult } from '../../schedule/hooks.ts';

/** Lets a bench worker confirm that it runs this build (the real module has no such export). */
export const hookCheckCompiledOut = true;

export function schedulePoint(_label: string): void {}

export function park(array: Int32Array, index: number, expected: number, timeoutMs: number): ParkResult {
  return Atomics.wait(array, index, expected, timeoutMs);
}

export function unpark(array: Int32Array, index: number, count = Infinity): number {
  return Atomics.notify(array, index, count);
}

export function isControlled(): boolean {
  return false;
}

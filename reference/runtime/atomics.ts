// Labelled shared-memory steps. Every atomic access of the reference goes through one
// of these, so that a controlled run (schedule/hooks.ts) gets a schedule point before
// each step and can interleave workers at exactly these places. Outside controlled runs
// `schedulePoint` is one null check and these small functions are inlined by V8.

import { schedulePoint } from '../schedule/hooks.ts';

export function load(a: Int32Array, i: number, label: string): number {
  schedulePoint(label);
  return Atomics.load(a, i);
}

export function store(a: Int32Array, i: number, v: number, label: string): number {
  schedulePoint(label);
  return Atomics.store(a, i, v);
}

export function cas(a: Int32Array, i: number, expected: number, replacement: number, label: string): number {
  schedulePoint(label);
  return Atomics.compareExchange(a, i, expected, replacement);
}

export function add(a: Int32Array, i: number, v: number, label: string): number {
  schedulePoint(label);
  return Atomics.add(a, i, v);
}

export function sub(a: Int32Array, i: number, v: number, label: string): number {
  schedulePoint(label);
  return Atomics.sub(a, i, v);
}

export function or(a: Int32Array, i: number, v: number, label: string): number {
  schedulePoint(label);
  return Atomics.or(a, i, v);
}

export function exchange(a: Int32Array, i: number, v: number, label: string): number {
  schedulePoint(label);
  return Atomics.exchange(a, i, v);
}

export function loadBig(a: BigInt64Array, i: number, label: string): bigint {
  schedulePoint(label);
  return Atomics.load(a, i);
}

export function storeBig(a: BigInt64Array, i: number, v: bigint, label: string): bigint {
  schedulePoint(label);
  return Atomics.store(a, i, v);
}

// The adapters that ship with syncspec, by name. Each entry loads lazily, so one
// library's absence or failure does not stop the others.
import type { Adapter } from '../conformance/adapter/types.ts';

export const bundledAdapters: { readonly [name: string]: () => Promise<{ default: Adapter }> } = {
  reference: () => import('./reference/index.ts'),
  'reference-async': () => import('./reference-async/index.ts'),
  'rust-std': () => import('./rust-std/index.ts'),
  'ts-chan': () => import('./ts-chan/index.ts'),
  'async-channel': () => import('./async-channel/index.ts'),
  'it-pushable': () => import('./it-pushable/index.ts'),
  repeater: () => import('./repeater/index.ts'),
  queueable: () => import('./queueable/index.ts'),
  medium: () => import('./medium/index.ts'),
  chan: () => import('./chan/index.ts'),
  'js-csp': () => import('./js-csp/index.ts'),
  'thi.ng-csp': () => import('./thi.ng-csp/index.ts'),
  'esfx-queue': () => import('./esfx-queue/index.ts'),
  'async-mutex': () => import('./async-mutex/index.ts'),
  'await-lock': () => import('./await-lock/index.ts'),
  'esfx-sync': () => import('./esfx-sync/index.ts'),
  'message-channel': () => import('./message-channel/index.ts'),
  'whatwg-streams': () => import('./whatwg-streams/index.ts'),
  effect: () => import('./effect/index.ts'),
  'effect-v3': () => import('./effect-v3/index.ts'),
};

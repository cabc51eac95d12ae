// The adapters that ship with syncspec, by name. Each entry loads lazily, so one
// library's absence or failure does not stop the others.
import type { Adapter } from '../conformance/adapter/types.ts';

export const bundledAdapters: { readonly [name: string]: () => Promise<{ default: Adapter }> } = {
  reference: () => import('./reference/index.ts'),
  'rust-std': () => import('./rust-std/index.ts'),
};

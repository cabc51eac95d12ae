// The channel chapter alone, validated by the toolchain: the engine's tests run its
// examples and properties without depending on the state of the other chapters.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpec } from '../../spec/index.ts';
import type { Spec } from '../../spec/index.ts';

export const CHANNEL_CHAPTER = fileURLToPath(new URL('../../spec/channels.md', import.meta.url));

export function loadChannelChapter(): Spec {
  const dir = mkdtempSync(path.join(tmpdir(), 'syncspec-channels-'));
  try {
    copyFileSync(CHANNEL_CHAPTER, path.join(dir, 'channels.md'));
    const loaded = loadSpec({ dir, typecheck: false });
    if (!loaded.ok) throw new Error(`spec/channels.md does not load:\n${loaded.errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n')}`);
    return loaded.spec;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

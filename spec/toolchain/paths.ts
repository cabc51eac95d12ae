// Where things are, resolved from this module's own location so that the toolchain
// works the same from the repo and from node_modules/syncspec.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repo's (or installed package's) `spec/` directory. */
export const DEFAULT_SPEC_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The directory holding `package.json` and `tsconfig.json`. */
export const PACKAGE_ROOT = path.dirname(DEFAULT_SPEC_DIR);

/** Tangled models of the spec in `specDir`. */
export function generatedDir(specDir: string): string {
  return path.join(specDir, 'generated');
}

export function generatedModelPath(specDir: string, chapterId: string): string {
  return path.join(generatedDir(specDir), `${chapterId}.model.ts`);
}

/** Per-machine caches (type-check results); safe to delete. */
export const CACHE_DIR = path.join(PACKAGE_ROOT, 'node_modules', '.cache', 'syncspec');

/** `/` separators whatever the platform, for text that is committed. */
export function posixPath(p: string): string {
  return p.split(path.sep).join('/');
}

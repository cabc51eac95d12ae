// Which Markdown files in the spec directory are chapters.
//
// A chapter's id is its file name, and chapter ids are lower case (`channels.md`,
// `mutex.md`, `rw-lock.md`). Upper-case names (`FORMAT.md`, `README.md`,
// `CONTRIBUTING.md`) are documentation about the spec, never chapters. A naming
// rule rather than a guess from the content: a chapter whose every rule heading has
// a typo must fail the build, not be silently skipped as "not a chapter".
import { readdirSync } from 'node:fs';
import path from 'node:path';

const CHAPTER_FILE = /^[a-z][a-z0-9-]*\.md$/;

export function isChapterFile(fileName: string): boolean {
  return CHAPTER_FILE.test(fileName);
}

/** Absolute paths of the chapters directly in `dir`, sorted by name. */
export function chapterFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && isChapterFile(entry.name))
    .map((entry) => path.join(dir, entry.name))
    .sort();
}

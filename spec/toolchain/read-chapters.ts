// Reads and parses every chapter of a spec directory. Shared by loadSpec (which
// goes on to validate) and tangleAll (which only needs the model blocks).
import { readFileSync } from 'node:fs';
import type { ParsedChapter } from './chapter.ts';
import { chapterFiles } from './chapter-files.ts';
import { displayPath, type SpecError } from './diagnostics.ts';
import type { VocabularyRegistry } from './example/vocabulary.ts';
import { parseChapter } from './parse-chapter.ts';

export function readChapters(
  dir: string,
  vocabularies?: VocabularyRegistry,
): { chapters: ParsedChapter[]; errors: SpecError[] } {
  const chapters: ParsedChapter[] = [];
  const errors: SpecError[] = [];
  for (const file of chapterFiles(dir)) {
    const parsed = parseChapter(file, readFileSync(file, 'utf8'), {
      file: displayPath(file),
      ...(vocabularies ? { vocabularies } : {}),
    });
    chapters.push(parsed.chapter);
    errors.push(...parsed.errors);
  }
  return { chapters, errors };
}

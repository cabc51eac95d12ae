// Tangling: a chapter's ```ts model blocks, in order, become one TypeScript module,
// spec/generated/<chapter>.model.ts. The text is built in memory (so a chapter can be
// type-checked before anything is written) with a line map back to the Markdown.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ParsedChapter } from './chapter.ts';
import type { SpecError } from './diagnostics.ts';
import { bodyLines } from './key-value.ts';
import { DEFAULT_SPEC_DIR, generatedDir, generatedModelPath, posixPath } from './paths.ts';
import { readChapters } from './read-chapters.ts';

export interface Tangle {
  readonly chapter: string;
  /** The chapter as named in errors. */
  readonly chapterFile: string;
  /** Absolute path of the generated module. */
  readonly path: string;
  readonly text: string;
  /** `lineMap[n - 1]` is the Markdown line that generated line `n` comes from. */
  readonly lineMap: readonly number[];
}

/** The generated module of a chapter, or undefined when the chapter has no model block. */
export function tangleChapter(chapter: ParsedChapter, specDir: string): Tangle | undefined {
  if (chapter.models.length === 0) return undefined;
  // Committed text names the chapter relative to the package root (`spec/channels.md`),
  // whatever the machine or working directory.
  const source = posixPath(path.relative(path.dirname(specDir), chapter.path));
  const lines = [`// generated from ${source} — edit the chapter, not this file`];
  const lineMap = [chapter.models[0].codeLine];
  for (const block of chapter.models) {
    lines.push('', `// ${source}:${block.codeLine}`);
    lineMap.push(block.line, block.line);
    bodyLines(block.code).forEach((code, index) => {
      lines.push(code);
      lineMap.push(block.codeLine + index);
    });
  }
  return {
    chapter: chapter.id,
    chapterFile: chapter.file,
    path: generatedModelPath(specDir, chapter.id),
    text: `${lines.join('\n')}\n`,
    lineMap,
  };
}

/** The Markdown line a generated line (1-based) comes from. */
export function markdownLine(tangle: Tangle, generatedLine: number): number {
  const index = Math.min(Math.max(generatedLine, 1), tangle.lineMap.length) - 1;
  return tangle.lineMap[index];
}

export interface GeneratedFileStatus {
  readonly path: string;
  /** `stale`: differs from its chapter; `missing`: not written yet; `orphan`: no chapter makes it any more. */
  readonly status: 'fresh' | 'stale' | 'missing' | 'orphan';
}

/** How the generated files on disk compare with what the chapters tangle to now. */
export function generatedFileStatus(dir: string = DEFAULT_SPEC_DIR): GeneratedFileStatus[] {
  const wanted = new Map(tangleSpec(dir).tangles.map((t) => [t.path, t.text]));
  const statuses: GeneratedFileStatus[] = [];
  for (const [file, text] of wanted) {
    const status = !existsSync(file) ? 'missing' : readFileSync(file, 'utf8') === text ? 'fresh' : 'stale';
    statuses.push({ path: file, status });
  }
  for (const file of existingGeneratedFiles(dir)) {
    if (!wanted.has(file)) statuses.push({ path: file, status: 'orphan' });
  }
  return statuses;
}

/**
 * Writes spec/generated/<chapter>.model.ts for every chapter with model blocks and
 * removes generated files no chapter makes any more. Files whose text is unchanged
 * are not touched. `errors` are the chapters' parse errors, for the caller to print.
 */
export function tangleAll(dir: string = DEFAULT_SPEC_DIR): { written: string[]; removed: string[]; errors: SpecError[] } {
  const { tangles, errors } = tangleSpec(dir);
  const written: string[] = [];
  const removed: string[] = [];
  for (const tangle of tangles) {
    if (existsSync(tangle.path) && readFileSync(tangle.path, 'utf8') === tangle.text) continue;
    mkdirSync(path.dirname(tangle.path), { recursive: true });
    writeFileSync(tangle.path, tangle.text);
    written.push(tangle.path);
  }
  const wanted = new Set(tangles.map((t) => t.path));
  for (const file of existingGeneratedFiles(dir)) {
    if (wanted.has(file)) continue;
    rmSync(file);
    removed.push(file);
  }
  return { written, removed, errors };
}

function tangleSpec(dir: string): { tangles: Tangle[]; errors: SpecError[] } {
  const { chapters, errors } = readChapters(dir);
  const tangles = chapters.flatMap((chapter) => tangleChapter(chapter, dir) ?? []);
  return { tangles, errors };
}

function existingGeneratedFiles(dir: string): string[] {
  const generated = generatedDir(dir);
  if (!existsSync(generated)) return [];
  return readdirSync(generated)
    .filter((name) => name.endsWith('.model.ts'))
    .map((name) => path.join(generated, name));
}

// The whole pipeline behind `loadSpec`: read every chapter, validate the spec as a
// whole, tangle and type-check the models. Every problem is collected and returned,
// sorted; nothing is thrown for a malformed chapter.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { displayPath, sortSpecErrors, specError, type SpecError } from './diagnostics.ts';
import type { VocabularyRegistry } from './example/vocabulary.ts';
import { DEFAULT_SPEC_DIR } from './paths.ts';
import { readChapters } from './read-chapters.ts';
import type { Spec } from './spec.ts';
import { tangleChapter } from './tangle.ts';
import { typecheckTangles } from './typecheck.ts';
import { validateSpec } from './validate-spec.ts';

export interface LoadSpecOptions {
  /** The spec directory (default: this package's `spec/`). */
  readonly dir?: string;
  /** Type-check the chapters' models (default: true; cached, so cheap when nothing changed). */
  readonly typecheck?: boolean;
  /** Where type-check results are cached; `false` turns the cache off. */
  readonly cacheDir?: string | false;
  /** Example constructors (default: every chapter's, see example/default-vocabularies.ts). */
  readonly vocabularies?: VocabularyRegistry;
}

export type LoadSpecResult = { readonly ok: true; readonly spec: Spec } | { readonly ok: false; readonly errors: readonly SpecError[] };

export function loadSpec(options: LoadSpecOptions = {}): LoadSpecResult {
  const dir = path.resolve(options.dir ?? DEFAULT_SPEC_DIR);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return { ok: false, errors: [specError(displayPath(dir), 0, 'no such spec directory')] };
  }
  const { chapters, errors: parseErrors } = readChapters(dir, options.vocabularies);
  const { spec, errors: specErrors } = validateSpec(dir, chapters);
  const typeErrors =
    options.typecheck === false
      ? []
      : typecheckTangles(
          chapters.flatMap((chapter) => tangleChapter(chapter, dir) ?? []),
          options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir },
        );
  const errors = sortSpecErrors([...parseErrors, ...specErrors, ...typeErrors]);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, spec };
}

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSpecError } from './diagnostics.ts';
import { fixtureSpec, lines, WELL_FORMED_RULE } from './fixture-spec.ts';
import { loadSpec } from './load-spec.ts';
import { parseChapter } from './parse-chapter.ts';
import { generatedFileStatus, markdownLine, tangleAll, tangleChapter } from './tangle.ts';

const CHAPTER = lines(
  '# Models', //                                               1
  '',
  ...WELL_FORMED_RULE, //                                      3–19
  '',
  '```ts model', //                                            21
  "import type { Count } from '../model/values.ts';",
  'export const one: Count = 1;',
  '```',
  '', //                                                       25
  'Some prose between the blocks.',
  '',
  '```ts model',
  'export function twice(n: Count): Count {',
  '  const label: number = "two";', //                         30: the type error
  '  return n * 2 + label;',
  '}',
  '```',
);

const fixture = fixtureSpec({ 'models.md': CHAPTER, 'model/values.ts': 'export type Count = number;\n' });
const cacheDir = path.join(fixture.dir, '..', 'cache');
afterAll(() => fixture.remove());

describe('tangling', () => {
  const { chapter } = parseChapter(fixture.file('models.md'), CHAPTER, { file: 'spec/models.md' });
  const tangle = tangleChapter(chapter, fixture.dir)!;

  it('concatenates the model blocks under a header, each after a marker naming its Markdown line', () => {
    expect(tangle.path).toBe(path.join(fixture.dir, 'generated', 'models.model.ts'));
    expect(tangle.text).toBe(
      lines(
        '// generated from spec/models.md — edit the chapter, not this file',
        '',
        '// spec/models.md:22',
        "import type { Count } from '../model/values.ts';",
        'export const one: Count = 1;',
        '',
        '// spec/models.md:29',
        'export function twice(n: Count): Count {',
        '  const label: number = "two";',
        '  return n * 2 + label;',
        '}',
      ),
    );
  });

  it('maps every generated line of code back to its Markdown line', () => {
    expect([4, 5, 8, 9, 11].map((line) => markdownLine(tangle, line))).toEqual([22, 23, 29, 30, 32]);
  });

  it('makes nothing for a chapter without model blocks', () => {
    expect(tangleChapter(parseChapter('/x/plain.md', '# Plain\n').chapter, fixture.dir)).toBeUndefined();
  });
});

describe('type-checking the models', () => {
  const typeErrors = () => {
    const result = loadSpec({ dir: fixture.dir, cacheDir });
    return result.ok ? [] : result.errors.map(formatSpecError);
  };
  const at = (line: number, message: string) => `${fixture.file('models.md')}:${line}: ${message}`;

  it('reports a type error at the Markdown line it comes from', () => {
    expect(typeErrors()).toEqual([at(30, "type error TS2322: Type 'string' is not assignable to type 'number'.")]);
  });

  it('serves an unchanged chapter from the cache', () => {
    const [entry] = readdirSync(cacheDir);
    const file = path.join(cacheDir, entry);
    writeFileSync(file, readFileSync(file, 'utf8').replace('TS2322', 'TS-CACHED'));
    expect(typeErrors()).toEqual([at(30, "type error TS-CACHED: Type 'string' is not assignable to type 'number'.")]);
  });

  it('checks again when a file the models import changes, even one that did not exist', () => {
    fixture.write('model/values.ts', 'export type Count = string;\n');
    expect(typeErrors()).toContain(at(23, "type error TS2322: Type 'number' is not assignable to type 'string'."));
    fixture.write('models.md', CHAPTER.replace('../model/values.ts', '../model/later.ts'));
    expect(typeErrors()[0]).toBe(at(22, "type error TS2307: Cannot find module '../model/later.ts' or its corresponding type declarations."));
    fixture.write('model/later.ts', 'export type Count = number;\n');
    expect(typeErrors()).toEqual([at(30, "type error TS2322: Type 'string' is not assignable to type 'number'.")]);
  });
});

describe('tangleAll', () => {
  it('writes the generated modules, removes orphans, and then everything is fresh', () => {
    fixture.write('generated/gone.model.ts', '// a chapter that no longer exists\n');
    expect(generatedFileStatus(fixture.dir).map((s) => [path.basename(s.path), s.status])).toEqual([
      ['models.model.ts', 'missing'],
      ['gone.model.ts', 'orphan'],
    ]);
    const { written, removed } = tangleAll(fixture.dir);
    expect(written.map((f) => path.basename(f))).toEqual(['models.model.ts']);
    expect(removed.map((f) => path.basename(f))).toEqual(['gone.model.ts']);
    expect(existsSync(fixture.file('generated/gone.model.ts'))).toBe(false);
    expect(generatedFileStatus(fixture.dir).map((s) => s.status)).toEqual(['fresh']);
    expect(tangleAll(fixture.dir).written).toEqual([]);
  });
});

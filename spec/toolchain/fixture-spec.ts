// Test helper: a throw-away spec directory on disk, `<tmp>/spec/`, with a
// package.json above it declaring ESM (as the repo's does), so model blocks in
// fixtures are type-checked the way the real chapters are.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface FixtureSpec {
  /** The spec directory: pass it to `loadSpec({ dir })`. */
  readonly dir: string;
  /** Absolute path of a file of the fixture, e.g. `file('a.md')`. */
  file(name: string): string;
  write(name: string, text: string): void;
  remove(): void;
}

export function fixtureSpec(files: Readonly<Record<string, string>> = {}): FixtureSpec {
  const root = mkdtempSync(path.join(os.tmpdir(), 'syncspec-fixture-'));
  writeFileSync(path.join(root, 'package.json'), '{ "type": "module" }\n');
  const dir = path.join(root, 'spec');
  mkdirSync(dir);
  const fixture: FixtureSpec = {
    dir,
    file: (name) => path.join(dir, name),
    write(name, text) {
      mkdirSync(path.dirname(fixture.file(name)), { recursive: true });
      writeFileSync(fixture.file(name), text);
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const [name, text] of Object.entries(files)) fixture.write(name, text);
  return fixture;
}

/**
 * Joins lines with `\n`, so a test can say which line a construct is on:
 * `chapter('# T', '', '## A-1 · x')` puts the rule heading on line 3.
 */
export function lines(...text: string[]): string {
  return `${text.join('\n')}\n`;
}

/** A capabilities block and one well-formed rule, the smallest valid chapter body. */
export const WELL_FORMED_RULE = [
  '```capabilities',
  'send    send a value',
  '```',
  '',
  '## CHAN-OK-1 · a rule with everything it needs',
  '',
  'Prose.',
  '',
  '```rule',
  'needs: send',
  '```',
  '',
  '```example',
  'title: one send',
  'let tx, rx = channel()',
  'main: tx.send(1) -> Ok',
  '```',
] as const;

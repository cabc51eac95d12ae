import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { formatSpecError } from './diagnostics.ts';
import { fixtureSpec, lines, WELL_FORMED_RULE, type FixtureSpec } from './fixture-spec.ts';
import { loadSpec } from './load-spec.ts';

// Every malformed-chapter case of spec/FORMAT.md, each reported as `file:line: message`.
// A chapter here is '# Channels', a blank line, WELL_FORMED_RULE (lines 3–19), a blank
// line, then the case under test from line 21 on.
const BASE = ['# Channels', '', ...WELL_FORMED_RULE, ''];
const chapterWith = (...extra: string[]) => lines(...BASE, ...extra);

let fixture: FixtureSpec;
afterEach(() => fixture?.remove());

function errorsOf(files: Record<string, string>): string[] {
  fixture = fixtureSpec(files);
  const result = loadSpec({ dir: fixture.dir, typecheck: false });
  return result.ok ? [] : result.errors.map(formatSpecError);
}
const at = (name: string, line: number, message: string) => `${fixture.file(name)}:${line}: ${message}`;

describe('a well-formed spec', () => {
  it('has no errors', () => {
    expect(errorsOf({ 'channels.md': chapterWith() })).toEqual([]);
  });

  it('ignores documentation files and may be empty', () => {
    const format = readFileSync(new URL('../FORMAT.md', import.meta.url), 'utf8');
    fixture = fixtureSpec({ 'FORMAT.md': format, 'README.md': '# About\n\n## NOT-A-RULE · here\n' });
    const result = loadSpec({ dir: fixture.dir, typecheck: false });
    expect(result.ok && result.spec.chapters).toEqual([]);
  });
});

describe('rule IDs', () => {
  it('a duplicate is reported at the second occurrence, naming the first', () => {
    const again = ['## CHAN-OK-1 · again', '', '```rule', 'needs: send', '```', '', '```example', 'title: again', 'let tx, rx = channel()', '```'];
    expect(errorsOf({ 'channels.md': chapterWith(...again) })).toEqual([
      at('channels.md', 21, `duplicate rule ID CHAN-OK-1 (first at ${fixture.file('channels.md')}:7)`),
    ]);
  });

  it('a duplicate in another chapter is reported there', () => {
    const errors = errorsOf({ 'a.md': chapterWith(), 'b.md': lines('# B', '', ...WELL_FORMED_RULE.slice(4)) });
    expect(errors).toEqual([at('b.md', 3, `duplicate rule ID CHAN-OK-1 (first at ${fixture.file('a.md')}:7)`)]);
  });
});

describe('rules', () => {
  it('without a check', () => {
    const errors = errorsOf({ 'channels.md': chapterWith('## CHAN-BARE-1 · no check', '', '```rule', 'needs: send', '```') });
    expect(errors).toEqual([at('channels.md', 21, 'rule CHAN-BARE-1 has no check (add an `example` or `property` block)')]);
  });

  it('without a rule block', () => {
    const errors = errorsOf({
      'channels.md': chapterWith('## CHAN-NOMETA-1 · no rule block', '', '```example', 'title: t', 'let tx, rx = channel()', '```'),
    });
    expect(errors).toEqual([at('channels.md', 21, 'rule CHAN-NOMETA-1 has no `rule` block')]);
  });

  it('with a second rule block', () => {
    const errors = errorsOf({ 'channels.md': chapterWith('```rule', 'needs: send', '```') });
    expect(errors).toEqual([at('channels.md', 21, 'rule CHAN-OK-1 has a second `rule` block (the first is on line 11)')]);
  });

  it('a rule block outside any rule', () => {
    const errors = errorsOf({ 'channels.md': lines('# Channels', '', '```rule', 'needs: send', '```', '', ...WELL_FORMED_RULE) });
    expect(errors).toEqual([at('channels.md', 3, '`rule` block outside any rule section (a heading `ID · Title`)')]);
  });

  it('with a malformed rule block', () => {
    const errors = errorsOf({
      'channels.md': chapterWith(
        '## CHAN-META-1 · bad metadata',
        '```rule',
        'needs: send',
        'kind: sometimes',
        'needs: send',
        'because: reasons',
        'not a key value line',
        '```',
        '```example',
        'title: t',
        'let tx, rx = channel()',
        '```',
      ),
    });
    expect(errors).toEqual([
      at('channels.md', 24, '`kind` is `safety` or `liveness`, not `sometimes`'),
      at('channels.md', 25, 'duplicate key `needs` (the first is on line 23)'),
      at('channels.md', 26, 'unknown key `because` in a `rule` block (known: needs, source, kind, unspecified)'),
      at('channels.md', 27, 'expected `key: value`, got `not a key value line`'),
    ]);
  });
});

describe('capabilities', () => {
  it('a need no chapter declares is reported on the needs line', () => {
    const errors = errorsOf({
      'channels.md': chapterWith('## CHAN-CAP-1 · needs', '', '```rule', 'source: somewhere', 'needs: send, teleport', '```', '```example', 'title: t', 'let tx, rx = channel()', '```'),
    });
    expect(errors).toEqual([at('channels.md', 25, 'rule CHAN-CAP-1 needs unknown capability `teleport`')]);
  });

  it('a capability declared by another chapter is known', () => {
    const other = lines('# Other', '', '```capabilities', 'teleport  move a value instantly', '```');
    const needing = ['## CHAN-CAP-1 · needs', '```rule', 'needs: teleport', '```', '```example', 'title: t', 'let tx, rx = channel()', '```'];
    expect(errorsOf({ 'channels.md': chapterWith(...needing), 'other.md': other })).toEqual([]);
  });

  it('a capability declared twice, or without a description', () => {
    const errors = errorsOf({ 'channels.md': chapterWith('```capabilities', 'send  again', 'recv', 'Bad-Name  x', '```') });
    expect(errors).toEqual([
      at('channels.md', 22, `capability \`send\` is already declared at ${fixture.file('channels.md')}:4`),
      at('channels.md', 23, 'capability `recv` has no description'),
      at('channels.md', 24, 'bad capability name `Bad-Name` (lower case letters, digits, `_`, `:`, `-`)'),
    ]);
  });
});

describe('checks', () => {
  it('naming an unknown rule', () => {
    const errors = errorsOf({ 'channels.md': chapterWith('```property', 'title: p', 'rule: CHAN-NOPE-1', 'ops: send', '```') });
    expect(errors).toEqual([at('channels.md', 23, 'property names unknown rule CHAN-NOPE-1')]);
  });

  it('outside every rule section and naming no rule', () => {
    const errors = errorsOf({
      'channels.md': chapterWith('## Notes', '', '```example', 'title: stray', 'let tx, rx = channel()', '```'),
    });
    expect(errors).toEqual([at('channels.md', 23, 'example is outside every rule section and names no rule (add `rule: ID`)')]);
  });

  it('outside every rule section but naming one belongs to it', () => {
    fixture = fixtureSpec({
      'channels.md': chapterWith('## Notes', '', '```property', 'title: elsewhere', 'rule: CHAN-OK-1', 'ops: send, recv', '```'),
    });
    const result = loadSpec({ dir: fixture.dir, typecheck: false });
    expect(result.ok && result.spec.rules[0].checks.map((c) => [c.kind, c.title, c.line])).toEqual([
      ['example', 'one send', 15],
      ['property', 'elsewhere', 23],
    ]);
  });

  it('a property or an example without a title', () => {
    const errors = errorsOf({
      'channels.md': chapterWith('```property', 'ops: send', '```', '```example', 'let tx, rx = channel()', '```'),
    });
    expect(errors).toEqual([
      at('channels.md', 21, 'property has no `title:`'),
      at('channels.md', 24, 'example has no `title:`'),
    ]);
  });

  it('an example that does not parse', () => {
    const errors = errorsOf({
      'channels.md': chapterWith('```example', 'title: broken', 'let tx, rx = channel()', 'main: tx.send(1) -> ok', 'A: ty.recv()', '```'),
    });
    expect(errors).toEqual([
      at('channels.md', 24, 'bad outcome `ok` (expected `Kind`, `Kind(value)` or `blocks`)'),
      at('channels.md', 25, 'unknown handle `ty`'),
    ]);
  });
});

describe('errata', () => {
  it('a link to an unknown rule, a missing seed file, no rule at all', () => {
    const errors = errorsOf({
      'channels.md': chapterWith(
        '## Errata',
        '',
        '- `001_a.txt` says one thing; [CHAN-OK-1](#CHAN-OK-1) shows another.',
        '- `002_b.txt` is wrong, see [CHAN-GONE-1](#CHAN-GONE-1).',
        '- a claim with no seed, see [CHAN-OK-1](#CHAN-OK-1).',
        '- `003_c.txt` names no rule.',
      ),
    });
    expect(errors).toEqual([
      at('channels.md', 24, 'erratum links to unknown rule CHAN-GONE-1'),
      at('channels.md', 25, 'an erratum starts with the seed file in backticks, e.g. `` `003_3128.txt` ``'),
      at('channels.md', 26, 'an erratum names the rule that shows it, as a link `[CHAN-X-1](#CHAN-X-1)`'),
    ]);
  });
});

describe('chapters', () => {
  it('a chapter needs a # title', () => {
    expect(errorsOf({ 'untitled.md': lines('Some text.') })).toEqual([at('untitled.md', 1, 'the chapter has no `#` title')]);
  });

  it('every error of every chapter is reported, by file then line', () => {
    const errors = errorsOf({
      'b.md': lines('# B', '', '## B-ONE-1 · no rule block', '```property', 'title: p', '```'),
      'a.md': chapterWith('```property', 'ops: send', '```', '## A-TWO-1 · nothing'),
    });
    expect(errors).toEqual([
      at('a.md', 21, 'property has no `title:`'),
      at('a.md', 24, 'rule A-TWO-1 has no `rule` block'),
      at('a.md', 24, 'rule A-TWO-1 has no check (add an `example` or `property` block)'),
      at('b.md', 3, 'rule B-ONE-1 has no `rule` block'),
    ]);
  });

  it('a missing spec directory is an error, not an exception', () => {
    const result = loadSpec({ dir: '/nonexistent/syncspec-spec', typecheck: false });
    expect(result.ok ? [] : result.errors.map(formatSpecError)).toEqual(['/nonexistent/syncspec-spec: no such spec directory']);
  });
});

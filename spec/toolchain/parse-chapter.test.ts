import { describe, expect, it } from 'vitest';
import { lines } from './fixture-spec.ts';
import { parseChapter } from './parse-chapter.ts';

const CHAPTER = lines(
  '# Channels', //                                              1
  '',
  '```capabilities',
  'unbounded     channel(): send never blocks',
  'try_send      SyncSender::try_send', //                    5
  '```',
  '',
  '## Sending',
  '',
  '### CHAN-BND-2 · `try_send` succeeds exactly while there is room', // 10
  '',
  'Prose, as long as it needs.',
  '',
  '```rule',
  'needs: unbounded, try_send', //                             15
  'source: rust-lang/rust library/std/src/sync/mpsc.rs L677-733',
  'source: https://doc.rust-lang.org/std/sync/mpsc/',
  'kind: safety',
  'unspecified: none',
  '```', //                                                    20
  '',
  'More prose.',
  '',
  '```example',
  'title: try_send on an empty channel', //                   25
  'let tx, rx = sync_channel(1)',
  'main: tx.try_send(2) -> Ok',
  '```',
  '',
  '#### CHAN-BND-3: a nested rule', //                         30
  '',
  '```property',
  'title: nested property',
  'ops: send, try_send',
  'actors: 2..3', //                                           35
  '```',
  '',
  '### Not a rule',
  '',
  '```ts model', //                                            40
  'export const x = 1;',
  '```',
  '',
  '## Errata',
  '', //                                                       45
  '- `003_31288236863d70a3.txt` says try_send blocks; [CHAN-BND-2](#CHAN-BND-2) shows it does not.',
  '  Second line of the same item, see [the model](#model).',
  '',
  '## CHAN-LAST-1 — after the errata',
);

const { chapter, errors } = parseChapter('/somewhere/spec/channels.md', CHAPTER, { file: 'spec/channels.md' });

describe('parsing a chapter', () => {
  it('reports nothing for a chapter without local problems', () => {
    expect(errors).toEqual([]);
  });

  it('reads the id and the title', () => {
    expect([chapter.id, chapter.title, chapter.titleLine]).toEqual(['channels', 'Channels', 1]);
  });

  it('reads capabilities with their lines', () => {
    expect(chapter.capabilities).toEqual([
      { name: 'unbounded', description: 'channel(): send never blocks', line: 4 },
      { name: 'try_send', description: 'SyncSender::try_send', line: 5 },
    ]);
  });

  it('reads rule headings with any separator, and their sections', () => {
    expect(chapter.rules.map((r) => [r.id, r.title, r.line, r.level, r.endLine])).toEqual([
      ['CHAN-BND-2', '`try_send` succeeds exactly while there is room', 10, 3, 37],
      ['CHAN-BND-3', 'a nested rule', 30, 4, 37],
      ['CHAN-LAST-1', 'after the errata', 49, 2, 49],
    ]);
  });

  it('reads the rule block', () => {
    expect(chapter.rules[0].meta).toEqual({
      needs: ['unbounded', 'try_send'],
      needsLine: 15,
      sources: ['rust-lang/rust library/std/src/sync/mpsc.rs L677-733', 'https://doc.rust-lang.org/std/sync/mpsc/'],
      kind: 'safety',
      unspecified: 'none',
      line: 14,
    });
  });

  it("keeps a rule's own prose as Markdown, without machine blocks or nested rules", () => {
    expect(chapter.rules[0].prose).toBe('Prose, as long as it needs.\n\nMore prose.');
  });

  it('gives each check its section rule, raw text and parsed content', () => {
    const [example, property] = chapter.checks;
    expect([example.kind, example.title, example.line, example.sectionRule]).toEqual(['example', 'try_send on an empty channel', 24, 'CHAN-BND-2']);
    expect(example.text).toBe('title: try_send on an empty channel\nlet tx, rx = sync_channel(1)\nmain: tx.try_send(2) -> Ok\n');
    expect(example.kind === 'example' && example.example?.scenario.prefix).toEqual([
      { name: 'try_send', target: 'tx', args: [2], expect: [{ kind: 'Ok' }] },
    ]);
    expect(property).toMatchObject({ kind: 'property', title: 'nested property', line: 32, sectionRule: 'CHAN-BND-3' });
    expect(property.kind === 'property' && property.config).toEqual({ ops: 'send, try_send', actors: '2..3' });
  });

  it('reads model blocks with the line their code starts on', () => {
    expect(chapter.models).toEqual([{ code: 'export const x = 1;\n', line: 40, codeLine: 41 }]);
  });

  it('reads errata: seed file, rules linked, line', () => {
    expect(chapter.errata.map(({ seed, rules, line }) => ({ seed, rules, line }))).toEqual([
      { seed: '003_31288236863d70a3.txt', rules: ['CHAN-BND-2'], line: 46 },
    ]);
  });

  it('reads CRLF files with the same lines', () => {
    const crlf = parseChapter('/x/channels.md', CHAPTER.replace(/\n/g, '\r\n'));
    expect(crlf.chapter.rules.map((r) => r.line)).toEqual([10, 30, 49]);
  });
});

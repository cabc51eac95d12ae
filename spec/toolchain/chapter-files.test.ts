import { describe, expect, it } from 'vitest';
import { isChapterFile } from './chapter-files.ts';

describe('chapter files', () => {
  it('are lower-case Markdown files; upper-case ones are documentation', () => {
    expect(['channels.md', 'mutex.md', 'rw-lock.md', 'once2.md'].filter(isChapterFile)).toHaveLength(4);
    expect(['FORMAT.md', 'README.md', 'Channels.md', 'notes.txt', '_draft.md'].filter(isChapterFile)).toEqual([]);
  });
});

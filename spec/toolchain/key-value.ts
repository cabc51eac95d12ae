// `key: value` lines: the body of `rule` and `property` blocks, and the `title:` /
// `rule:` lines of examples. Kept separate so every block reports a malformed line
// the same way.

export interface KeyValueEntry {
  readonly key: string;
  readonly value: string;
  /** 1-based line in the chapter. */
  readonly line: number;
}

export interface LineProblem {
  readonly line: number;
  readonly message: string;
}

const KEY_VALUE_LINE = /^([a-z_][a-z0-9_-]*)\s*:\s*(.*)$/;

/** Reads one line; `undefined` when it is not `key: value`. */
export function matchKeyValue(text: string, line: number): KeyValueEntry | undefined {
  const match = KEY_VALUE_LINE.exec(text.trim());
  return match ? { key: match[1], value: match[2].trim(), line } : undefined;
}

/**
 * Reads a block of `key: value` lines whose first line is chapter line `firstLine`.
 * Blank lines are skipped; any other line is a problem. Repeated keys are returned
 * as they are: whether a key may repeat is the caller's business.
 */
export function parseKeyValueBlock(
  body: string,
  firstLine: number,
): { entries: KeyValueEntry[]; problems: LineProblem[] } {
  const entries: KeyValueEntry[] = [];
  const problems: LineProblem[] = [];
  bodyLines(body).forEach((text, index) => {
    const line = firstLine + index;
    if (text.trim() === '') return;
    const entry = matchKeyValue(text, line);
    if (entry) entries.push(entry);
    else problems.push({ line, message: `expected \`key: value\`, got \`${text.trim()}\`` });
  });
  return { entries, problems };
}

/** The lines of a fenced block's content (markdown-it ends it with a newline). */
export function bodyLines(body: string): string[] {
  const lines = body.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

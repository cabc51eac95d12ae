// Every problem the spec toolchain finds is a value, never an exception: callers
// collect them all and print them the way compilers do, `file:line: message`, so an
// editor or a terminal can jump straight to the Markdown line.
import path from 'node:path';

export interface SpecError {
  /** The file as shown to the user: relative to the working directory when inside it, else absolute. */
  readonly file: string;
  /** 1-based line number; 0 when the problem is the file as a whole (a missing directory). */
  readonly line: number;
  readonly message: string;
}

export function specError(file: string, line: number, message: string): SpecError {
  return { file, line, message };
}

export function formatSpecError(error: SpecError): string {
  return error.line > 0 ? `${error.file}:${error.line}: ${error.message}` : `${error.file}: ${error.message}`;
}

/** Stable order: by file, then line; errors on the same line keep the order they were found in. */
export function sortSpecErrors(errors: readonly SpecError[]): SpecError[] {
  return errors
    .map((error, index) => ({ error, index }))
    .sort(
      (a, b) =>
        compareStrings(a.error.file, b.error.file) || a.error.line - b.error.line || a.index - b.index,
    )
    .map(({ error }) => error);
}

/** How a file is named in messages: `spec/channels.md` from the repo root, an absolute path from elsewhere. */
export function displayPath(absolutePath: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, absolutePath);
  return relative.startsWith('..') || path.isAbsolute(relative) ? absolutePath : relative;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// How `syncspec run --replay` takes a token: on the command line, or `@FILE` holding it.
// A long flood's token (its scenario holds thousands of operations) runs to hundreds of KB,
// past what a command line holds ("Argument list too long"), so the printed replay command
// passes such a token as a file.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Tokens longer than this (a long flood's scenario: hundreds of KB) go to a file: a command line cannot hold them. */
const LONGEST_INLINE_TOKEN = 8_192;

/** A replay token as the printed command passes it: itself, or `@FILE` for a long one, written to `directory` (the temporary directory). */
export function replayArgument(token: string, rule: string, directory = tmpdir()): string {
  if (token.length <= LONGEST_INLINE_TOKEN) return token;
  const file = join(directory, `syncspec-replay-${rule}-${createHash('sha256').update(token).digest('hex').slice(0, 12)}.token`);
  writeFileSync(file, `${token}\n`);
  return `@${file}`;
}

/** `--replay`'s argument: a token, or `@FILE` holding one. */
export function readReplayArgument(argument: string): string {
  if (!argument.startsWith('@')) return argument;
  try {
    return readFileSync(argument.slice(1), 'utf8').trim();
  } catch (e) {
    throw new Error(`cannot read the token file ${argument.slice(1)}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

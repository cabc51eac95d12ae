// How commands get the spec: every command honours the hidden global `--spec-dir`
// (used by the tests to point the CLI at a fixture spec) and reports a malformed spec
// the same way: every `file:line: message` on stderr, exit status 2.
import type { Command } from 'commander';
import { formatSpecError, loadSpec, type Spec } from '../../spec/index.ts';
import { EXIT_USAGE } from './exit-codes.ts';

/** The spec, or undefined after printing its errors and setting the exit status. */
export function loadSpecOrReport(command: Command): Spec | undefined {
  const { specDir } = command.optsWithGlobals<{ specDir?: string }>();
  const result = loadSpec(specDir === undefined ? {} : { dir: specDir });
  if (result.ok) return result.spec;
  for (const error of result.errors) process.stderr.write(`${formatSpecError(error)}\n`);
  process.stderr.write(`syncspec: the spec has ${result.errors.length} error${result.errors.length === 1 ? '' : 's'}\n`);
  process.exitCode = EXIT_USAGE;
  return undefined;
}

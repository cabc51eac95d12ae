// The `syncspec` program without its commands: name, version, global options, and
// the mapping of commander's own errors onto syncspec's exit statuses. Commands live
// in commands/<name>.ts and are registered by main.ts.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.ts';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
  description: string;
};

export function createProgram(): Command {
  return (
    new Command('syncspec')
      .description(packageJson.description)
      .version(packageJson.version)
      // Hidden: for tests and spec authors; users run the spec that ships with syncspec.
      .addOption(new Option('--spec-dir <dir>', 'read the spec from DIR instead of the bundled one').hideHelp())
      .showHelpAfterError()
      // Commander exits by itself (status 1 on a usage error); make it throw so usage
      // errors get status 2. Subcommands created with .command() inherit this.
      .exitOverride()
  );
}

/** Parses `argv` and runs the command; resolves to the exit status. */
export async function runProgram(program: Command, argv: readonly string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    // Commander has already printed its message (or the help / version).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    process.stderr.write(`syncspec: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_USAGE;
  }
}

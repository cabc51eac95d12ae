// `syncspec selftest`: runs the catalogue of mutants (conformance/selftest/) through the
// public adapter path and prints, for every rule, the mutants it kills.
// Exit status: 0 when every selected rule kills a mutant, every non-equivalent mutant is
// killed, no equivalent mutant is, and the correct implementations fail no rule; 1
// otherwise (naming the rules and mutants); 2 on a usage error.
import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CheckRunner } from '../../run/runSuite.ts';
import { ruleMatcher } from '../../run/ruleFilter.ts';
import { asyncBaselines, catalogue as defaultCatalogue, threadsBaselines } from '../../selftest/catalogue.ts';
import { formatSelftest } from '../../selftest/format.ts';
import { runSelftestInProcesses, serveSelftest } from '../../selftest/in-processes.ts';
import { runSelftest, type Baseline, type ProgressEvent, type SelftestOptions } from '../../selftest/selftest.ts';
import type { Mutant } from '../../selftest/types.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';
import { loadSpecOrReport } from '../spec-access.ts';
import { DEFAULT_RUNS } from './run.ts';

/** The default seed: a fixed one, so the build's verdict does not depend on luck (`--seed` varies it). */
export const DEFAULT_SELFTEST_SEED = 6;

interface SelftestCliOptions {
  json?: boolean;
  runs: number;
  seed: number;
  mutants?: string;
  rules?: string;
  executor: 'async' | 'threads' | 'all';
  out?: string;
  jobs: number;
  serve?: boolean;
}

export interface SelftestEngine {
  createRunner(): CheckRunner;
  /** The mutants (default: the catalogue). */
  readonly catalogue?: readonly Mutant[];
  /** The correct implementations, by executor (default: the catalogue's). */
  readonly baselines?: { readonly [executor: string]: readonly Baseline[] };
}

const positiveInt = (what: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a positive integer`);
  return n;
};

export function registerSelftestCommand(program: Command, engine: SelftestEngine): void {
  program
    .command('selftest')
    .description("run the catalogue of mutants (wrong implementations) and show, rule by rule, which ones the suite catches")
    .option('--json', 'print the report as JSON')
    .option('--runs <n>', 'generated scenarios per property', positiveInt('--runs'), DEFAULT_RUNS)
    .option(
      '--seed <s>',
      'seed for the generators (fixed by default, so the verdict is reproducible)',
      (v: string) => {
        const n = Number(v);
        if (!Number.isInteger(n)) throw new InvalidArgumentError('--seed must be an integer');
        return n;
      },
      DEFAULT_SELFTEST_SEED,
    )
    .option('--mutants <glob>', 'only mutants whose id matches (comma-separated globs, e.g. chan-*)')
    .option('--rules <glob>', 'only rules whose ID matches (comma-separated globs)')
    .addOption(new Option('--executor <kind>', 'which mutants: the async ones, the threads ones (slow: real workers), or all').choices(['async', 'threads', 'all']).default('async'))
    .option('--out <file>', 'write the report to FILE instead of standard output')
    .option('--jobs <n>', 'run this many mutants at once, each in a child process (one per core is the most that helps)', positiveInt('--jobs'), 1)
    // A child of a `--jobs` run: runs the subjects its parent sends over IPC.
    .addOption(new Option('--serve').hideHelp())
    .action(async (options: SelftestCliOptions, command: Command) => {
      const spec = loadSpecOrReport(command);
      if (!spec) return;
      const all = engine.catalogue ?? defaultCatalogue;
      const byId = ruleMatcher(options.mutants);
      const mutants = all.filter((m) => (options.executor === 'all' || m.executor === options.executor) && byId(m.id));
      if (mutants.length === 0) {
        process.stderr.write(`syncspec selftest: no mutant matches${options.mutants !== undefined ? ` --mutants ${options.mutants}` : ''} (executor ${options.executor}); the catalogue has ${all.map((m) => m.id).join(', ')}\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      if (options.rules !== undefined && !spec.rules.some((r) => ruleMatcher(options.rules)(r.id))) {
        process.stderr.write(`syncspec selftest: no rule matches --rules ${options.rules}\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      const baselineSets = engine.baselines ?? { async: asyncBaselines, threads: threadsBaselines };
      const executors = new Set(mutants.map((m) => m.executor));
      const chapters = new Set(mutants.flatMap((m) => m.chapters));
      const baselines = [...executors].flatMap((e) => (baselineSets[e] ?? []).map((b) => ({ ...b, chapters: b.chapters.filter((c) => chapters.has(c)) })));
      const selftest: SelftestOptions = {
        spec,
        mutants,
        baselines,
        createRunner: () => engine.createRunner(),
        runs: options.runs,
        seed: options.seed,
        ...(options.rules !== undefined ? { rules: options.rules } : {}),
        version: program.version() ?? '0.0.0',
        onProgress: progressLines(),
      };
      if (options.serve === true) {
        await serveSelftest(selftest);
        return;
      }
      // A child process loads the bundled catalogue: an engine's own mutants run in this process.
      const jobs = engine.catalogue === undefined && engine.baselines === undefined ? options.jobs : 1;
      process.stderr.write(`syncspec selftest: ${mutants.length} mutants, ${baselines.length} correct implementation${baselines.length === 1 ? '' : 's'}, seed ${options.seed}, ${options.runs} runs per property${jobs > 1 ? `, ${jobs} at once` : ''}\n`);
      const report =
        jobs > 1
          ? await runSelftestInProcesses(selftest, jobs, { modulePath: process.argv[1], execArgv: process.execArgv, args: childArgs(options, command) })
          : await runSelftest(selftest);
      const text = options.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatSelftest(report);
      if (options.out !== undefined) writeFileSync(options.out, text);
      else process.stdout.write(text);
      if (!report.summary.ok) {
        const why = [
          report.summary.rulesWithoutKill.length > 0 ? `rules that kill no mutant: ${report.summary.rulesWithoutKill.join(', ')}` : '',
          report.summary.survivors.length > 0 ? `mutants no rule kills: ${report.summary.survivors.join(', ')}` : '',
          report.summary.falseFailures.length > 0 ? `false failures: ${report.summary.falseFailures.join('; ')}` : '',
          report.summary.loadErrors.length > 0 ? `did not load: ${report.summary.loadErrors.map((e) => e.split('\n')[0]).join('; ')}` : '',
        ].filter((s) => s !== '');
        process.stderr.write(`syncspec selftest: FAILED — ${why.join(' — ')}\n`);
      }
      process.exitCode = report.summary.ok ? EXIT_OK : EXIT_FAILURE;
    });
}

/** A line per subject once it is done (subjects may run side by side: a line is never split). */
function progressLines(): (event: ProgressEvent) => void {
  const started = new Map<string, Extract<ProgressEvent, { kind: 'start' }>>();
  return (event) => {
    if (event.kind === 'start') started.set(event.subject, event);
    if (event.kind !== 'done') return;
    const start = started.get(event.subject);
    const head = start === undefined ? event.subject : `[${start.index + 1}/${start.total}] ${start.what} ${event.subject} (${start.rules} rules)`;
    process.stderr.write(`${head} ${event.killedBy.length} ${event.killedBy.length === 1 ? 'failure' : 'failures'}, ${(event.ms / 1000).toFixed(1)} s\n`);
  };
}

/** The command line of a `--jobs` child: the same selection as its parent's, serving over IPC. */
function childArgs(options: SelftestCliOptions, command: Command): string[] {
  const { specDir } = command.optsWithGlobals<{ specDir?: string }>();
  return [
    ...(specDir === undefined ? [] : ['--spec-dir', specDir]),
    'selftest',
    '--serve',
    '--runs', String(options.runs),
    '--seed', String(options.seed),
    '--executor', options.executor,
    ...(options.mutants === undefined ? [] : ['--mutants', options.mutants]),
    ...(options.rules === undefined ? [] : ['--rules', options.rules]),
  ];
}

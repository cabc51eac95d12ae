// `syncspec run`: the suite against adapters (DESIGN.md, "Command line").
// Exit status: 0 when every result is pass, n/a or expected-fail; 1 on an unexpected
// failure or pass; 2 on a usage or configuration error (a bad flag, an adapter that
// does not load).
//
// `--update-expectations` rewrites each adapter's expectations file from the run
// (conformance/adapter/expectations-file.ts): the exit status is still the run's.
import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Adapter } from '../../adapter/types.ts';
import { loadAdapter, type AdapterRegistry } from '../../adapter/load.ts';
import { updateExpectations, writeExpectationsFile, type ExpectationMap } from '../../adapter/expectations-file.ts';
import { bundledAdapters } from '../../../adapters/index.ts';
import { exitCodeOf } from '../../report/results.ts';
import { toJUnit } from '../../report/junit.ts';
import { formatPretty } from '../../report/pretty.ts';
import { runSuite, type CheckOutcome, type CheckRunner } from '../../run/runSuite.ts';
import type { RunReport } from '../../report/results.ts';
import { EXIT_USAGE } from '../exit-codes.ts';
import { readReplayArgument, replayArgument } from '../replay-argument.ts';
import { loadSpecOrReport } from '../spec-access.ts';
import type { Spec } from '../../../spec/index.ts';

/** How often, at most, a run without a terminal reports progress on stderr. */
const PROGRESS_EVERY_MS = 15_000;

interface RunOptions {
  adapter: string[];
  rules?: string;
  runs: number;
  seed?: number;
  replay?: string;
  reporter: 'pretty' | 'json' | 'junit';
  out?: string;
  updateExpectations?: boolean;
  livenessMs?: number;
  bail?: boolean;
}

const positiveInt = (what: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a positive integer`);
  return n;
};

/** What `run` needs from the engine: a check runner, and the replay of one token. */
export interface RunEngine {
  createRunner(options?: { readonly livenessMs?: number }): CheckRunner;
  /** Replays a token on `adapter`; the adapter named in the token is used when `--adapter` is not given. */
  replay(adapter: Adapter, token: string, options?: { readonly livenessMs?: number }): Promise<{ readonly rule?: string; readonly outcome: CheckOutcome }>;
  /** The adapter a token was recorded on. */
  adapterOf(token: string): string;
  /** The bundled adapters (default adapters/index.ts), for tests. */
  readonly registry?: AdapterRegistry;
  /** Where a bundled adapter's expectations file is, for tests. */
  readonly bundledExpectationsFile?: (name: string) => string;
}

/** Generated scenarios per property when --runs is not given: the suite's default budget. */
export const DEFAULT_RUNS = 100;

export function registerRunCommand(program: Command, engine: RunEngine): void {
  const registry = engine.registry ?? bundledAdapters;
  program
    .command('run')
    .description('run the suite (default: every bundled adapter)')
    .option('--adapter <name|path>', 'a bundled adapter name or a path to an adapter module (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--rules <glob>', 'only rules whose ID matches (comma-separated globs, e.g. CHAN-RDV-*)')
    .option('--runs <n>', 'generated scenarios per property', positiveInt('--runs'), DEFAULT_RUNS)
    .option('--liveness-ms <ms>', 'on real threads and processes: how long an operation the model says must complete may stay pending before it is a liveness failure (default 10000 on threads, 3000 in a process)', positiveInt('--liveness-ms'))
    .option('--seed <s>', 'seed for the generators (default: random, printed)', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n)) throw new InvalidArgumentError('--seed must be an integer');
      return n;
    })
    .option('--replay <token>', 'replay one failure exactly, from the token a failure printed (or @FILE holding it)')
    .addOption(new Option('--reporter <format>', 'report format').choices(['pretty', 'json', 'junit']).default('pretty'))
    .option('--out <file>', 'write the report to FILE instead of standard output')
    .option('--bail', 'stop at the first rule that fails (or errs): the rules after it are not run')
    .option('--update-expectations', "rewrite each adapter's expectations file from this run: failing rules in, passing ones out")
    .action(async (options: RunOptions, command: Command) => {
      const spec = loadSpecOrReport(command);
      if (!spec) return;
      let names = options.adapter.length > 0 ? options.adapter : Object.keys(registry);
      if (options.replay !== undefined) {
        try {
          options.replay = readReplayArgument(options.replay);
          if (options.adapter.length === 0) names = [engine.adapterOf(options.replay)];
        } catch (e) {
          process.stderr.write(`syncspec run: --replay: ${e instanceof Error ? e.message : String(e)}\n`);
          process.exitCode = EXIT_USAGE;
          return;
        }
        if (names.length !== 1) {
          process.stderr.write('syncspec run: --replay replays one failure: give at most one --adapter\n');
          process.exitCode = EXIT_USAGE;
          return;
        }
        if (options.updateExpectations === true) {
          process.stderr.write('syncspec run: --update-expectations needs a run, not a --replay\n');
          process.exitCode = EXIT_USAGE;
          return;
        }
      }
      if (names.length === 0) {
        process.stderr.write('syncspec run: no adapter given and none bundled\n');
        process.exitCode = EXIT_USAGE;
        return;
      }
      const capabilities = spec.capabilities.map((c) => c.name);
      const ruleIds = spec.rules.map((r) => r.id);
      const adapters: Adapter[] = [];
      const arguments_ = new Map<string, string>();
      const files = new Map<string, { path: string; file: ExpectationMap; code: ExpectationMap }>();
      for (const name of names) {
        const loaded = await loadAdapter(name, {
          capabilities,
          rules: ruleIds,
          registry,
          ...(engine.bundledExpectationsFile === undefined ? {} : { bundledExpectationsFile: engine.bundledExpectationsFile }),
        });
        if (!loaded.ok) {
          process.stderr.write(`syncspec run: ${loaded.error}\n`);
          process.exitCode = EXIT_USAGE;
          return;
        }
        adapters.push(loaded.adapter);
        // The replay command names the adapter as the user did: a bundled name, or their path.
        arguments_.set(loaded.adapter.name, name);
        files.set(loaded.adapter.name, { path: loaded.expectationsFile, file: loaded.fileExpectations, code: loaded.codeExpectations });
      }
      if (options.replay !== undefined) {
        const started = performance.now();
        const { rule, outcome } = await engine.replay(adapters[0], options.replay, options.livenessMs === undefined ? {} : { livenessMs: options.livenessMs });
        const a = adapters[0];
        const report: RunReport = {
          tool: 'syncspec',
          version: program.version() ?? '0.0.0',
          seed: 0,
          adapters: [{ name: a.name, library: a.library.name, version: a.library.version, executor: a.executor, results: [{ ...outcome, rule: rule ?? 'replay', durationMs: Math.round(performance.now() - started) }] }],
        };
        emit(report, options, spec, arguments_, false);
        return;
      }
      const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
      const tty = process.stderr.isTTY === true && options.out === undefined && options.reporter === 'pretty';
      // Without a terminal (CI logs, --reporter json) a long run still says where it is: a
      // line every PROGRESS_EVERY_MS at most, so short runs stay silent.
      const began = performance.now();
      let lastLine = began;
      let progressTotal: number | undefined;
      if (options.reporter === 'pretty') process.stderr.write(`syncspec run: seed ${seed}, ${options.runs} runs per property\n`);
      const report = await runSuite({
        spec,
        adapters,
        runner: engine.createRunner(options.livenessMs === undefined ? {} : { livenessMs: options.livenessMs }),
        ...(options.rules !== undefined ? { rules: options.rules } : {}),
        runs: options.runs,
        seed,
        version: program.version() ?? '0.0.0',
        ...(options.bail === true ? { bail: true } : {}),
        onProgress: ({ adapter, rule, status, done, total }) => {
          progressTotal = total;
          if (tty) process.stderr.write(`\r\x1b[K[${done}/${total}] ${adapter} ${rule} ${status}`);
          else if (options.reporter === 'pretty' && status !== 'pass' && status !== 'n/a') process.stderr.write(`${adapter} ${rule} ${status}\n`);
          else if (performance.now() - lastLine > PROGRESS_EVERY_MS) {
            lastLine = performance.now();
            process.stderr.write(`syncspec run: [${done}/${total}] ${adapter} ${rule} ${status} (${Math.round((lastLine - began) / 1000)} s so far)\n`);
          }
        },
      });
      if (tty) process.stderr.write('\r\x1b[K');
      if (options.bail === true) {
        const ran = report.adapters.reduce((n, a) => n + a.results.length, 0);
        const total = progressTotal ?? ran;
        if (ran < total) {
          const last = report.adapters.at(-1)?.results.at(-1);
          process.stderr.write(`syncspec run: --bail: stopped after ${last?.rule ?? '?'} (${last?.status ?? '?'}); ${total - ran} of ${total} rule runs not run\n`);
        }
      }
      emit(report, options, spec, arguments_, options.adapter.length === 0 || adapters.length > 1);
      if (options.updateExpectations === true) {
        for (const a of report.adapters) {
          const f = files.get(a.name);
          if (f === undefined) continue;
          const update = updateExpectations(f.file, f.code, a.results);
          for (const w of update.warnings) process.stderr.write(`syncspec run: ${a.name}: ${w}\n`);
          if (update.added.length === 0 && update.removed.length === 0) {
            process.stderr.write(`syncspec run: ${a.name}: expectations unchanged (${f.path})\n`);
            continue;
          }
          writeExpectationsFile(f.path, update.expectations);
          const what = [update.added.length > 0 ? `added ${update.added.join(', ')}` : '', update.removed.length > 0 ? `removed ${update.removed.join(', ')}` : ''].filter((x) => x !== '');
          process.stderr.write(`syncspec run: ${a.name}: wrote ${f.path}: ${what.join('; ')}\n`);
        }
      }
    });
}

function emit(report: RunReport, options: RunOptions, spec: Spec, adapterArgs: ReadonlyMap<string, string>, matrix: boolean): void {
  const text =
    options.reporter === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : options.reporter === 'junit'
        ? toJUnit(report)
        : formatPretty(report, spec, { adapterArg: (name) => adapterArgs.get(name) ?? name, replayArg: replayArgument, matrix });
  if (options.out !== undefined) writeFileSync(options.out, text);
  else process.stdout.write(text);
  process.exitCode = exitCodeOf(report);
}

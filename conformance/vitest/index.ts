// `syncspec/vitest`: the conformance suite as vitest tests for one adapter, one test per
// rule named by its rule ID (docs/adapters.md, "In your own test suite").
//
//   import { defineConformanceTests } from 'syncspec/vitest';
//   import adapter from './my-adapter.ts';
//   defineConformanceTests(adapter, { rules: 'CHAN-*', runs: 20 });
//
// A rule the adapter lacks capabilities for is skipped; a pass or an expected failure
// passes; anything else fails with the report `syncspec run` prints — the rule, the
// counterexample's timeline, what the model allowed — and the command that replays it.
import { basename } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import type { Adapter } from '../adapter/types.ts';
import { loadAdapter } from '../adapter/load.ts';
import { createCheckRunner } from '../executors/shared/check-runner.ts';
import { shutdownLaneWorkers } from '../executors/threads/lane-workers.ts';
import { formatPretty } from '../report/pretty.ts';
import type { RuleResult, RunReport } from '../report/results.ts';
import { ruleMatcher } from '../run/ruleFilter.ts';
import { runRule, type CheckRunner } from '../run/runSuite.ts';
import { formatSpecError, loadSpec, type Rule, type Spec } from '../../spec/index.ts';

export interface ConformanceTestOptions {
  /** Rule IDs to run: comma-separated globs, as `syncspec run --rules` (default: every rule). */
  readonly rules?: string;
  /** Generated scenarios per property (default 100, as `syncspec run`). */
  readonly runs?: number;
  /** Seed of the generators (default: $SYNCSPEC_SEED, else random; failures print it). */
  readonly seed?: number;
  /** Each rule's test timeout, ms (default 120 000). */
  readonly timeout?: number;
  /** How failure messages name the adapter in the replay command (default: its path when given one, else `./your-adapter.ts`). */
  readonly adapterPath?: string;
  /** The describe block's title (default `syncspec <adapter>`). */
  readonly name?: string;
}

/** The outcome of one rule, and the message a failing test throws (undefined when it passes). */
export interface RuleVerdict {
  readonly result: RuleResult;
  readonly failure?: string;
}

const PASSING = new Set(['pass', 'expected-fail']);
const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Declares one vitest test per selected rule for `adapter`: the adapter object, or the
 * path to its module (absolute, or relative to the working directory), which also picks
 * up its expectations file.
 */
export function defineConformanceTests(adapter: Adapter | string, options: ConformanceTestOptions = {}): void {
  const spec = specOrThrow();
  const rules = spec.rules.filter((r) => ruleMatcher(options.rules)(r.id));
  if (rules.length === 0) throw new Error(`syncspec: no rule matches ${JSON.stringify(options.rules)} (\`syncspec rules\` lists them)`);
  const seed = options.seed ?? seedFromEnvironment() ?? Math.floor(Math.random() * 2 ** 31);
  const resolve = memo(() => resolveAdapter(adapter, spec));
  const runner = createCheckRunner();
  const title = options.name ?? `syncspec ${typeof adapter === 'string' ? basename(adapter) : adapter.name}`;
  describe(title, () => {
    afterAll(() => shutdownLaneWorkers());
    for (const rule of rules) {
      it(
        rule.id,
        async (context) => {
          const a = await resolve();
          const verdict = await runConformanceRule(a, rule, { ...options, seed, runner, ...(typeof adapter === 'string' && options.adapterPath === undefined ? { adapterPath: adapter } : {}) }, spec);
          if (verdict.result.status === 'n/a') context.skip(verdict.result.message);
          if (verdict.failure !== undefined) throw new Error(verdict.failure);
        },
        options.timeout ?? DEFAULT_TIMEOUT_MS,
      );
    }
  });
}

/**
 * Runs one rule on an adapter as a conformance test does, outside vitest: the result and,
 * unless it passed (or failed as expected), the failure message with the replay command.
 */
export async function runConformanceRule(
  adapter: Adapter,
  rule: Rule | string,
  options: ConformanceTestOptions & { readonly runner?: CheckRunner } = {},
  spec: Spec = specOrThrow(),
): Promise<RuleVerdict> {
  const r = typeof rule === 'string' ? spec.rules.find((x) => x.id === rule) : rule;
  if (r === undefined) throw new Error(`syncspec: no rule ${JSON.stringify(rule)}`);
  const seed = options.seed ?? seedFromEnvironment() ?? Math.floor(Math.random() * 2 ** 31);
  const result = await runRule(adapter, r, { runner: options.runner ?? createCheckRunner(), runs: options.runs ?? 100, seed });
  if (PASSING.has(result.status) || result.status === 'n/a') return { result };
  const report: RunReport = {
    tool: 'syncspec',
    version: 'vitest',
    seed,
    adapters: [{ name: adapter.name, library: adapter.library.name, version: adapter.library.version, executor: adapter.executor, results: [result] }],
  };
  const path = options.adapterPath ?? './your-adapter.ts';
  const text = formatPretty(report, spec, { adapterArg: () => path, matrix: false }).trim();
  const again = result.replay === undefined ? `\n\nrun it again: SYNCSPEC_SEED=${seed} (seed ${seed}, ${options.runs ?? 100} runs)` : `\n\n(seed ${seed})`;
  return { result, failure: `${text}${again}` };
}

function specOrThrow(): Spec {
  const loaded = loadSpec({ typecheck: false });
  if (!loaded.ok) throw new Error(`syncspec: the spec does not load:\n${loaded.errors.map(formatSpecError).join('\n')}`);
  return loaded.spec;
}

async function resolveAdapter(adapter: Adapter | string, spec: Spec): Promise<Adapter> {
  if (typeof adapter !== 'string') return adapter;
  const loaded = await loadAdapter(adapter, { capabilities: spec.capabilities.map((c) => c.name), rules: spec.rules.map((r) => r.id) });
  if (!loaded.ok) throw new Error(`syncspec: ${loaded.error}`);
  return loaded.adapter;
}

function seedFromEnvironment(): number | undefined {
  const text = process.env.SYNCSPEC_SEED;
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new Error(`syncspec: SYNCSPEC_SEED must be an integer, not ${JSON.stringify(text)}`);
  return n;
}

function memo<T>(f: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= f());
}

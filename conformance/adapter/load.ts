import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { FACTORY_OF_KIND, type Adapter } from './types.ts';
import { expectationsFileFor, readExpectationsFile, type ExpectationMap } from './expectations-file.ts';
import { bundledAdapters } from '../../adapters/index.ts';
import { guardEventLoop, type Stall } from '../executors/async/event-loop-guard.ts';

// Finds an adapter by bundled name or by path, and checks that it has the shape the
// engine relies on, so a broken adapter is reported by name before anything runs. Its
// expectations file (expectations-file.ts), if any, is merged into its `expectations`.

export type LoadResult =
  | {
      ok: true;
      /** The adapter, its `expectations` merged with its expectations file's (the file's win). */
      adapter: Adapter;
      source: string;
      /** Where its expectations file is, or would be written by `--update-expectations`. */
      expectationsFile: string;
      /** What the file holds ({} without one), and what the adapter object itself declares. */
      fileExpectations: ExpectationMap;
      codeExpectations: ExpectationMap;
    }
  | { ok: false; error: string };

export type AdapterRegistry = { readonly [name: string]: () => Promise<{ default: Adapter }> };

export interface LoadOptions {
  readonly cwd?: string;
  /** The spec's capability names: others are reported. */
  readonly capabilities?: readonly string[];
  /** The spec's rule IDs: an expectations file naming another is reported. */
  readonly rules?: readonly string[];
  /** The bundled adapters by name (default adapters/index.ts). */
  readonly registry?: AdapterRegistry;
  /** How long an adapter module's code may hold the event loop while it loads, ms (default 60 s: compiling a large library synchronously takes a while). */
  readonly loadBudgetMs?: number;
  /** Where a bundled adapter's expectations file is (default adapters/NAME/expectations.json). */
  readonly bundledExpectationsFile?: (name: string) => string;
}

const EXECUTORS = ['async', 'threads', 'process'];
const LOAD_BUDGET_MS = 60_000;

const defaultBundledExpectationsFile = (name: string) => fileURLToPath(new URL(`../../adapters/${name}/expectations.json`, import.meta.url));

export async function loadAdapter(nameOrPath: string, options: LoadOptions = {}): Promise<LoadResult> {
  const registry = options.registry ?? bundledAdapters;
  const bundled = Object.hasOwn(registry, nameOrPath) ? registry[nameOrPath] : undefined;
  let exported: unknown;
  let source: string;
  let expectationsFile: string;
  if (bundled !== undefined) {
    source = `bundled adapter ${nameOrPath}`;
    expectationsFile = (options.bundledExpectationsFile ?? defaultBundledExpectationsFile)(nameOrPath);
    try {
      exported = (await bundled()).default;
    } catch (e) {
      return { ok: false, error: `${source} failed to load: ${messageOf(e)}` };
    }
  } else {
    const path = isAbsolute(nameOrPath) ? nameOrPath : resolve(options.cwd ?? process.cwd(), nameOrPath);
    source = path;
    expectationsFile = expectationsFileFor(path);
    if (!existsSync(path)) {
      const known = Object.keys(registry).join(', ');
      return { ok: false, error: `no adapter ${JSON.stringify(nameOrPath)}: not a bundled adapter (${known}) and no file at ${path}` };
    }
    try {
      // tsImport loads a user's TypeScript as ES modules wherever it sits, even in a
      // folder whose package.json (or lack of one) would make Node treat .ts as CommonJS.
      // A module whose top-level code never yields the event loop is stopped, not waited for.
      const loading = await guardEventLoop<{ module: { default?: unknown } } | Stall>(`adapter ${path}`, options.loadBudgetMs ?? LOAD_BUDGET_MS, async () => ({ module: (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown } }), (stall) => stall);
      if (!('module' in loading)) return { ok: false, error: `adapter ${path} did not finish loading: its code held the event loop for ${loading.heldMs} ms without yielding (a loop at the top level of a module?)` };
      exported = unwrapDefault(loading.module.default);
    } catch (e) {
      return { ok: false, error: `adapter ${path} failed to load: ${messageOf(e)}` };
    }
  }
  const problems = shapeProblems(exported, options.capabilities);
  if (problems.length > 0) return { ok: false, error: `adapter ${source} is malformed:\n  - ${problems.join('\n  - ')}` };
  const adapter = withPlainThreadsModule(exported as Adapter);
  const file = readExpectationsFile(expectationsFile, options.rules);
  if (!file.ok) return { ok: false, error: `${source}: ${file.error}` };
  const codeExpectations = adapter.expectations ?? {};
  const merged = Object.keys(file.expectations).length === 0 ? adapter : { ...adapter, expectations: { ...codeExpectations, ...file.expectations } };
  return { ok: true, adapter: merged, source, expectationsFile, fileExpectations: file.expectations, codeExpectations };
}

export function shapeProblems(value: unknown, knownCapabilities?: readonly string[]): string[] {
  if (typeof value !== 'object' || value === null) return ['its default export must be an adapter object (see docs/adapters.md)'];
  const a = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof a.name !== 'string' || a.name.length === 0) problems.push('`name` must be a non-empty string');
  const lib = a.library as Record<string, unknown> | undefined;
  if (typeof lib !== 'object' || lib === null || typeof lib.name !== 'string' || typeof lib.version !== 'string') {
    problems.push('`library` must be { name: string, version: string }');
  }
  if (typeof a.executor !== 'string' || !EXECUTORS.includes(a.executor)) problems.push(`\`executor\` must be one of ${EXECUTORS.join(', ')}`);
  if (!Array.isArray(a.capabilities) || a.capabilities.some((c) => typeof c !== 'string')) {
    problems.push('`capabilities` must be an array of capability names');
  } else if (knownCapabilities !== undefined) {
    const unknown = (a.capabilities as string[]).filter((c) => !knownCapabilities.includes(c));
    if (unknown.length > 0) problems.push(`unknown capabilities: ${unknown.join(', ')} (\`syncspec rules\` lists the known ones)`);
  }
  if (a.executor === 'async') {
    const factories = Object.values(FACTORY_OF_KIND);
    const present = factories.filter((f) => a[f] !== undefined);
    for (const f of present) {
      const factory = a[f] as { create?: unknown } | null;
      if (typeof factory !== 'object' || factory === null || typeof factory.create !== 'function') problems.push(`\`${f}\` must be an object with a \`create\` method`);
    }
    if (present.length === 0) problems.push(`an async adapter needs at least one factory (${factories.map((f) => `\`${f}.create\``).join(', ')})`);
    if (a.endRun !== undefined && typeof a.endRun !== 'function') problems.push('`endRun` must be a function (called after each run)');
  }
  if (a.executor === 'process') {
    const runner = a.process as { command?: unknown } | null | undefined;
    if (typeof runner !== 'object' || runner === null || typeof runner.command !== 'function') problems.push('a process adapter needs `process.command()` (conformance/executors/process/PROTOCOL.md)');
  }
  return problems;
}

/**
 * tsImport gives the modules it loads an `import.meta.url` with a `?tsx-namespace=...` query
 * (`?namespace=` once compiled to CommonJS)
 * that no other loader resolves: a threads adapter's `threads.module`, normally its
 * `import.meta.url`, would not load in the workers. The plain file URL does.
 */
function withPlainThreadsModule(adapter: Adapter): Adapter {
  const module = adapter.threads?.module;
  if (typeof module !== 'string' || !/[?&](tsx-)?namespace=/.test(module)) return adapter;
  const url = new URL(module);
  url.searchParams.delete('namespace');
  url.searchParams.delete('tsx-namespace');
  return { ...adapter, threads: { ...adapter.threads!, module: url.href } };
}

/**
 * A .ts file outside an ESM package is compiled to CommonJS, and its `export default`
 * arrives wrapped once more as `{ default: adapter }`: take the adapter out.
 */
function unwrapDefault(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !('name' in value) && 'default' in value) return (value as { default: unknown }).default;
  return value;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { FACTORY_OF_KIND, type Adapter } from './types.ts';
import { bundledAdapters } from '../../adapters/index.ts';

// Finds an adapter by bundled name or by path, and checks that it has the shape the
// engine relies on, so a broken adapter is reported by name before anything runs.

export type LoadResult = { ok: true; adapter: Adapter; source: string } | { ok: false; error: string };

const EXECUTORS = ['async', 'threads', 'process'];

export async function loadAdapter(nameOrPath: string, options: { cwd?: string; capabilities?: readonly string[] } = {}): Promise<LoadResult> {
  const bundled = bundledAdapters[nameOrPath];
  let exported: unknown;
  let source: string;
  if (bundled !== undefined) {
    source = `bundled adapter ${nameOrPath}`;
    try {
      exported = (await bundled()).default;
    } catch (e) {
      return { ok: false, error: `${source} failed to load: ${messageOf(e)}` };
    }
  } else {
    const path = isAbsolute(nameOrPath) ? nameOrPath : resolve(options.cwd ?? process.cwd(), nameOrPath);
    source = path;
    if (!existsSync(path)) {
      const known = Object.keys(bundledAdapters).join(', ');
      return { ok: false, error: `no adapter ${JSON.stringify(nameOrPath)}: not a bundled adapter (${known}) and no file at ${path}` };
    }
    try {
      // tsImport loads a user's TypeScript as ES modules wherever it sits, even in a
      // folder whose package.json (or lack of one) would make Node treat .ts as CommonJS.
      exported = unwrapDefault(((await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown }).default);
    } catch (e) {
      return { ok: false, error: `adapter ${path} failed to load: ${messageOf(e)}` };
    }
  }
  const problems = shapeProblems(exported, options.capabilities);
  if (problems.length > 0) return { ok: false, error: `adapter ${source} is malformed:\n  - ${problems.join('\n  - ')}` };
  return { ok: true, adapter: exported as Adapter, source };
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
  }
  if (a.executor === 'process') {
    const runner = a.process as { command?: unknown } | null | undefined;
    if (typeof runner !== 'object' || runner === null || typeof runner.command !== 'function') problems.push('a process adapter needs `process.command()` (conformance/executors/process/PROTOCOL.md)');
  }
  return problems;
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

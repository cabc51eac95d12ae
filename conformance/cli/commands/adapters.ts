// `syncspec adapters [--json]`: the bundled adapters (adapters/index.ts), each with the
// library it drives, its executor, its capabilities and whether it loads here.
import type { Command } from 'commander';
import type { Adapter, ExecutorKind } from '../../adapter/types.ts';
import { shapeProblems } from '../../adapter/load.ts';
import { bundledAdapters } from '../../../adapters/index.ts';

/** One adapter in `adapters --json`: a stable, documented shape (see the command's help). */
export interface AdapterListing {
  readonly name: string;
  /** The library the adapter drives; null when the adapter does not load. */
  readonly library: string | null;
  readonly version: string | null;
  readonly url: string | null;
  readonly executor: ExecutorKind | null;
  readonly capabilities: readonly string[];
  /** Whether the adapter loads, is well formed, and (when it can tell) can run on this machine. */
  readonly available: boolean;
  /** Why it is not available. */
  readonly reason?: string;
}

export type AdapterRegistry = { readonly [name: string]: () => Promise<{ default: Adapter }> };

const HELP = `
--json prints an array, one object per bundled adapter:
  { "name": string,                  the name syncspec run --adapter takes
    "library": string | null,        the library it drives (null: the adapter does not say, or does not load)
    "version": string | null,
    "url": string | null,
    "executor": "async" | "threads" | "process" | null,
    "capabilities": string[],        capability names (syncspec rules lists which rule needs which)
    "available": boolean,            it loads, is well formed, and (process and threads adapters
                                     with available()) says it can run here
    "reason"?: string }              why not, when it is not available
Adapters of your own are not listed: give them by path (syncspec run --adapter ./my-adapter.ts).
`;

export function registerAdaptersCommand(program: Command, registry: AdapterRegistry = bundledAdapters): void {
  program
    .command('adapters')
    .description('bundled adapters and their capabilities')
    .option('--json', 'print a JSON array of { name, library, version, url, executor, capabilities, available, reason? }')
    .addHelpText('after', HELP)
    .action(async (options: { json?: boolean }) => {
      const listings = await listAdapters(registry);
      process.stdout.write(options.json === true ? `${JSON.stringify(listings, null, 2)}\n` : formatAdapters(listings));
    });
}

/** Loads every adapter of `registry` (one at a time; a failure only marks that one unavailable). */
export async function listAdapters(registry: AdapterRegistry): Promise<AdapterListing[]> {
  const listings: AdapterListing[] = [];
  for (const [name, load] of Object.entries(registry)) {
    const missing = { name, library: null, version: null, url: null, executor: null, capabilities: [], available: false } as const;
    let adapter: unknown;
    try {
      adapter = (await load()).default;
    } catch (e) {
      listings.push({ ...missing, reason: `does not load: ${e instanceof Error ? e.message : String(e)}` });
      continue;
    }
    const problems = shapeProblems(adapter);
    if (problems.length > 0) {
      listings.push({ ...missing, ...whatIsKnown(adapter), reason: `malformed: ${problems.join('; ')}` });
      continue;
    }
    const a = adapter as Adapter;
    const unavailable = await availability(a);
    listings.push({
      name,
      library: a.library.name,
      version: a.library.version,
      url: a.library.url ?? null,
      executor: a.executor,
      capabilities: [...a.capabilities],
      available: unavailable === undefined,
      ...(unavailable !== undefined ? { reason: unavailable } : {}),
    });
  }
  return listings;
}

/** The fields a malformed adapter does give well formed. */
function whatIsKnown(adapter: unknown): Partial<Pick<AdapterListing, 'library' | 'version' | 'url' | 'executor' | 'capabilities'>> {
  if (typeof adapter !== 'object' || adapter === null) return {};
  const a = adapter as Record<string, unknown>;
  const lib = a.library as Record<string, unknown> | undefined;
  const known: { -readonly [K in keyof AdapterListing]?: AdapterListing[K] } = {};
  if (typeof lib === 'object' && lib !== null && typeof lib.name === 'string' && typeof lib.version === 'string') {
    known.library = lib.name;
    known.version = lib.version;
    known.url = typeof lib.url === 'string' ? lib.url : null;
  }
  if (a.executor === 'async' || a.executor === 'threads' || a.executor === 'process') known.executor = a.executor;
  if (Array.isArray(a.capabilities) && a.capabilities.every((c) => typeof c === 'string')) known.capabilities = [...(a.capabilities as string[])];
  return known;
}

/**
 * An adapter whose executor part (`process`, `threads`) has `available()` says itself
 * whether it can run here (`true`, or why not: no cargo, say); the process executor
 * asks the same before it runs one. Undefined when available.
 */
async function availability(adapter: Adapter): Promise<string | undefined> {
  const part = (adapter as unknown as Record<string, { available?: unknown } | undefined>)[adapter.executor];
  if (typeof part !== 'object' || part === null || typeof part.available !== 'function') return undefined;
  try {
    const answer: unknown = await (part.available as () => unknown).call(part);
    if (answer === true) return undefined;
    return typeof answer === 'string' ? answer : `${adapter.executor}.available() answered ${JSON.stringify(answer)}`;
  } catch (e) {
    return `${adapter.executor}.available() threw: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/**
 *   reference  syncspec-reference 0.1.0  threads  available
 *     capabilities: bounded, rendezvous, send, ...
 */
export function formatAdapters(listings: readonly AdapterListing[]): string {
  if (listings.length === 0) return 'no bundled adapters: give one by path (syncspec run --adapter ./your-adapter.ts)\n';
  const cols = listings.map((l) => [l.name, l.library === null ? '?' : `${l.library} ${l.version}`, l.executor ?? '?', l.available ? 'available' : 'unavailable']);
  const widths = [0, 1, 2].map((c) => Math.max(...cols.map((r) => r[c].length)));
  const blocks = listings.map((l, i) => {
    const head = cols[i].map((cell, c) => (c < 3 ? cell.padEnd(widths[c]) : cell)).join('  ');
    const lines = [head];
    if (l.reason !== undefined) lines.push(`  ${l.reason}`);
    if (l.capabilities.length > 0) lines.push(`  capabilities: ${l.capabilities.join(', ')}`);
    return lines.join('\n');
  });
  return `${blocks.join('\n')}\n`;
}

// The type-check cache under node_modules/.cache/syncspec/: one small JSON file per
// generated module, valid while the TypeScript version, the tsconfig and the content
// of every project file the module's program read are unchanged. Any failure to
// read or write it just means checking again (the package may be installed read-only).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CACHE_DIR } from './paths.ts';

export interface CachedDiagnostic {
  /** Line in the generated module; mapped to Markdown by the caller. */
  readonly generatedLine: number;
  readonly message: string;
}

interface Entry {
  readonly key: string;
  /** Absolute path → fingerprint of every project path the check looked at. */
  readonly dependencies: Readonly<Record<string, string>>;
  readonly diagnostics: readonly CachedDiagnostic[];
}

/** Bump when the entry format or the meaning of a diagnostic changes. */
const FORMAT = 2;

export class TypecheckCache {
  private readonly dir: string | undefined;
  private readonly baseKey: string;

  /**
   * `virtualFiles` are the modules being checked, by absolute path: their content is
   * the in-memory text, not what may be on disk.
   */
  constructor(
    dir: string | false | undefined,
    tsconfig: string,
    private readonly virtualFiles: ReadonlyMap<string, string>,
  ) {
    this.dir = dir === false ? undefined : (dir ?? CACHE_DIR);
    this.baseKey = [FORMAT, typescriptVersion(), readOrEmpty(tsconfig)].join('\0');
  }

  lookup(modulePath: string): readonly CachedDiagnostic[] | undefined {
    if (!this.dir) return undefined;
    let entry: Entry;
    try {
      entry = JSON.parse(readFileSync(this.entryPath(modulePath), 'utf8')) as Entry;
    } catch {
      return undefined;
    }
    if (entry.key !== this.key(modulePath)) return undefined;
    const fresh = Object.entries(entry.dependencies).every(([file, print]) => this.fingerprint(file) === print);
    return fresh ? entry.diagnostics : undefined;
  }

  store(modulePath: string, dependencies: readonly string[], diagnostics: readonly CachedDiagnostic[]): void {
    if (!this.dir) return;
    const entry: Entry = {
      key: this.key(modulePath),
      dependencies: Object.fromEntries(dependencies.map((file) => [file, this.fingerprint(file)])),
      diagnostics,
    };
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(this.entryPath(modulePath), JSON.stringify(entry));
    } catch {
      // Read-only install: the check simply runs again next time.
    }
  }

  private key(modulePath: string): string {
    return hash(`${this.baseKey}\0${path.resolve(modulePath)}`);
  }

  private entryPath(modulePath: string): string {
    return path.join(this.dir!, `typecheck-${hash(path.resolve(modulePath)).slice(0, 16)}.json`);
  }

  /** A path's current state: its content's hash (the in-memory text for a module being checked), `dir` or `missing`. */
  private fingerprint(file: string): string {
    const text = this.virtualFiles.get(file);
    if (text !== undefined) return hash(text);
    try {
      return statSync(file).isDirectory() ? 'dir' : hash(readFileSync(file, 'utf8'));
    } catch {
      return 'missing';
    }
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function typescriptVersion(): string {
  const require = createRequire(import.meta.url);
  return (JSON.parse(readFileSync(require.resolve('typescript/package.json'), 'utf8')) as { version: string }).version;
}

// Type-checks tangled model modules with the TypeScript compiler API, the tangled
// text supplied in memory (a chapter under edit is checked before it is written),
// and maps each diagnostic back to the chapter's Markdown line.
//
// Creating a program costs a second or two (lib.d.ts, @types/node), so results are
// cached by content: `syncspec rules` on an unchanged spec never loads TypeScript.
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TS from 'typescript';
import { specError, type SpecError } from './diagnostics.ts';
import { PACKAGE_ROOT } from './paths.ts';
import { markdownLine, type Tangle } from './tangle.ts';
import { TypecheckCache, type CachedDiagnostic } from './typecheck-cache.ts';

export interface TypecheckOptions {
  /** The tsconfig.json whose compiler options apply (default: the package's). */
  readonly tsconfig?: string;
  /** Where results are cached; `false` turns the cache off. */
  readonly cacheDir?: string | false;
}

const require = createRequire(import.meta.url);

export function typecheckTangles(tangles: readonly Tangle[], options: TypecheckOptions = {}): SpecError[] {
  const tsconfig = options.tsconfig ?? path.join(PACKAGE_ROOT, 'tsconfig.json');
  const virtualFiles = new Map(tangles.map((t) => [path.resolve(t.path), t.text]));
  const cache = new TypecheckCache(options.cacheDir ?? undefined, tsconfig, virtualFiles);

  const results = new Map<Tangle, readonly CachedDiagnostic[]>();
  const misses: Tangle[] = [];
  for (const tangle of tangles) {
    const hit = cache.lookup(tangle.path);
    if (hit) results.set(tangle, hit);
    else misses.push(tangle);
  }
  if (misses.length > 0) {
    const checked = compile(misses, tsconfig, virtualFiles);
    for (const tangle of misses) {
      const diagnostics = checked.diagnostics.get(tangle)!;
      results.set(tangle, diagnostics);
      cache.store(tangle.path, checked.dependencies, diagnostics);
    }
  }
  return tangles.flatMap((tangle) =>
    results.get(tangle)!.map((d) => specError(tangle.chapterFile, markdownLine(tangle, d.generatedLine), d.message)),
  );
}

/** One program for every tangle that needs checking. */
function compile(
  tangles: readonly Tangle[],
  tsconfig: string,
  virtualFiles: ReadonlyMap<string, string>,
): { diagnostics: Map<Tangle, CachedDiagnostic[]>; dependencies: string[] } {
  const ts = require('typescript') as typeof TS;
  const options = compilerOptions(ts, tsconfig);
  const host = ts.createCompilerHost(options, true);
  // Every project path the compiler looks at, found or not (a module that failed to
  // resolve, the package.json that decides ESM or CommonJS): the cached result holds
  // only while they are unchanged. Libraries are covered by the TypeScript version in
  // the cache key.
  const looked = new Set<string>();
  const look = (fileName: string) => {
    const resolved = path.resolve(fileName);
    if (!resolved.split(path.sep).includes('node_modules')) looked.add(resolved);
    return virtualFiles.get(resolved);
  };
  const { getSourceFile, readFile, fileExists, directoryExists } = host;
  host.fileExists = (fileName) => look(fileName) !== undefined || fileExists.call(host, fileName);
  host.readFile = (fileName) => look(fileName) ?? readFile.call(host, fileName);
  host.directoryExists = (dirName) => {
    look(dirName);
    return directoryExists?.call(host, dirName) ?? ts.sys.directoryExists(dirName);
  };
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = look(fileName);
    return text === undefined
      ? getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate)
      : ts.createSourceFile(fileName, text, languageVersion, true);
  };

  const program = ts.createProgram({ rootNames: tangles.map((t) => path.resolve(t.path)), options, host });
  const diagnostics = new Map<Tangle, CachedDiagnostic[]>();
  for (const tangle of tangles) {
    const sourceFile = program.getSourceFile(path.resolve(tangle.path))!;
    const found = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    diagnostics.set(tangle, found.map((d) => toCachedDiagnostic(ts, d, sourceFile)));
  }
  const dependencies = [...looked];
  return { diagnostics, dependencies };
}

function compilerOptions(ts: typeof TS, tsconfig: string): TS.CompilerOptions {
  const { config, error } = ts.readConfigFile(tsconfig, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(tsconfig), undefined, tsconfig);
  return { ...parsed.options, noEmit: true };
}

function toCachedDiagnostic(ts: typeof TS, diagnostic: TS.Diagnostic, sourceFile: TS.SourceFile): CachedDiagnostic {
  const message = `type error TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ')}`;
  // A diagnostic with no position (rare: a compiler option problem) goes to the top of the module.
  const position = diagnostic.file === sourceFile && diagnostic.start !== undefined ? diagnostic.start : 0;
  return { generatedLine: sourceFile.getLineAndCharacterOfPosition(position).line + 1, message };
}

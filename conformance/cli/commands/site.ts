// `syncspec site [--results FILE]... [--out DIR]`: the static site (site/): a page per
// chapter with every rule anchored by its ID and a badge per adapter, the conformance
// matrix, counterexamples drawn as per-actor timelines, errata, adapter pages and an
// offline search. Results are `syncspec run --reporter json` reports; without any, the
// site shows the spec and the bundled adapters, not run.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { bundledAdapters } from '../../../adapters/index.ts';
import type { AdapterRegistry } from '../../adapter/load.ts';
import { adapterInfo, buildSite } from '../../../site/build.ts';
import { readResultsFile, type ResultsFile } from '../../../site/model.ts';
import { EXIT_USAGE } from '../exit-codes.ts';
import { loadSpecOrReport } from '../spec-access.ts';

interface SiteOptions {
  results: string[];
  out: string;
  adapterInfo: boolean;
}

export function registerSiteCommand(program: Command, registry: AdapterRegistry = bundledAdapters): void {
  program
    .command('site')
    .description('build the static site: the spec, the conformance matrix, counterexamples (opens from disk, works offline)')
    .option('--results <file>', 'a syncspec run --reporter json report (repeatable; a later file wins for an adapter of the same name)', (v: string, acc: string[]) => [...acc, v], [])
    .option('--out <dir>', 'where to write the site (emptied first)', 'site-dist')
    .option('--no-adapter-info', 'do not load bundled adapters for their capabilities and expectations')
    .action(async (options: SiteOptions, command: Command) => {
      const spec = loadSpecOrReport(command);
      if (!spec) return;
      const results: ResultsFile[] = [];
      for (const file of options.results) {
        try {
          results.push(readResultsFile(file));
        } catch (e) {
          process.stderr.write(`syncspec site: ${e instanceof Error ? e.message : String(e)}\n`);
          process.exitCode = EXIT_USAGE;
          return;
        }
      }
      const names = results.length === 0 ? Object.keys(registry) : [...new Set(results.flatMap((r) => r.report.adapters.map((a) => a.name)))];
      const info = options.adapterInfo ? await adapterInfo(names, registry, spec) : new Map();
      const out = resolve(options.out);
      const site = buildSite({ spec, results, out, info, known: Object.keys(registry) });
      if (results.length === 0) process.stderr.write('syncspec site: no --results given: the site shows the spec and the bundled adapters, not run (npm run site runs the suite first)\n');
      process.stderr.write(`syncspec site: wrote ${site.pages.length} pages (${site.adapters.length} adapters) to ${out}; open ${resolve(out, 'index.html')}\n`);
    });
}

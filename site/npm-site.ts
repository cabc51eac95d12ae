// `npm run site [-- --results FILE... --out DIR]`: builds the site. With no --results it
// runs the suite first — modest runs (SITE_RUNS, default 5 per property) against each
// bundled adapter in turn (SITE_ADAPTERS=a,b to pick some), one results file per adapter
// in .cache/site-results/ — then builds from those. A run with failures is what the site
// is for: exit status 1 is fine; an adapter that cannot run here (status 2, say no cargo
// for rust-std) is left out with a warning.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundledAdapters } from '../adapters/index.ts';

const main = fileURLToPath(new URL('../conformance/cli/main.ts', import.meta.url));
const cache = fileURLToPath(new URL('../.cache/site-results/', import.meta.url));
const args = process.argv.slice(2);
const cli = (cliArgs: string[]) => spawnSync(process.execPath, ['--import', 'tsx', main, ...cliArgs], { stdio: 'inherit' });

if (!args.includes('--results')) {
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  const runs = process.env.SITE_RUNS ?? '5';
  const picked = (process.env.SITE_ADAPTERS ?? '').split(',').filter((a) => a !== '');
  const adapters = picked.length > 0 ? picked : Object.keys(bundledAdapters);
  process.stderr.write(`npm run site: running the suite, ${runs} runs per property, on ${adapters.length} adapters (results in ${cache})\n`);
  adapters.forEach((name, i) => {
    const started = Date.now();
    process.stderr.write(`npm run site: [${i + 1}/${adapters.length}] ${name}...\n`);
    const out = `${cache}${name.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`;
    const run = cli(['run', '--adapter', name, '--runs', runs, '--reporter', 'json', '--out', out]);
    if (run.status === 0 || run.status === 1) {
      args.push('--results', out);
      process.stderr.write(`npm run site: [${i + 1}/${adapters.length}] ${name} done in ${Math.round((Date.now() - started) / 1000)} s\n`);
    } else {
      process.stderr.write(`npm run site: [${i + 1}/${adapters.length}] ${name} could not run (exit ${run.status ?? run.signal}): left out\n`);
    }
  });
}
const site = cli(['site', ...args]);
process.exit(site.status ?? 2);

// `npm run site [-- --results FILE... --out DIR]`: builds the site. With no --results it
// runs the suite first — modest runs against every bundled adapter (SITE_RUNS, default 5
// per property; SITE_ADAPTERS=a,b to pick some) — into .cache/site-results.json, then
// builds from that. A run with failures is what the site is for: its exit status 1 is
// not an error here; 2 (usage, configuration) is.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../conformance/cli/main.ts', import.meta.url));
const cache = fileURLToPath(new URL('../.cache/', import.meta.url));
const args = process.argv.slice(2);
const tsx = (cliArgs: string[]) => spawnSync(process.execPath, ['--import', 'tsx', main, ...cliArgs], { stdio: 'inherit' });

if (!args.includes('--results')) {
  mkdirSync(cache, { recursive: true });
  const results = `${cache}site-results.json`;
  const runs = process.env.SITE_RUNS ?? '5';
  const adapters = (process.env.SITE_ADAPTERS ?? '').split(',').filter((a) => a !== '').flatMap((a) => ['--adapter', a]);
  process.stderr.write(`npm run site: running the suite (${runs} runs per property, ${adapters.length === 0 ? 'every bundled adapter' : adapters.filter((_, i) => i % 2 === 1).join(', ')}) into ${results}\n`);
  const run = tsx(['run', ...adapters, '--runs', runs, '--reporter', 'json', '--out', results]);
  if (run.status !== 0 && run.status !== 1) process.exit(run.status ?? 2);
  args.push('--results', results);
}
const site = tsx(['site', ...args]);
process.exit(site.status ?? 2);

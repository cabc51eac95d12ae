// `npm run spec:build`: writes spec/generated/<chapter>.model.ts from the chapters,
// then validates the whole spec. Exit status 1 when the spec has errors (the
// generated files are written anyway, so `tsc` can be pointed at them).
import path from 'node:path';
import { displayPath, formatSpecError } from './diagnostics.ts';
import { loadSpec } from './load-spec.ts';
import { tangleAll } from './tangle.ts';

const { written, removed } = tangleAll();
for (const file of written) console.log(`wrote ${displayPath(file)}`);
for (const file of removed) console.log(`removed ${displayPath(file)}`);

const result = loadSpec();
if (result.ok) {
  const { chapters, rules } = result.spec;
  console.log(`spec ok: ${chapters.length} chapter(s), ${rules.length} rule(s) in ${displayPath(result.spec.dir) || path.sep}`);
} else {
  for (const error of result.errors) console.error(formatSpecError(error));
  process.exitCode = 1;
}

// StrykerJS over reference/ with the conformance suite as its test runner (issue #6 part 2).
// Run through `npm run mutation` (mutation.ts): it runs Stryker one chunk at a time and
// keeps the union of every chunk's results in incremental.json. README.md here says why
// each setting is what it is.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  // rule-runner.ts: each rule is a test; the dry run records which rules run each mutant's
  // code (perTest), and a mutant runs only those, stopping at the first failure.
  testRunner: 'syncspec-rules',
  coverageAnalysis: 'perTest',
  // The semantic code of the reference; mutation.ts narrows this to one chunk with --mutate.
  mutate: [
    'reference/channels/**/*.ts',
    'reference/sync/**/*.ts',
    'reference/runtime/**/*.ts',
    'reference/schedule/**/*.ts',
    '!reference/**/*.test.ts',
  ],
  ignorePatterns: ['/.scratch', '/site-dist', '/reports', '**/target', '.cache'],
  // Mutants equivalent by construction (trace labels, usage-error messages): see ignorers.mjs.
  plugins: ['@stryker-mutator/*', './conformance/selftest/mutation/ignorers.mjs', './conformance/selftest/mutation/rule-runner-plugin.mjs'],
  ignorers: ['syncspec-trace-labels', 'syncspec-usage-messages', 'syncspec-sample'],
  // The sandbox outside the working tree: vitest (**/*.test.ts) never sees its copies.
  tempDirName: join(tmpdir(), 'syncspec-stryker'),
  cleanTempDir: 'always',
  // One mutant at a time: every run already uses real worker threads on a shared machine.
  concurrency: 1,
  // The suite reports a hung operation itself (--liveness-ms in rule-runner.ts); Stryker's
  // own timeout (this + timeoutFactor × the dry run) is the backstop.
  timeoutMS: 60_000,
  timeoutFactor: 1.5,
  // The dry run (every rule a chunk reaches, with coverage) takes ~3 min here; Stryker's
  // default of 5 cut it off, and lost the chunk, when the machine was busy with other work.
  dryRunTimeoutMinutes: 20,
  incremental: true,
  incrementalFile: 'reports/mutation/chunk-incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 90, low: 70, break: null },
};

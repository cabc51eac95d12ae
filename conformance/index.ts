// `syncspec`: the conformance suite as a library — load an adapter, run the suite, report.
// The adapter API itself is `syncspec/adapter`; vitest tests, `syncspec/vitest`.
export { loadAdapter, type LoadResult } from './adapter/load.ts';
export { expectationsFileFor, readExpectationsFile, updateExpectations, writeExpectationsFile } from './adapter/expectations-file.ts';
export { createCheckRunner, replayCheck } from './executors/shared/check-runner.ts';
export { runSuite, runRule, type CheckOutcome, type CheckRunner, type SuiteOptions } from './run/runSuite.ts';
export { exitCodeOf, type RunReport, type AdapterResult, type RuleResult, type Status, type Counterexample } from './report/results.ts';
export { formatPretty, formatMatrix } from './report/pretty.ts';
export { toJUnit } from './report/junit.ts';
export type { Adapter, Expectation } from './adapter/types.ts';

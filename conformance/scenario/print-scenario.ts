// A scenario in the chapters' example notation (spec/FORMAT.md), so a counterexample
// can be pasted into a chapter or a test. The toolchain owns the notation; this only
// chooses the defaults a counterexample needs.
import { printExample, printExampleBlock } from '../../spec/toolchain/example/print-example.ts';
import type { Scenario } from './types.ts';

export interface PrintOptions {
  readonly title?: string;
  readonly rule?: string;
  /** Wrap in a ```example fence. */
  readonly fenced?: boolean;
}

export function printScenario(scenario: Scenario, options: PrintOptions = {}): string {
  const meta = { title: options.title ?? 'counterexample', ...(options.rule === undefined ? {} : { rule: options.rule }) };
  return options.fenced === true ? printExampleBlock(scenario, meta) : printExample(scenario, meta);
}

import { describe, expect, it } from 'vitest';
import { loadSpec } from './index.ts';
import { modelNamed } from './models.ts';
import { exploreScenario, type RunOutcome } from './model/explore.ts';
import { formatOutcome } from './model/types.ts';
import type { Outcome } from './model/types.ts';

// The model agrees with every example of every chapter: each outcome the model can
// produce for an operation is one the example lists, and each listed alternative is
// one the model can produce. An example that lists too much, or too little, fails here.

const loaded = await loadSpec({ typecheck: false });
if (!loaded.ok) throw new Error(loaded.errors.map(String).join('\n'));
const { spec } = loaded;

const show = (o: RunOutcome | Outcome | 'blocks'): string => (typeof o === 'string' ? o : formatOutcome(o));

describe('every example agrees with its model', () => {
  it('has examples to check', () => {
    expect(spec.examples.length).toBeGreaterThan(30);
  });
  for (const example of spec.examples) {
    it(`${example.rule}: ${example.title} (${example.file}:${example.line})`, () => {
      const exploration = exploreScenario(modelNamed(example.scenario.model), example.scenario);
      expect(exploration.truncated).toBe(false);
      expect(exploration.runs.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const op of exploration.ops) {
        const expected = op.source.expect;
        if (expected === undefined) continue;
        const listed = new Set(expected.map(show));
        const produced = new Set(exploration.runs.map((run) => show(run[op.id])));
        const where = `${op.actor}: ${op.target}.${op.name}(${op.args.map((a) => JSON.stringify(a)).join(', ')})`;
        for (const p of produced) if (!listed.has(p)) problems.push(`${where}: the model can produce ${p}, which the example does not list`);
        for (const l of listed) if (!produced.has(l)) problems.push(`${where}: the example lists ${l}, which the model never produces`);
      }
      expect(problems).toEqual([]);
    });
  }
});

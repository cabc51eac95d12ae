// Shared by the engine's tests: a judge for the channel model, and scenarios written in
// the example notation, which reads far better in a test than a Scenario literal.
import { channelModel } from '../../spec/generated/channels.model.ts';
import { parseExample } from '../../spec/toolchain/example/parse-example.ts';
import { judgeWith, type Judge } from '../executors/shared/judge.ts';
import type { Scenario } from '../scenario/types.ts';
import { bruteForceCheck, type BruteForceAnswer } from './brute-force-checker.ts';

/** The channel model judged by the brute-force checker (until conformance/checker lands, and as a cross-check after). */
export const channelJudge: Judge<BruteForceAnswer> = judgeWith(channelModel, bruteForceCheck, (answer) => answer.message);

/** `scenarioOf('let tx, rx = channel()\nA: tx.send(1)')`; a `title:` line is added when missing. */
export function scenarioOf(text: string): Scenario {
  const body = /^\s*title:/m.test(text) ? text : `title: test\n${text}`;
  const parsed = parseExample(body.replace(/^\s+/gm, ''));
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.line}: ${e.message}`).join('\n'));
  return parsed.example.scenario;
}

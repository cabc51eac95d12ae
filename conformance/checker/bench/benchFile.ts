// Times the checker on one corpus file, in its own process (run by checkerBench.ts).
// Protocol (shared/research/checker-anchor.md): load and convert untimed; one warm-up check,
// reported separately as the cold (JIT) time; then 5 timed checks, GC before each; a check
// that answers `unknown` within the budget is a timeout and is not repeated.
// Prints one JSON line: a FileTiming.

import { basename } from 'node:path';
import { checkHistory } from '../checkHistory.ts';
import { corpusToHistory, parseCorpusName, readCorpusFile } from '../corpus.ts';
import { fifoQueueModel } from '../fifo/fifoQueueModel.ts';

export interface FileTiming {
  readonly file: string;
  readonly clients: number;
  readonly ops: number;
  readonly variant: string;
  readonly expected: 'ok' | 'illegal';
  /** The verdict of every check (they must all agree). */
  readonly verdict: string;
  readonly verdictMatches: boolean;
  /** The first check in the process, before the JIT has warmed up. */
  readonly coldMs: number;
  /** The timed checks, in order; empty after a timeout. */
  readonly runsMs: readonly number[];
  readonly medianMs?: number;
  readonly minMs?: number;
  readonly maxMs?: number;
  readonly timeout: boolean;
  readonly decidedBy: readonly string[];
}

function main(): void {
  const [path, ...flags] = process.argv.slice(2);
  if (!path) throw new Error('usage: benchFile.ts FILE [--search] [--budget MS] [--runs N]');
  const flag = (name: string, fallback: number): number => {
    const i = flags.indexOf(name);
    return i >= 0 ? Number(flags[i + 1]) : fallback;
  };
  const useDeciders = !flags.includes('--search');
  const budgetMs = flag('--budget', 60_000);
  const runs = flag('--runs', 5);
  const name = basename(path);
  const parsed = parseCorpusName(name);
  if (!parsed) throw new Error(`${name}: not a corpus file name`);

  const file = readCorpusFile(path);
  const history = corpusToHistory(file);
  const expected = file.expected === 'ok' ? 'ok' : 'safety';
  const gc = (globalThis as { gc?: () => void }).gc;

  const check = () => {
    gc?.();
    const started = performance.now();
    const result = checkHistory(fifoQueueModel, history, { budgetMs, useDeciders });
    return { result, ms: performance.now() - started };
  };

  const cold = check();
  const verdicts = [cold.result.verdict];
  const runsMs: number[] = [];
  if (cold.result.verdict !== 'unknown') {
    for (let i = 0; i < runs; i++) {
      const r = check();
      verdicts.push(r.result.verdict);
      runsMs.push(r.ms);
      if (r.result.verdict === 'unknown') break;
    }
  }
  const timedOut = verdicts.includes('unknown');
  const sorted = [...runsMs].sort((a, b) => a - b);
  const verdict = verdicts.every((v) => v === verdicts[0]) ? verdicts[0] : `mixed (${verdicts.join(', ')})`;
  const timing: FileTiming = {
    file: name,
    clients: parsed.clients,
    ops: parsed.ops,
    variant: parsed.variant,
    expected: file.expected,
    verdict,
    verdictMatches: verdict === expected,
    coldMs: cold.ms,
    runsMs,
    ...(sorted.length > 0 ? { medianMs: sorted[sorted.length >> 1], minMs: sorted[0], maxMs: sorted[sorted.length - 1] } : {}),
    timeout: timedOut,
    decidedBy: cold.result.stats.decidedBy,
  };
  process.stdout.write(`${JSON.stringify(timing)}\n`);
}

main();

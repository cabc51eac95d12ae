import type { Adapter } from '../adapter/types.ts';
import type { Check, Rule, Spec } from '../../spec/index.ts';
import { isFailing, type AdapterResult, type Counterexample, type HistoryQuality, type RuleResult, type RunReport, type Status } from '../report/results.ts';
import { exampleNeeds } from './example-needs.ts';
import { ruleMatcher } from './ruleFilter.ts';

// The suite: every selected rule of the spec against every adapter. A rule whose
// capabilities the adapter lacks is `n/a`; otherwise each of its checks runs, and the
// first failing check decides; an example that uses a capability the adapter lacks (a
// flavour, an operation) is skipped, and a rule whose every check is skipped is `n/a`
// too. Declared expectations turn a failure into
// `expected-fail` and a pass into `unexpected-pass`.

/** What running one check on one adapter gives. */
export interface CheckOutcome {
  /** `n/a`: the check does not apply to the adapter (a property with nothing to generate from its capabilities); `message` says why. */
  readonly status: 'pass' | 'fail' | 'error' | 'unknown' | 'n/a';
  readonly runs: number;
  readonly message?: string;
  readonly counterexample?: Counterexample;
  readonly replay?: string;
  readonly quality?: HistoryQuality;
}

/** Runs checks; the engine's executors sit behind it. */
export interface CheckRunner {
  run(adapter: Adapter, rule: Rule, check: Check, options: { runs: number; seed: number }): Promise<CheckOutcome>;
  /** Runs a replay token again (an expectation's recorded counterexample). */
  replay?(adapter: Adapter, token: string): Promise<CheckOutcome>;
}

export interface SuiteOptions {
  readonly spec: Spec;
  readonly adapters: readonly Adapter[];
  readonly runner: CheckRunner;
  readonly rules?: string;
  readonly runs: number;
  readonly seed: number;
  readonly version: string;
  /** Stop at the first result that makes the run exit non-zero (`syncspec run --bail`): the rules after it are not run and not in the report. */
  readonly bail?: boolean;
  readonly onProgress?: (event: { adapter: string; rule: string; status: Status; done: number; total: number }) => void;
}

export async function runSuite(options: SuiteOptions): Promise<RunReport> {
  const selected = options.spec.rules.filter((r) => ruleMatcher(options.rules)(r.id));
  const total = selected.length * options.adapters.length;
  let done = 0;
  const adapters: AdapterResult[] = [];
  let bailed = false;
  for (const adapter of options.adapters) {
    if (bailed) break;
    const results: RuleResult[] = [];
    const qualities: HistoryQuality[] = [];
    for (const rule of selected) {
      const result = await runRule(adapter, rule, options, qualities);
      results.push(result);
      done++;
      options.onProgress?.({ adapter: adapter.name, rule: rule.id, status: result.status, done, total });
      if (options.bail === true && isFailing(result.status)) {
        bailed = true;
        break;
      }
    }
    adapters.push({
      name: adapter.name,
      library: adapter.library.name,
      version: adapter.library.version,
      executor: adapter.executor,
      results,
      quality: mergeQuality(qualities),
    });
  }
  return { tool: 'syncspec', version: options.version, seed: options.seed, adapters };
}

/** One rule on one adapter, as the suite runs it (`syncspec/vitest` runs them one by one). */
export async function runRule(adapter: Adapter, rule: Rule, options: Pick<SuiteOptions, 'runner' | 'runs' | 'seed'>, qualities: HistoryQuality[] = []): Promise<RuleResult> {
  const started = performance.now();
  const missing = rule.capabilities.filter((c) => !adapter.capabilities.includes(c));
  if (missing.length > 0) {
    return { rule: rule.id, status: 'n/a', runs: 0, durationMs: 0, message: `${adapter.name} lacks ${missing.join(', ')}` };
  }
  let runs = 0;
  let verdict: RuleResult | undefined;
  const skipped: string[] = [];
  /** Why each property skipped as not applicable had nothing to generate. */
  const inapplicable: string[] = [];
  /** Examples of which no run could be decided on this executor (a stress run cannot tell that an actor waits), and why. */
  const undecided: string[] = [];
  let decided = 0;
  for (const check of rule.checks) {
    if (check.kind === 'example') {
      const lacking = exampleNeeds(check.scenario).filter((c) => !adapter.capabilities.includes(c));
      if (lacking.length > 0) {
        skipped.push(...lacking.filter((c) => !skipped.includes(c)));
        continue;
      }
    }
    let outcome: CheckOutcome;
    try {
      outcome = await options.runner.run(adapter, rule, check, { runs: options.runs, seed: options.seed });
    } catch (e) {
      // An exception here is a bug of syncspec's, not of the adapter: say so plainly.
      outcome = { status: 'error', runs: 0, message: `internal error while running "${check.title}": ${e instanceof Error ? e.stack ?? e.message : String(e)}` };
    }
    // A property whose flavours or operations the adapter has none of is skipped, as an example is.
    if (outcome.status === 'n/a') {
      inapplicable.push(`"${check.title}": ${outcome.message ?? 'nothing to generate'}`);
      continue;
    }
    runs += outcome.runs;
    if (outcome.quality !== undefined) qualities.push(outcome.quality);
    // An example this executor cannot decide says nothing either way: the rule's other checks decide.
    if (outcome.status === 'unknown' && check.kind === 'example') {
      undecided.push(outcome.message ?? `example "${check.title}" undecided`);
      continue;
    }
    if (outcome.status === 'pass') decided++;
    if (outcome.status !== 'pass') {
      verdict = {
        rule: rule.id,
        status: outcome.status,
        runs,
        durationMs: 0,
        message: outcome.message ?? `${check.kind} "${check.title}" ${outcome.status === 'fail' ? 'failed' : outcome.status}`,
        ...(outcome.counterexample !== undefined ? { counterexample: outcome.counterexample } : {}),
        ...(outcome.replay !== undefined ? { replay: outcome.replay } : {}),
      };
      break;
    }
  }
  const durationMs = Math.round(performance.now() - started);
  // Nothing ran: every example needs what the adapter lacks, and any property had nothing to generate.
  if ((skipped.length > 0 || inapplicable.length > 0) && runs === 0 && (verdict === undefined || verdict.status === 'unknown')) {
    const also = [...(verdict?.message === undefined ? [] : [verdict.message]), ...inapplicable.map((p) => `property ${p}`)].join('; ');
    const lacks = skipped.length > 0 ? `${adapter.name} lacks ${skipped.join(', ')}, which every example of the rule uses` : `no check of the rule applies to ${adapter.name}`;
    return { rule: rule.id, status: 'n/a', runs: 0, durationMs, message: also === '' ? lacks : `${lacks}; ${also}` };
  }
  // No failure: a pass, unless no check could decide anything (then the undecided examples say why).
  const status = decided === 0 && undecided.length > 0 ? 'unknown' : 'pass';
  const raw: RuleResult =
    verdict === undefined ? { rule: rule.id, status, runs, durationMs, ...(undecided.length === 0 ? {} : { message: undecided.join('; ') }) } : { ...verdict, runs, durationMs };
  return applyExpectation(adapter, raw, options.runner);
}

async function applyExpectation(adapter: Adapter, result: RuleResult, runner: CheckRunner): Promise<RuleResult> {
  const expectation = adapter.expectations?.[result.rule];
  if (expectation === undefined) return result;
  const why = `expected to fail: ${expectation.reason}${expectation.link !== undefined ? ` (${expectation.link})` : ''}`;
  if (result.status === 'fail') return { ...result, status: 'expected-fail', message: `${why}\n${result.message ?? ''}`.trim() };
  if (result.status === 'pass') {
    // This seed did not find it: does the recorded counterexample still fail?
    if (expectation.replay !== undefined && runner.replay !== undefined) {
      let replayed: CheckOutcome | undefined;
      try {
        replayed = await runner.replay(adapter, expectation.replay);
      } catch {
        replayed = undefined;
      }
      if (replayed?.status === 'fail') {
        return {
          ...result,
          status: 'expected-fail',
          message: `${why}\nthis run's scenarios did not show it; the recorded counterexample still fails`,
          ...(replayed.counterexample !== undefined ? { counterexample: replayed.counterexample } : {}),
          replay: expectation.replay,
        };
      }
    }
    return { ...result, status: 'unexpected-pass', message: `${why} — but it passed: update the expectations` };
  }
  return result;
}

function mergeQuality(qualities: readonly HistoryQuality[]): HistoryQuality | undefined {
  if (qualities.length === 0) return undefined;
  const features: Record<string, number> = {};
  let histories = 0;
  let overlapping = 0;
  for (const q of qualities) {
    histories += q.histories;
    overlapping += q.overlapping;
    for (const [f, n] of Object.entries(q.features)) features[f] = (features[f] ?? 0) + n;
  }
  return { histories, overlapping, features };
}

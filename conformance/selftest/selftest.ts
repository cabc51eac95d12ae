// `syncspec selftest`: the suite's teeth. Every mutant of the catalogue (one injected bug
// each) runs through the public adapter path a user's adapter takes — the loader's
// shape check (or `loadAdapter` for a module), then `runSuite` with the engine's check
// runner — on the rules of the chapters its bug can reach. A rule kills a mutant when it
// fails on it. The correct implementations (the baselines) run the same rules and must
// fail none: a rule that fails a correct implementation, or kills a mutant marked
// equivalent to the spec, is a false failure.
import { loadAdapter, shapeProblems } from '../adapter/load.ts';
import type { Adapter } from '../adapter/types.ts';
import type { RuleResult, Status } from '../report/results.ts';
import { ruleMatcher } from '../run/ruleFilter.ts';
import { runSuite, type CheckRunner } from '../run/runSuite.ts';
import type { Rule, Spec } from '../../spec/index.ts';
import { inParallel } from './in-parallel.ts';
import type { Mutant } from './types.ts';

/** A correct implementation the mutants are measured against. */
export interface Baseline {
  readonly name: string;
  readonly executor: string;
  /** Chapters it implements (its other rules are n/a). */
  readonly chapters: readonly string[];
  readonly adapter: Adapter | { readonly module: string };
}

export interface SelftestOptions {
  readonly spec: Spec;
  readonly mutants: readonly Mutant[];
  readonly baselines: readonly Baseline[];
  readonly createRunner: () => CheckRunner;
  /** Generated scenarios per property (syncspec run's default: 100). */
  readonly runs: number;
  readonly seed: number;
  /** Only rules whose ID matches (comma-separated globs). */
  readonly rules?: string;
  /** Stop a mutant's run at the first failing rule (time-to-detect; the kill matrix is then partial). */
  readonly stopAtFirstKill?: boolean;
  readonly version?: string;
  readonly onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
  | { readonly kind: 'start'; readonly subject: string; readonly what: 'mutant' | 'baseline'; readonly rules: number; readonly index: number; readonly total: number }
  | { readonly kind: 'rule'; readonly subject: string; readonly rule: string; readonly status: Status }
  | { readonly kind: 'done'; readonly subject: string; readonly killedBy: readonly string[]; readonly ms: number };

/** The first failing rule of a mutant's run, in the order `syncspec run` runs rules. */
export interface Detection {
  readonly rule: string;
  /** Scenario runs until the failure was reported: every earlier rule's, and the failing rule's own. */
  readonly runs: number;
  /** Seconds until the failure was reported (shrinking of the counterexample included, where the runner shrinks: `syncspec selftest`'s does not). */
  readonly seconds: number;
  /** Scenario runs of the failing rule alone, up to its failure. */
  readonly ruleRuns: number;
  /** The executor's verdict, from its summary: `liveness` (a deadlock, a lost wakeup) or `safety`. */
  readonly verdict: 'safety' | 'liveness';
}

export interface MutantResult {
  readonly id: string;
  readonly executor: string;
  readonly description: string;
  readonly bug: string;
  readonly equivalent?: string;
  readonly targets?: readonly string[];
  /** Rules run against it. */
  readonly rules: number;
  /** Rules that failed on it. */
  readonly killedBy: readonly string[];
  /** Targets it was designed to break that did not kill it. */
  readonly missedTargets: readonly string[];
  /** Rules that reported `error` (a broken adapter: not a kill) or `unknown`, with why. */
  readonly errors: readonly { readonly rule: string; readonly status: Status; readonly message: string }[];
  readonly detection?: Detection;
  /** Set when the mutant could not be loaded (its adapter is malformed). */
  readonly loadError?: string;
  readonly durationMs: number;
}

export interface BaselineResult {
  readonly name: string;
  readonly executor: string;
  readonly rules: number;
  /** Rules that did not pass (or n/a) on a correct implementation: false failures. */
  readonly failures: readonly { readonly rule: string; readonly status: Status; readonly message: string }[];
  readonly loadError?: string;
  readonly durationMs: number;
}

export interface RuleKills {
  readonly rule: string;
  readonly chapter: string;
  readonly title: string;
  /** Non-equivalent mutants it kills. */
  readonly kills: readonly string[];
  /** Equivalent mutants it kills: false failures. */
  readonly falseKills: readonly string[];
  /** Mutants it ran against (its chapter's). */
  readonly ranAgainst: number;
}

export interface SelftestReport {
  readonly tool: 'syncspec';
  readonly version: string;
  readonly seed: number;
  readonly runs: number;
  readonly mutants: readonly MutantResult[];
  readonly baselines: readonly BaselineResult[];
  readonly rules: readonly RuleKills[];
  readonly summary: {
    /** Non-equivalent mutants. */
    readonly scored: number;
    readonly killed: number;
    readonly equivalent: number;
    /** Non-equivalent mutants no rule killed. */
    readonly survivors: readonly string[];
    /** Selected rules that killed no mutant. */
    readonly rulesWithoutKill: readonly string[];
    /** Equivalent mutants some rule killed, and baselines some rule failed: the suite is wrong somewhere. */
    readonly falseFailures: readonly string[];
    /** Mutants or baselines that did not load. */
    readonly loadErrors: readonly string[];
    /** True when every selected rule kills a mutant, every mutant is killed (or equivalent and not), and nothing failed falsely. */
    readonly ok: boolean;
  };
}

/** Rules a subject runs: the selected ones of its chapters. */
export function rulesFor(spec: Spec, chapters: readonly string[], glob: string | undefined): Rule[] {
  const match = ruleMatcher(glob);
  return spec.rules.filter((r) => chapters.includes(r.chapter) && match(r.id));
}

/** The adapter of a mutant or baseline, checked as `syncspec run --adapter` checks a user's. */
export async function resolveAdapter(source: Adapter | { readonly module: string }, capabilities: readonly string[]): Promise<{ ok: true; adapter: Adapter } | { ok: false; error: string }> {
  if ('module' in source && typeof source.module === 'string' && !('name' in source)) {
    const loaded = await loadAdapter(source.module, { capabilities });
    return loaded.ok ? { ok: true, adapter: loaded.adapter } : { ok: false, error: loaded.error };
  }
  const problems = shapeProblems(source, capabilities);
  return problems.length > 0 ? { ok: false, error: `malformed adapter:\n  - ${problems.join('\n  - ')}` } : { ok: true, adapter: source as Adapter };
}

export function verdictOf(result: RuleResult): 'safety' | 'liveness' {
  const text = `${result.message ?? ''}\n${result.counterexample?.diagnosis ?? ''}`;
  return /liveness|pending that the model says must complete|real-time budget/i.test(text) ? 'liveness' : 'safety';
}

/** Runs `adapter` on `rules`, one rule at a time in spec order (so the run can stop at the first failure). */
async function runRules(
  spec: Spec,
  adapter: Adapter,
  rules: readonly Rule[],
  runner: CheckRunner,
  options: SelftestOptions,
  subject: string,
  stopAtFirstFail: boolean,
): Promise<RuleResult[]> {
  const results: RuleResult[] = [];
  for (const rule of rules) {
    // A glob of one exact ID selects exactly that rule (IDs have no glob characters).
    const report = await runSuite({ spec, adapters: [adapter], runner, rules: rule.id, runs: options.runs, seed: options.seed, version: options.version ?? '0.0.0' });
    const result = report.adapters[0].results[0];
    results.push(result);
    options.onProgress?.({ kind: 'rule', subject, rule: rule.id, status: result.status });
    if (stopAtFirstFail && result.status === 'fail') break;
  }
  return results;
}

function firstDetection(results: readonly RuleResult[]): Detection | undefined {
  let runs = 0;
  let ms = 0;
  for (const r of results) {
    runs += r.runs;
    ms += r.durationMs;
    if (r.status === 'fail') return { rule: r.rule, runs, seconds: ms / 1000, ruleRuns: r.runs, verdict: verdictOf(r) };
  }
  return undefined;
}

/** A subject of the selftest by its place in the options' lists (what travels to a child process). */
export interface SubjectRef {
  readonly kind: 'baseline' | 'mutant';
  readonly index: number;
}

/** Runs one subject to its result: here (`inThisProcess`) or in a child process (in-processes.ts). */
export type SubjectRunner = (subject: SubjectRef) => Promise<BaselineResult | MutantResult>;

/** The subject runner of this process: one check runner for every subject it runs. */
export function inThisProcess(options: SelftestOptions): SubjectRunner {
  const runner = options.createRunner();
  return ({ kind, index }) => (kind === 'baseline' ? runBaseline(options.baselines[index], runner, options) : runMutant(options.mutants[index], runner, options));
}

/**
 * Runs every baseline, then every mutant, each by whichever of `runners` is free (one, in
 * this process, by default), and summarizes them in the options' order.
 */
export async function runSelftest(options: SelftestOptions, runners: readonly SubjectRunner[] = [inThisProcess(options)]): Promise<SelftestReport> {
  const subjects: SubjectRef[] = [...options.baselines.map((_, index) => ({ kind: 'baseline' as const, index })), ...options.mutants.map((_, index) => ({ kind: 'mutant' as const, index }))];
  const results = await inParallel(
    subjects.map((ref, i) => async (lane: number) => {
      const subject = ref.kind === 'baseline' ? options.baselines[ref.index] : options.mutants[ref.index];
      const name = 'id' in subject ? subject.id : subject.name;
      options.onProgress?.({ kind: 'start', subject: name, what: ref.kind, rules: rulesFor(options.spec, subject.chapters, options.rules).length, index: i, total: subjects.length });
      const result = await runners[lane](ref);
      const killedBy = 'failures' in result ? result.failures.map((f) => f.rule) : result.killedBy;
      options.onProgress?.({ kind: 'done', subject: name, killedBy, ms: result.durationMs });
      return result;
    }),
    runners.length,
  );
  const baselines = results.filter((r): r is BaselineResult => 'failures' in r);
  const mutants = results.filter((r): r is MutantResult => 'killedBy' in r);
  return summarize(options, mutants, baselines);
}

/** One correct implementation on the selected rules of its chapters: the rules it fails are false failures. */
async function runBaseline(b: Baseline, runner: CheckRunner, options: SelftestOptions): Promise<BaselineResult> {
  const { spec } = options;
  const rules = rulesFor(spec, b.chapters, options.rules);
  const started = performance.now();
  const resolved = await resolveAdapter(b.adapter, spec.capabilities.map((c) => c.name));
  if (!resolved.ok) return { name: b.name, executor: b.executor, rules: rules.length, failures: [], loadError: resolved.error, durationMs: 0 };
  const results = await runRules(spec, resolved.adapter, rules, runner, options, b.name, false);
  const failures = results.filter((r) => r.status !== 'pass' && r.status !== 'n/a').map((r) => ({ rule: r.rule, status: r.status, message: r.message ?? '' }));
  return { name: b.name, executor: b.executor, rules: rules.length, failures, durationMs: Math.round(performance.now() - started) };
}

/** One mutant on the selected rules of its chapters: the rules that kill it, and when the first did. */
async function runMutant(m: Mutant, runner: CheckRunner, options: SelftestOptions): Promise<MutantResult> {
  const { spec } = options;
  const rules = rulesFor(spec, m.chapters, options.rules);
  const started = performance.now();
  const base = {
    id: m.id,
    executor: m.executor,
    description: m.description,
    bug: m.bug,
    ...(m.equivalent === undefined ? {} : { equivalent: m.equivalent }),
    ...(m.targets === undefined ? {} : { targets: m.targets }),
    rules: rules.length,
  };
  const resolved = await resolveAdapter(m.adapter, spec.capabilities.map((c) => c.name));
  if (!resolved.ok) return { ...base, killedBy: [], missedTargets: [], errors: [], loadError: resolved.error, durationMs: 0 };
  const results = await runRules(spec, resolved.adapter, rules, runner, options, m.id, options.stopAtFirstKill === true);
  const killedBy = results.filter((r) => r.status === 'fail').map((r) => r.rule);
  const ran = new Set(results.map((r) => r.rule));
  const missedTargets = (m.targets ?? []).filter((t) => ran.has(t) && !killedBy.includes(t));
  const errors = results.filter((r) => r.status === 'error' || r.status === 'unknown').map((r) => ({ rule: r.rule, status: r.status, message: (r.message ?? '').split('\n')[0] }));
  const detection = firstDetection(results);
  return { ...base, killedBy, missedTargets, errors, ...(detection === undefined ? {} : { detection }), durationMs: Math.round(performance.now() - started) };
}

export function summarize(options: Pick<SelftestOptions, 'spec' | 'mutants' | 'baselines' | 'rules' | 'runs' | 'seed' | 'version'>, mutants: readonly MutantResult[], baselines: readonly BaselineResult[]): SelftestReport {
  const chapters = new Set(options.mutants.flatMap((m) => m.chapters));
  const selected = rulesFor(options.spec, [...chapters], options.rules);
  const rules: RuleKills[] = selected.map((rule) => {
    const against = mutants.filter((m) => options.mutants.find((x) => x.id === m.id)?.chapters.includes(rule.chapter));
    return {
      rule: rule.id,
      chapter: rule.chapter,
      title: rule.title,
      kills: against.filter((m) => m.equivalent === undefined && m.killedBy.includes(rule.id)).map((m) => m.id),
      falseKills: against.filter((m) => m.equivalent !== undefined && m.killedBy.includes(rule.id)).map((m) => m.id),
      ranAgainst: against.length,
    };
  });
  const scored = mutants.filter((m) => m.equivalent === undefined && m.loadError === undefined);
  const survivors = scored.filter((m) => m.killedBy.length === 0).map((m) => m.id);
  const rulesWithoutKill = rules.filter((r) => r.kills.length === 0).map((r) => r.rule);
  const falseFailures = [
    ...mutants.filter((m) => m.equivalent !== undefined && m.killedBy.length > 0).map((m) => `${m.id} (equivalent, killed by ${m.killedBy.join(', ')})`),
    ...baselines.flatMap((b) => b.failures.map((f) => `${b.name} ${f.rule} ${f.status}`)),
  ];
  const loadErrors = [...mutants.filter((m) => m.loadError !== undefined).map((m) => `${m.id}: ${m.loadError}`), ...baselines.filter((b) => b.loadError !== undefined).map((b) => `${b.name}: ${b.loadError}`)];
  return {
    tool: 'syncspec',
    version: options.version ?? '0.0.0',
    seed: options.seed,
    runs: options.runs,
    mutants,
    baselines,
    rules,
    summary: {
      scored: scored.length,
      killed: scored.length - survivors.length,
      equivalent: mutants.filter((m) => m.equivalent !== undefined).length,
      survivors,
      rulesWithoutKill,
      falseFailures,
      loadErrors,
      ok: rulesWithoutKill.length === 0 && survivors.length === 0 && falseFailures.length === 0 && loadErrors.length === 0,
    },
  };
}

// The results of a run, in the shape DESIGN.md fixes for `syncspec run --reporter json`:
// keyed by rule ID, one list per adapter.

export type Status = 'pass' | 'fail' | 'n/a' | 'expected-fail' | 'unexpected-pass' | 'error' | 'unknown';

export interface Counterexample {
  /** The check that failed: an example's or a property's title. */
  readonly check: string;
  /** The minimal scenario, in the chapters' example notation (paste it into a chapter or a test). */
  readonly scenario: string;
  /** The recorded history as a per-actor timeline. */
  readonly timeline: string;
  /** What the model allowed where no explanation exists, beside what happened. */
  readonly diagnosis: string;
  readonly executor: string;
  /** The recorded history as data, for drawing it (the site's SVG timelines); absent in older results. */
  readonly history?: CounterexampleHistory;
}

/** One operation of a counterexample's history; stamps come from the run's global clock. */
export interface CounterexampleOp {
  readonly id: number;
  readonly actor: string;
  /** As written in a scenario: `tx.send(1)`, `g = m.lock()`. */
  readonly call: string;
  /** Invocation stamp. */
  readonly invoked: number;
  /** Response stamp; absent for an operation still pending when the run ended. */
  readonly returned?: number;
  /** The outcome as printed (`Ok(1)`, `Disconnected`); absent while pending. */
  readonly result?: string;
}

/** An operation the explanation stopped at: what happened beside what the model (or the example) allowed. */
export interface CounterexampleMark {
  readonly op: number;
  /** What happened: the printed outcome, or `pending`. */
  readonly observed: string;
  /** What was allowed there (printed outcomes; empty: the model does not enable it); absent when not known. */
  readonly allowed?: readonly string[];
  readonly note: string;
}

export interface CounterexampleHistory {
  readonly ops: readonly CounterexampleOp[];
  /** The operations the model could not explain (or whose outcome the example does not allow). */
  readonly marked: readonly CounterexampleMark[];
  /** The stamp by which some operation had to take effect and none could: where the explanation stopped. */
  readonly stoppedAt?: number;
}

export interface RuleResult {
  readonly rule: string;
  readonly status: Status;
  /** Scenario runs executed for this rule (examples and generated). */
  readonly runs: number;
  readonly durationMs: number;
  readonly message?: string;
  readonly counterexample?: Counterexample;
  /** `syncspec run --replay TOKEN` reproduces the failure. */
  readonly replay?: string;
}

export interface AdapterResult {
  readonly name: string;
  readonly library: string;
  readonly version: string;
  readonly executor: string;
  readonly results: readonly RuleResult[];
  /** How much the run actually tested: overlap and model states visited. */
  readonly quality?: HistoryQuality;
}

export interface HistoryQuality {
  readonly histories: number;
  /** Histories in which at least two operations overlapped in time. */
  readonly overlapping: number;
  /** Model features visited (`bounded:full`, `rendezvous:receiver-waiting`, ...) with counts. */
  readonly features: { readonly [feature: string]: number };
}

export interface RunReport {
  readonly tool: 'syncspec';
  readonly version: string;
  readonly seed: number;
  readonly adapters: readonly AdapterResult[];
}

const FAILING: readonly Status[] = ['fail', 'unexpected-pass', 'error', 'unknown'];

/** Whether a rule's status is a failure of the run: anything but `pass`, `n/a` and `expected-fail`. */
export function isFailing(status: Status): boolean {
  return FAILING.includes(status);
}

/** 0 when everything passed, was n/a or failed as expected; 1 on any unexpected outcome. */
export function exitCodeOf(report: RunReport): 0 | 1 {
  return report.adapters.some((a) => a.results.some((r) => isFailing(r.status))) ? 1 : 0;
}

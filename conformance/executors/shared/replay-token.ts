// One string from which a failure is reproduced exactly: base64url of a JSON object
// naming the adapter, the rule, the executor, the fast-check seed and path, and the
// counterexample itself (scenario and schedule). Replaying runs the scenario under the
// schedule directly: no regeneration, so the token stays valid if generators change.
import type { ExecutorKind } from '../../adapter/types.ts';
import type { Scenario } from '../../scenario/types.ts';
import type { Schedule } from './schedule.ts';

export interface ReplayToken {
  readonly version: 1;
  readonly adapter: string;
  readonly rule?: string;
  /** The title of the property or example that failed. */
  readonly check?: string;
  readonly executor: ExecutorKind;
  /** Threads executor: `controlled` (replays exactly) or `stress` (runs the scenario again, with the same jitter). */
  readonly mode?: 'stress' | 'controlled' | 'pct';
  /** fast-check's seed and path for the counterexample (an example has no path). */
  readonly seed: number;
  readonly path?: string;
  readonly scenario: Scenario;
  readonly schedule: Schedule;
  /**
   * Async executor: the schedule was chosen among events that include bursts (run-async.ts).
   * Tokens recorded before bursts existed lack it, and replay without them.
   */
  readonly bursts?: true;
  /** Async executor: the ready events also included ticks (run-async.ts); older tokens replay without them. */
  readonly ticks?: true;
  /** Async executor: the ready events also included late timers (run-async.ts); older tokens replay without them. */
  readonly lateTimers?: true;
  /** Async executor: the ready events also included a timer firing with another lane's invocation in one stretch (run-async.ts); older tokens replay without them. */
  readonly timerBursts?: true;
}

export class ReplayTokenError extends Error {
  override readonly name = 'ReplayTokenError';
}

export function encodeReplayToken(token: Omit<ReplayToken, 'version'>): string {
  return Buffer.from(JSON.stringify({ version: 1, ...token }), 'utf8').toString('base64url');
}

/** The token of a failure a runner found: who ran what (`check` is the title), and the counterexample. */
export function replayTokenOf(
  run: { readonly adapter: { readonly name: string; readonly executor: ExecutorKind }; readonly rule?: string; readonly title?: string; readonly mode?: ReplayToken['mode'] },
  found: Pick<ReplayToken, 'seed' | 'path' | 'scenario' | 'schedule'>,
): string {
  return encodeReplayToken({
    adapter: run.adapter.name,
    ...(run.rule === undefined ? {} : { rule: run.rule }),
    ...(run.title === undefined ? {} : { check: run.title }),
    executor: run.adapter.executor,
    ...(run.mode === undefined ? {} : { mode: run.mode }),
    ...found,
    ...(run.adapter.executor === 'async' ? { bursts: true as const, ticks: true as const, lateTimers: true as const, timerBursts: true as const } : {}),
  });
}

export function decodeReplayToken(text: string): ReplayToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text.trim(), 'base64url').toString('utf8'));
  } catch {
    throw new ReplayTokenError('not a replay token: expected the base64url string that a failed run printed');
  }
  const t = parsed as Partial<ReplayToken> | null;
  if (typeof t !== 'object' || t === null || t.version !== 1) throw new ReplayTokenError('not a replay token, or one from another syncspec version');
  if (typeof t.adapter !== 'string' || typeof t.executor !== 'string' || typeof t.seed !== 'number') {
    throw new ReplayTokenError('replay token lacks its adapter, executor or seed');
  }
  if (!isScenario(t.scenario) || !Array.isArray(t.schedule) || !t.schedule.every((c) => Number.isInteger(c) && c >= 0)) {
    throw new ReplayTokenError('replay token lacks a well-formed scenario and schedule');
  }
  return t as ReplayToken;
}

function isScenario(s: unknown): s is Scenario {
  if (typeof s !== 'object' || s === null) return false;
  const c = s as Partial<Scenario>;
  return typeof c.model === 'string' && Array.isArray(c.objects) && Array.isArray(c.prefix) && Array.isArray(c.actors) && Array.isArray(c.suffix);
}

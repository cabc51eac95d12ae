// One string from which a failure is reproduced exactly: base64url of a JSON object
// naming the adapter, the rule, the executor, the fast-check seed and path, and the
// counterexample itself (scenario and schedule). Replaying runs the scenario under the
// schedule directly: no regeneration, so the token stays valid if generators change.
import type { ExecutorKind } from '../../adapter/types.ts';
import type { Scenario } from '../../scenario/types.ts';
import type { Schedule } from './schedule.ts';
import { ASYNC_EVENTS, LATEST_ASYNC_EVENTS, type AsyncEventGeneration } from '../async/event-generations.ts';

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
  /** Async executor: the generation of ready events the schedule chose among (`ASYNC_EVENTS`; checked when decoded). */
  readonly asyncEvents?: AsyncEventGeneration;
  /**
   * Tokens recorded before `asyncEvents` name the generation by flags, each set with all
   * before it: bursts, ticks, late timers, timer bursts. A token with none replays with none.
   */
  readonly bursts?: true;
  readonly ticks?: true;
  readonly lateTimers?: true;
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
    ...(run.adapter.executor === 'async' ? { asyncEvents: LATEST_ASYNC_EVENTS } : {}),
  });
}

/** The generation of async events a token's schedule was chosen among. */
export function asyncEventsOf(token: ReplayToken): AsyncEventGeneration {
  if (token.asyncEvents !== undefined) return token.asyncEvents;
  if (token.timerBursts === true) return ASYNC_EVENTS.timerBursts;
  if (token.lateTimers === true) return ASYNC_EVENTS.lateTimers;
  if (token.ticks === true) return ASYNC_EVENTS.ticks;
  return token.bursts === true ? ASYNC_EVENTS.bursts : ASYNC_EVENTS.plain;
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
  if (t.asyncEvents !== undefined && !(Number.isInteger(t.asyncEvents) && t.asyncEvents >= 0 && t.asyncEvents <= LATEST_ASYNC_EVENTS)) {
    throw new ReplayTokenError(`replay token asks for async events of generation ${String(t.asyncEvents)}; this syncspec knows 0 to ${LATEST_ASYNC_EVENTS}: a newer syncspec recorded it`);
  }
  return t as ReplayToken;
}

function isScenario(s: unknown): s is Scenario {
  if (typeof s !== 'object' || s === null) return false;
  const c = s as Partial<Scenario>;
  return typeof c.model === 'string' && Array.isArray(c.objects) && Array.isArray(c.prefix) && Array.isArray(c.actors) && Array.isArray(c.suffix);
}

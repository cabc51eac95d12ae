// Which generator serves a chapter's properties, and the model its scenarios run against.
import { barrierScenarios } from './barrier-scenarios.ts';
import { channelScenarios } from './channel-scenarios.ts';
import { lockScenarios } from './lock-scenarios.ts';
import { onceScenarios } from './once-scenarios.ts';
import type { ScenarioGenerator } from './scenario-generator.ts';

export type { ScenarioGenerator } from './scenario-generator.ts';

type Generate = (config: Readonly<Record<string, string>>, capabilities: readonly string[]) => ScenarioGenerator;

/** Chapter id → the model its scenarios are checked against, and their generator. */
export const CHAPTER_GENERATORS: { readonly [chapter: string]: { readonly model: string; readonly generate: Generate } } = {
  channels: { model: 'channel', generate: channelScenarios },
  mutex: { model: 'mutex', generate: (c, caps) => lockScenarios('mutex', c, caps) },
  rwlock: { model: 'rwlock', generate: (c, caps) => lockScenarios('rwlock', c, caps) },
  condvar: { model: 'condvar', generate: (c, caps) => lockScenarios('condvar', c, caps) },
  barrier: { model: 'barrier', generate: barrierScenarios },
  once: { model: 'once', generate: onceScenarios },
};

/**
 * Scenarios for a property of `chapter`. Throws PropertyConfigError on a malformed
 * configuration (a mistake in the chapter), and an Error for a chapter with no generator.
 */
export function scenariosFor(chapter: string, config: Readonly<Record<string, string>>, capabilities: readonly string[]): ScenarioGenerator {
  const entry = CHAPTER_GENERATORS[chapter];
  if (entry === undefined) throw new Error(`syncspec has no scenario generator for the ${chapter} chapter`);
  return entry.generate(config, capabilities);
}

/** The chapter whose generator reads `config`, from its keys (for callers that do not say). */
export function chapterOfConfig(config: Readonly<Record<string, string>>): string {
  if ('channels' in config) return 'channels';
  if ('rwlocks' in config) return 'rwlock';
  if ('barriers' in config) return 'barrier';
  if ('cells' in config) return 'once';
  if ('condvars' in config || 'predicates' in config || /\bwait|notify/.test(config.ops ?? '')) return 'condvar';
  return 'mutex';
}

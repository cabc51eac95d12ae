// The entry point of scenario generation: a property's configuration and an adapter's
// capabilities in, a fast-check arbitrary of well-formed channel Scenarios out.
import type fc from 'fast-check';
import type { Scenario } from './types.ts';
import { buildScenario } from './build-scenario.ts';
import { planGeneration, type GenerationPlan } from './generation-plan.ts';
import { parsePropertyConfig, type PropertyConfig } from './property-config.ts';
import { scenarioDraftArbitrary } from './scenario-draft.ts';

export type ScenarioGenerator =
  | { readonly ok: true; readonly plan: GenerationPlan; readonly scenarios: fc.Arbitrary<Scenario> }
  /** The adapter lacks every flavour or every operation the property uses: the property is not applicable. */
  | { readonly ok: false; readonly reason: string };

/**
 * Scenarios for a property block's configuration (raw `key: value` strings or parsed)
 * restricted to what the adapter can do. Throws PropertyConfigError on a malformed
 * configuration: that is a mistake in the chapter, not in the adapter.
 */
export function channelScenarios(config: PropertyConfig | Readonly<Record<string, string>>, capabilities: readonly string[]): ScenarioGenerator {
  const parsed = isParsed(config) ? config : parsePropertyConfig(config);
  const planned = planGeneration(parsed, capabilities);
  if (!planned.ok) return planned;
  const { plan } = planned;
  return { ok: true, plan, scenarios: scenarioDraftArbitrary(plan).map((draft) => buildScenario(plan, draft)) };
}

function isParsed(config: PropertyConfig | Readonly<Record<string, string>>): config is PropertyConfig {
  return Array.isArray((config as PropertyConfig).ops);
}

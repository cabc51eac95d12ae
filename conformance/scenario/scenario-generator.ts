// The entry point of scenario generation for every chapter: a property block's
// configuration (raw `key: value` strings) and an adapter's capabilities in, a
// fast-check arbitrary of well-formed Scenarios out — or why nothing can be generated
// for that adapter (the property is then not applicable to it).
import type fc from 'fast-check';
import type { Scenario } from './types.ts';

export type ScenarioGenerator =
  | { readonly ok: true; readonly scenarios: fc.Arbitrary<Scenario> }
  /** The adapter lacks what the property needs: the property is not applicable. */
  | { readonly ok: false; readonly reason: string };

// The validated spec: what `loadSpec` returns once every chapter parsed and every
// cross-reference resolved. This is the shape the CLI, the conformance engine and
// the site generator consume; ParsedChapter (chapter.ts) is the parser's view.
import type { Scenario } from '../../conformance/scenario/types.ts';
import type { Erratum, ModelBlock, RuleKind } from './chapter.ts';

export interface Spec {
  /** Absolute path of the spec directory. */
  readonly dir: string;
  /** In file-name order. */
  readonly chapters: readonly Chapter[];
  /** In chapter order, then document order. */
  readonly rules: readonly Rule[];
  /** The capability catalogue: every capability any chapter declares. */
  readonly capabilities: readonly Capability[];
  /** Every example, its scenario ready to run. */
  readonly examples: readonly Example[];
  readonly properties: readonly Property[];
}

export interface Chapter {
  readonly id: string;
  readonly title: string;
  /** As named in messages: `spec/channels.md`. */
  readonly file: string;
  readonly path: string;
  /** The whole chapter's Markdown source, for the site generator. */
  readonly source: string;
  readonly rules: readonly string[];
  readonly models: readonly ModelBlock[];
  readonly errata: readonly Erratum[];
}

export interface Rule {
  readonly id: string;
  /** Markdown source of the title. */
  readonly title: string;
  /** Chapter id: `channels`. */
  readonly chapter: string;
  readonly file: string;
  /** The heading's line. */
  readonly line: number;
  /** The capabilities it needs (`needs:`); an adapter lacking one gets `n/a`. */
  readonly capabilities: readonly string[];
  readonly sources: readonly string[];
  readonly kind?: RuleKind;
  readonly unspecified?: string;
  /** The rule's prose as Markdown source, machine blocks left out. */
  readonly prose: string;
  readonly checks: readonly Check[];
}

interface CheckBase {
  readonly title: string;
  /** The rule it checks. */
  readonly rule: string;
  readonly chapter: string;
  readonly file: string;
  /** The fence line. */
  readonly line: number;
  /** The block's content as written. */
  readonly text: string;
}

export interface Example extends CheckBase {
  readonly kind: 'example';
  readonly scenario: Scenario;
  /** `schedules: N`: N schedules per executor mode where the default is more, for an example whose every schedule is costly (FORMAT.md). */
  readonly schedules?: number;
}

export interface Property extends CheckBase {
  readonly kind: 'property';
  /** The generator's configuration: every key of the block but `title` and `rule`. */
  readonly config: Readonly<Record<string, string>>;
}

export type Check = Example | Property;

export interface Capability {
  readonly name: string;
  readonly description: string;
  readonly chapter: string;
  readonly file: string;
  readonly line: number;
}

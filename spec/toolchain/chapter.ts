// One chapter file as the parser reads it, before anything is checked against the
// rest of the spec. Line numbers are 1-based lines of the Markdown file.
import type { ParsedExample } from './example/parse-example.ts';

export interface ParsedChapter {
  /** The file name without `.md`: `channels`. */
  readonly id: string;
  /** Absolute path of the Markdown file. */
  readonly path: string;
  /** The file as named in errors (see `displayPath`). */
  readonly file: string;
  /** The text of the first `#` heading (Markdown source); empty when there is none. */
  readonly title: string;
  readonly titleLine: number;
  /** The whole chapter, line endings normalized to `\n`. */
  readonly source: string;
  readonly capabilities: readonly CapabilityDecl[];
  readonly rules: readonly RuleSection[];
  readonly checks: readonly CheckBlock[];
  readonly models: readonly ModelBlock[];
  readonly errata: readonly Erratum[];
}

/** One line of a ```capabilities block. */
export interface CapabilityDecl {
  readonly name: string;
  readonly description: string;
  readonly line: number;
}

/** A `ID · Title` heading and its section (up to the next heading of the same or a higher level). */
export interface RuleSection {
  readonly id: string;
  /** Markdown source of the title (it may contain `code`). */
  readonly title: string;
  /** The heading's line. */
  readonly line: number;
  /** Heading level, 1–6. */
  readonly level: number;
  /** The section's last line (inclusive), nested sections included. */
  readonly endLine: number;
  /**
   * The rule's own prose as Markdown source: the section up to its first nested
   * rule, without the machine blocks (`rule`, `example`, `property`) that the site
   * renders its own way.
   */
  readonly prose: string;
  /** The ```rule block; absent when the chapter forgot it (a validation error). */
  readonly meta?: RuleMeta;
}

export type RuleKind = 'safety' | 'liveness';

export interface RuleMeta {
  readonly needs: readonly string[];
  /** The `needs:` line (or the block's first line when there is none), where unknown capabilities are reported. */
  readonly needsLine: number;
  readonly sources: readonly string[];
  readonly kind?: RuleKind;
  readonly unspecified?: string;
  /** The fence line of the ```rule block. */
  readonly line: number;
}

interface CheckBlockBase {
  /** `title:`; required, its absence is reported by the parser. */
  readonly title?: string;
  /** The fence line. */
  readonly line: number;
  /** The block's content as written. */
  readonly text: string;
  /** The rule whose section the block is in, if any. */
  readonly sectionRule?: string;
  /** The rule named with `rule: ID`, if any; it takes precedence over the section. */
  readonly namedRule?: { readonly id: string; readonly line: number };
}

export interface ExampleBlock extends CheckBlockBase {
  readonly kind: 'example';
  /** Absent when the example does not parse (the errors are reported). */
  readonly example?: ParsedExample;
}

export interface PropertyBlock extends CheckBlockBase {
  readonly kind: 'property';
  /** Every key but `title` and `rule`: the scenario generator's configuration. */
  readonly config: Readonly<Record<string, string>>;
}

export type CheckBlock = ExampleBlock | PropertyBlock;

/** A ```ts model block. */
export interface ModelBlock {
  readonly code: string;
  /** The fence line. */
  readonly line: number;
  /** The Markdown line of the code's first line. */
  readonly codeLine: number;
}

/** A list item of an Errata section. */
export interface Erratum {
  /** The seed file named in backticks at the start of the item, if it is there. */
  readonly seed?: string;
  readonly rules: readonly string[];
  /** Markdown source of the item. */
  readonly text: string;
  readonly line: number;
}

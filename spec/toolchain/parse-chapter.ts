// One chapter's Markdown → ParsedChapter (spec/FORMAT.md). markdown-it gives the
// block structure and, through each token's `map`, the line every construct starts
// on. Problems local to the chapter (a malformed block) are reported here; problems
// that need the whole spec (unknown rule, duplicate ID) are validate-spec.ts's job.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import type {
  CapabilityDecl,
  CheckBlock,
  Erratum,
  ModelBlock,
  ParsedChapter,
  RuleKind,
  RuleMeta,
  RuleSection,
} from './chapter.ts';
import { specError, type SpecError } from './diagnostics.ts';
import { parseExample } from './example/parse-example.ts';
import type { VocabularyRegistry } from './example/vocabulary.ts';
import { bodyLines, parseKeyValueBlock, type KeyValueEntry, type LineProblem } from './key-value.ts';

/** `CHAN-SEND-1`: upper case, dash-separated (at least one dash), starting with a letter. */
export const RULE_ID = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$/;
const RULE_HEADING = /^([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\s*[·:—]\s*(.*)$/;
export const CAPABILITY_NAME = /^[a-z0-9_:-]+$/;
const ERRATA_HEADING = /^errata\b/i;
const RULE_KINDS: readonly RuleKind[] = ['safety', 'liveness'];

/** Blocks that are annotations for the toolchain rather than text for the reader of a rule. */
const MACHINE_BLOCKS = new Set(['capabilities', 'rule', 'example', 'property']);

const markdown = new MarkdownIt();

export interface ParseChapterOptions {
  /** How the file is named in errors (default: the path). */
  readonly file?: string;
  readonly vocabularies?: VocabularyRegistry;
}

export function parseChapter(
  path: string,
  source: string,
  options: ParseChapterOptions = {},
): { chapter: ParsedChapter; errors: SpecError[] } {
  return new ChapterReader(path, source.replace(/\r\n?/g, '\n'), options).read();
}

/** A rule section whose end is not known yet. */
interface OpenRule {
  id: string;
  title: string;
  line: number;
  level: number;
  endLine?: number;
  /** The first nested rule heading: where this rule's own prose stops. */
  firstNestedRuleLine?: number;
  meta?: RuleMeta;
}

class ChapterReader {
  private readonly file: string;
  private readonly id: string;
  private readonly lines: string[];
  private readonly errors: SpecError[] = [];
  private title = '';
  private titleLine = 0;
  private readonly capabilities: CapabilityDecl[] = [];
  private readonly rules: OpenRule[] = [];
  /** Rules whose section contains the current token, outermost first. */
  private readonly openRules: OpenRule[] = [];
  private readonly checks: CheckBlock[] = [];
  private readonly models: ModelBlock[] = [];
  private readonly errata: Erratum[] = [];
  private errataLevel?: number;
  /** 0-based lines covered by machine blocks, left out of rule prose. */
  private readonly machineLines = new Set<number>();

  constructor(
    private readonly path: string,
    private readonly source: string,
    private readonly options: ParseChapterOptions,
  ) {
    this.file = options.file ?? path;
    this.id = path.replace(/^.*[\\/]/, '').replace(/\.md$/, '');
    this.lines = bodyLines(source);
  }

  read(): { chapter: ParsedChapter; errors: SpecError[] } {
    const tokens = markdown.parse(this.source, {});
    let listDepth = 0;
    tokens.forEach((token, index) => {
      switch (token.type) {
        case 'heading_open':
          return this.readHeading(token, tokens[index + 1]);
        case 'fence':
          return this.readFence(token);
        case 'bullet_list_open':
        case 'ordered_list_open':
          listDepth++;
          return;
        case 'bullet_list_close':
        case 'ordered_list_close':
          listDepth--;
          return;
        case 'list_item_open':
          if (this.errataLevel !== undefined && listDepth === 1) this.readErratum(tokens, index);
          return;
      }
    });
    this.closeSections(1, this.lines.length);
    if (this.titleLine === 0) this.fail(1, 'the chapter has no `#` title');
    const chapter: ParsedChapter = {
      id: this.id,
      path: this.path,
      file: this.file,
      title: this.title,
      titleLine: this.titleLine,
      source: this.source,
      capabilities: this.capabilities,
      rules: this.rules.map((rule) => this.finishRule(rule)),
      checks: this.checks,
      models: this.models,
      errata: this.errata,
    };
    return { chapter, errors: this.errors };
  }

  private readHeading(open: Token, inline: Token): void {
    const level = Number(open.tag.slice(1));
    const line = startLine(open);
    const text = inline.content.trim();
    this.closeSections(level, line - 1);
    if (this.errataLevel !== undefined && level <= this.errataLevel) this.errataLevel = undefined;
    if (level === 1 && this.titleLine === 0) {
      this.title = text;
      this.titleLine = line;
    }
    const ruleHeading = RULE_HEADING.exec(text);
    if (ruleHeading) {
      const [, id, title] = ruleHeading;
      if (title.trim() === '') this.fail(line, `rule ${id} has no title: write \`${id} · Title\``);
      for (const outer of this.openRules) outer.firstNestedRuleLine ??= line;
      const rule: OpenRule = { id, title: title.trim(), line, level };
      this.rules.push(rule);
      this.openRules.push(rule);
    } else if (ERRATA_HEADING.test(text)) {
      this.errataLevel = level;
    }
  }

  /** A heading of `level` on `lastLine + 1` ends every open section of the same or a deeper level. */
  private closeSections(level: number, lastLine: number): void {
    while (this.openRules.length > 0 && this.openRules[this.openRules.length - 1].level >= level) {
      this.openRules.pop()!.endLine = lastLine;
    }
  }

  private get currentRule(): OpenRule | undefined {
    return this.openRules[this.openRules.length - 1];
  }

  private readFence(token: Token): void {
    const [language = '', ...flags] = token.info.trim().split(/\s+/);
    const line = startLine(token);
    const codeLine = line + 1;
    if (MACHINE_BLOCKS.has(language)) {
      const [start, end] = token.map!;
      for (let l = start; l < end; l++) this.machineLines.add(l);
    }
    switch (language) {
      case 'capabilities':
        return this.readCapabilities(token.content, codeLine);
      case 'rule':
        return this.readRuleBlock(token.content, line);
      case 'example':
        return this.readExample(token.content, line);
      case 'property':
        return this.readProperty(token.content, line);
      case 'ts':
      case 'typescript':
        if (flags.includes('model')) this.models.push({ code: token.content, line, codeLine });
        return;
    }
  }

  private readCapabilities(body: string, firstLine: number): void {
    bodyLines(body).forEach((text, index) => {
      const line = firstLine + index;
      if (text.trim() === '') return;
      const [name, ...words] = text.trim().split(/\s+/);
      if (!CAPABILITY_NAME.test(name)) {
        return this.fail(line, `bad capability name \`${name}\` (lower case letters, digits, \`_\`, \`:\`, \`-\`)`);
      }
      if (words.length === 0) return this.fail(line, `capability \`${name}\` has no description`);
      this.capabilities.push({ name, description: words.join(' '), line });
    });
  }

  private readRuleBlock(body: string, line: number): void {
    const rule = this.currentRule;
    if (!rule) return this.fail(line, '`rule` block outside any rule section (a heading `ID · Title`)');
    if (rule.meta) return this.fail(line, `rule ${rule.id} has a second \`rule\` block (the first is on line ${rule.meta.line})`);
    const entries = this.keyValueEntries(body, line + 1, { repeatable: ['source'] });
    const known = new Set(['needs', 'source', 'kind', 'unspecified']);
    const needs: string[] = [];
    let needsLine = line + 1;
    const sources: string[] = [];
    let kind: RuleKind | undefined;
    let unspecified: string | undefined;
    for (const entry of entries) {
      if (!known.has(entry.key)) {
        this.fail(entry.line, `unknown key \`${entry.key}\` in a \`rule\` block (known: ${[...known].join(', ')})`);
      } else if (entry.key === 'needs') {
        needsLine = entry.line;
        needs.push(...this.capabilityList(entry));
      } else if (entry.key === 'source') {
        sources.push(entry.value);
      } else if (entry.key === 'kind') {
        if (RULE_KINDS.includes(entry.value as RuleKind)) kind = entry.value as RuleKind;
        else this.fail(entry.line, `\`kind\` is \`safety\` or \`liveness\`, not \`${entry.value}\``);
      } else {
        unspecified = entry.value;
      }
    }
    rule.meta = {
      needs,
      needsLine,
      sources,
      ...(kind === undefined ? {} : { kind }),
      ...(unspecified === undefined ? {} : { unspecified }),
      line,
    };
  }

  private capabilityList(entry: KeyValueEntry): string[] {
    const names = entry.value.split(',').map((name) => name.trim()).filter((name) => name !== '');
    const bad = names.find((name) => !CAPABILITY_NAME.test(name));
    if (bad !== undefined) this.fail(entry.line, `bad capability name \`${bad}\` in \`needs\``);
    return names.filter((name) => CAPABILITY_NAME.test(name));
  }

  private readExample(body: string, line: number): void {
    const result = parseExample(body, { file: this.file, line: line + 1, vocabularies: this.options.vocabularies });
    if (!result.ok) this.errors.push(...result.errors);
    const header = result.ok ? result.example : result;
    if (header.title === undefined) this.fail(line, 'example has no `title:`');
    this.checks.push({
      kind: 'example',
      line,
      text: body,
      ...(header.title === undefined ? {} : { title: header.title }),
      ...this.ownership(header.rule),
      ...(result.ok ? { example: result.example } : {}),
    });
  }

  private readProperty(body: string, line: number): void {
    const entries = this.keyValueEntries(body, line + 1, { repeatable: [] });
    const title = entries.find((entry) => entry.key === 'title');
    const rule = entries.find((entry) => entry.key === 'rule');
    if (title === undefined || title.value === '') this.fail(line, 'property has no `title:`');
    const config: Record<string, string> = {};
    for (const entry of entries) {
      if (entry.key !== 'title' && entry.key !== 'rule') config[entry.key] = entry.value;
    }
    this.checks.push({
      kind: 'property',
      line,
      text: body,
      ...(title?.value ? { title: title.value } : {}),
      ...this.ownership(rule && { id: rule.value, line: rule.line }),
      config,
    });
  }

  /** Who a check belongs to: the section it is in, and the rule it names, if any. */
  private ownership(named: { id: string; line: number } | undefined): Pick<CheckBlock, 'sectionRule' | 'namedRule'> {
    const section = this.currentRule;
    return {
      ...(section === undefined ? {} : { sectionRule: section.id }),
      ...(named === undefined ? {} : { namedRule: named }),
    };
  }

  /** `key: value` lines; a key not in `repeatable` may appear once. */
  private keyValueEntries(body: string, firstLine: number, { repeatable }: { repeatable: string[] }): KeyValueEntry[] {
    const { entries, problems } = parseKeyValueBlock(body, firstLine);
    this.report(problems);
    const firstSeen = new Map<string, number>();
    return entries.filter((entry) => {
      const first = firstSeen.get(entry.key);
      if (first !== undefined && !repeatable.includes(entry.key)) {
        this.fail(entry.line, `duplicate key \`${entry.key}\` (the first is on line ${first})`);
        return false;
      }
      firstSeen.set(entry.key, entry.line);
      return true;
    });
  }

  /** An Errata list item: "`seed-file` ... [CHAN-DRAIN-1](#CHAN-DRAIN-1)". */
  private readErratum(tokens: Token[], openIndex: number): void {
    const open = tokens[openIndex];
    const closeIndex = tokens.findIndex((t, i) => i > openIndex && t.type === 'list_item_close' && t.level === open.level);
    const inlines = tokens.slice(openIndex, closeIndex).filter((t) => t.type === 'inline');
    const line = startLine(open);
    const firstChild = inlines[0]?.children?.find((child) => !(child.type === 'text' && child.content.trim() === ''));
    const seed = firstChild?.type === 'code_inline' ? firstChild.content : undefined;
    const rules = inlines
      .flatMap((inline) => inline.children ?? [])
      .filter((child) => child.type === 'link_open')
      .map((link) => link.attrGet('href') ?? '')
      .filter((href) => href.startsWith('#') && RULE_ID.test(href.slice(1)))
      .map((href) => href.slice(1));
    if (seed === undefined) this.fail(line, 'an erratum starts with the seed file in backticks, e.g. `` `003_3128.txt` ``');
    if (rules.length === 0) this.fail(line, 'an erratum names the rule that shows it, as a link `[CHAN-X-1](#CHAN-X-1)`');
    const [start, end] = open.map!;
    this.errata.push({
      ...(seed === undefined ? {} : { seed }),
      rules,
      text: this.lines.slice(start, end).join('\n').trim(),
      line,
    });
  }

  private finishRule(rule: OpenRule): RuleSection {
    const endLine = rule.endLine ?? this.lines.length;
    const proseEnd = Math.min(endLine, (rule.firstNestedRuleLine ?? Infinity) - 1);
    const proseLines: string[] = [];
    // Lines are 1-based; the heading is `rule.line`, so its prose starts at index `rule.line`.
    for (let index = rule.line; index < proseEnd; index++) {
      if (!this.machineLines.has(index)) proseLines.push(this.lines[index]);
    }
    return {
      id: rule.id,
      title: rule.title,
      line: rule.line,
      level: rule.level,
      endLine,
      prose: proseLines.join('\n').replace(/\n{3,}/g, '\n\n').trim(),
      ...(rule.meta === undefined ? {} : { meta: rule.meta }),
    };
  }

  private report(problems: readonly LineProblem[]): void {
    for (const problem of problems) this.fail(problem.line, problem.message);
  }

  private fail(line: number, message: string): void {
    this.errors.push(specError(this.file, line, message));
  }
}

function startLine(token: Token): number {
  return token.map![0] + 1;
}

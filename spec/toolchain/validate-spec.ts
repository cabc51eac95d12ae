// Everything that needs the whole spec rather than one chapter: rule IDs are unique,
// every check belongs to a rule that exists, every rule has a `rule` block and a
// check, every needed capability is declared somewhere, every erratum links to a
// rule. Produces the Spec (best effort) and the errors; the caller decides.
import type { CheckBlock, ParsedChapter, RuleSection } from './chapter.ts';
import { specError, type SpecError } from './diagnostics.ts';
import type { Capability, Chapter, Check, Rule, Spec } from './spec.ts';

export function validateSpec(dir: string, chapters: readonly ParsedChapter[]): { spec: Spec; errors: SpecError[] } {
  const errors: SpecError[] = [];
  const fail = (file: string, line: number, message: string) => errors.push(specError(file, line, message));
  const where = (file: string, line: number) => `${file}:${line}`;

  // Capabilities: one catalogue for the whole spec.
  const capabilities = new Map<string, Capability>();
  for (const chapter of chapters) {
    for (const decl of chapter.capabilities) {
      const first = capabilities.get(decl.name);
      if (first) {
        fail(chapter.file, decl.line, `capability \`${decl.name}\` is already declared at ${where(first.file, first.line)}`);
      } else {
        capabilities.set(decl.name, { ...decl, chapter: chapter.id, file: chapter.file });
      }
    }
  }

  // Rule IDs: the first occurrence wins, every later one is an error.
  const rulesById = new Map<string, { chapter: ParsedChapter; section: RuleSection }>();
  for (const chapter of chapters) {
    for (const section of chapter.rules) {
      const first = rulesById.get(section.id);
      if (first) {
        fail(chapter.file, section.line, `duplicate rule ID ${section.id} (first at ${where(first.chapter.file, first.section.line)})`);
        continue;
      }
      rulesById.set(section.id, { chapter, section });
      if (!section.meta) {
        fail(chapter.file, section.line, `rule ${section.id} has no \`rule\` block`);
        continue;
      }
      for (const need of section.meta.needs) {
        if (!capabilities.has(need)) {
          fail(chapter.file, section.meta.needsLine, `rule ${section.id} needs unknown capability \`${need}\``);
        }
      }
    }
  }

  // Checks: each goes to the rule it names, else to the rule whose section it is in.
  const checksByRule = new Map<string, Check[]>();
  // Rules with a check block, even one whose errors are reported: no second error for them.
  const checkedRules = new Set<string>();
  for (const chapter of chapters) {
    for (const block of chapter.checks) {
      const owner = block.namedRule?.id ?? block.sectionRule;
      if (block.namedRule && !rulesById.has(block.namedRule.id)) {
        fail(chapter.file, block.namedRule.line, `${block.kind} names unknown rule ${block.namedRule.id}`);
        continue;
      }
      if (owner === undefined) {
        fail(chapter.file, block.line, `${block.kind} is outside every rule section and names no rule (add \`rule: ID\`)`);
        continue;
      }
      checkedRules.add(owner);
      const check = toCheck(block, owner, chapter);
      if (check) checksByRule.set(owner, [...(checksByRule.get(owner) ?? []), check]);
    }
  }

  for (const [id, { chapter, section }] of rulesById) {
    if (!checkedRules.has(id)) {
      fail(chapter.file, section.line, `rule ${id} has no check (add an \`example\` or \`property\` block)`);
    }
  }

  for (const chapter of chapters) {
    for (const erratum of chapter.errata) {
      for (const id of erratum.rules) {
        if (!rulesById.has(id)) fail(chapter.file, erratum.line, `erratum links to unknown rule ${id}`);
      }
    }
  }

  const rules: Rule[] = [...rulesById.values()].map(({ chapter, section }) => toRule(section, chapter, checksByRule.get(section.id) ?? []));
  const checks = rules.flatMap((rule) => rule.checks);
  const spec: Spec = {
    dir,
    chapters: chapters.map(toChapter),
    rules,
    capabilities: [...capabilities.values()],
    examples: checks.filter((check) => check.kind === 'example'),
    properties: checks.filter((check) => check.kind === 'property'),
  };
  return { spec, errors };
}

/** A check block that parsed completely; blocks with errors (already reported) give undefined. */
function toCheck(block: CheckBlock, rule: string, chapter: ParsedChapter): Check | undefined {
  if (block.title === undefined) return undefined;
  const base = { title: block.title, rule, chapter: chapter.id, file: chapter.file, line: block.line, text: block.text };
  if (block.kind === 'property') return { ...base, kind: 'property', config: block.config };
  return block.example && { ...base, kind: 'example', scenario: block.example.scenario, ...(block.example.schedules === undefined ? {} : { schedules: block.example.schedules }) };
}

function toRule(section: RuleSection, chapter: ParsedChapter, checks: Check[]): Rule {
  const meta = section.meta;
  return {
    id: section.id,
    title: section.title,
    chapter: chapter.id,
    file: chapter.file,
    line: section.line,
    capabilities: meta?.needs ?? [],
    sources: meta?.sources ?? [],
    ...(meta?.kind === undefined ? {} : { kind: meta.kind }),
    ...(meta?.unspecified === undefined ? {} : { unspecified: meta.unspecified }),
    prose: section.prose,
    checks: [...checks].sort((a, b) => compareLocation(a, b)),
  };
}

function toChapter(chapter: ParsedChapter): Chapter {
  return {
    id: chapter.id,
    title: chapter.title,
    file: chapter.file,
    path: chapter.path,
    source: chapter.source,
    rules: chapter.rules.map((rule) => rule.id),
    models: chapter.models,
    errata: chapter.errata,
  };
}

function compareLocation(a: Check, b: Check): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}

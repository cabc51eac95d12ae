// `syncspec rules [--json]`: every rule of the spec, with its chapter, the
// capabilities it needs and its checks.
import type { Command } from 'commander';
import type { Rule, Spec } from '../../../spec/index.ts';
import { loadSpecOrReport } from '../spec-access.ts';

/** One rule in `rules --json`: a stable, documented shape (DESIGN.md, "Command line"). */
export interface RuleListing {
  readonly id: string;
  readonly title: string;
  readonly chapter: string;
  readonly capabilities: readonly string[];
  readonly checks: readonly { readonly kind: 'example' | 'property'; readonly title: string; readonly line: number }[];
}

export function registerRulesCommand(program: Command): void {
  program
    .command('rules')
    .description('list rules: id, title, chapter, capabilities')
    .option('--json', 'print a JSON array of { id, title, chapter, capabilities, checks }')
    .action((options: { json?: boolean }, command: Command) => {
      const spec = loadSpecOrReport(command);
      if (!spec) return;
      process.stdout.write(options.json ? `${JSON.stringify(spec.rules.map(toListing), null, 2)}\n` : formatRules(spec));
    });
}

export function toListing(rule: Rule): RuleListing {
  return {
    id: rule.id,
    title: rule.title,
    chapter: rule.chapter,
    capabilities: rule.capabilities,
    checks: rule.checks.map(({ kind, title, line }) => ({ kind, title, line })),
  };
}

/**
 * Grouped by chapter, one line per rule:
 *
 *   channels — Channels (39 rules)
 *     CHAN-BND-2   try_send succeeds exactly while there is room   needs: bounded, try_send
 */
export function formatRules(spec: Spec): string {
  if (spec.rules.length === 0) return `no rules: ${spec.dir} has no chapter\n`;
  const idWidth = Math.max(...spec.rules.map((rule) => rule.id.length));
  const titleWidth = Math.min(72, Math.max(...spec.rules.map((rule) => rule.title.length)));
  const blocks = spec.chapters
    .filter((chapter) => chapter.rules.length > 0)
    .map((chapter) => {
      const rules = spec.rules.filter((rule) => rule.chapter === chapter.id);
      const heading = `${chapter.id} — ${chapter.title} (${rules.length} rule${rules.length === 1 ? '' : 's'})`;
      const lines = rules.map((rule) => {
        const needs = rule.capabilities.length > 0 ? `needs: ${rule.capabilities.join(', ')}` : '';
        return `  ${rule.id.padEnd(idWidth)}  ${rule.title.padEnd(titleWidth)}  ${needs}`.trimEnd();
      });
      return [heading, ...lines].join('\n');
    });
  return `${blocks.join('\n\n')}\n`;
}

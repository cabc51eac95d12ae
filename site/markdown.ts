// A chapter's Markdown → HTML: markdown-it with raw HTML disabled, rule headings
// anchored by their ID and followed by a row of status badges, and the machine blocks
// (```rule, ```example, ```property, ```capabilities, ```ts model) rendered for a reader.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { renderExample } from './example-table.ts';
import { esc, html, raw, slug, type Raw } from './html.ts';

const RULE_HEADING = /^([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\s*[·:—]\s*(.*)$/;
const RULE_LINK = /^#([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)$/;

export interface ChapterRenderOptions {
  /** `#ID` on the rule's own chapter page, `other.html#ID` elsewhere. */
  readonly ruleHref: (id: string) => string;
  /** The badges row under a rule heading. */
  readonly badges: (id: string) => Raw;
}

/** One markdown-it for the site: no raw HTML, no auto-linking of bare URLs (nothing the chapter did not write). */
export function siteMarkdown(): MarkdownIt {
  return new MarkdownIt({ html: false, linkify: false, typographer: false });
}

/** Inline Markdown (titles, errata items) → HTML, links to rules resolved. */
export function renderInline(md: MarkdownIt, source: string, ruleHref: (id: string) => string): string {
  const tokens = md.parseInline(source, {});
  for (const t of tokens) for (const c of t.children ?? []) rewriteRuleLink(c, ruleHref);
  return md.renderer.render(tokens, md.options, {});
}

/** Plain text of inline Markdown (for the search index and titles). */
export function plainText(md: MarkdownIt, source: string): string {
  const tokens = md.parseInline(source, {});
  return tokens
    .flatMap((t) => t.children ?? [])
    .filter((c) => c.type === 'text' || c.type === 'code_inline')
    .map((c) => c.content)
    .join('');
}

function rewriteRuleLink(token: Token, ruleHref: (id: string) => string): void {
  if (token.type !== 'link_open') return;
  const href = token.attrGet('href');
  const m = href === null ? null : RULE_LINK.exec(href);
  if (m !== null) token.attrSet('href', ruleHref(m[1]));
}

export function renderChapter(md: MarkdownIt, source: string, options: ChapterRenderOptions): { html: string; toc: { id: string; text: string; level: number; rule: boolean }[] } {
  const tokens = md.parse(source, {});
  const toc: { id: string; text: string; level: number; rule: boolean }[] = [];
  const usedIds = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'inline') for (const c of t.children ?? []) rewriteRuleLink(c, options.ruleHref);
    if (t.type !== 'heading_open') continue;
    const inline = tokens[i + 1];
    const text = inline.content.trim();
    const rule = RULE_HEADING.exec(text);
    let id: string;
    if (rule !== null) {
      id = rule[1];
      t.attrJoin('class', 'rule-heading');
      t.meta = { rule: id };
      tokens[i + 2].meta = { rule: id };
    } else {
      id = slug(text);
      for (let n = 2; usedIds.has(id); n++) id = `${slug(text)}-${n}`;
    }
    usedIds.add(id);
    t.attrSet('id', id);
    const level = Number(t.tag.slice(1));
    if (level >= 2 && level <= 3) toc.push({ id, text: plainText(md, text), level, rule: rule !== null });
  }
  const renderer = md.renderer;
  const rules = { ...renderer.rules };
  renderer.rules.heading_open = (tks, idx, opts, env, self) => {
    const t = tks[idx];
    const open = self.renderToken(tks, idx, opts);
    const id = (t.meta as { rule?: string } | null)?.rule;
    return id === undefined ? open : `${open}<a class="anchor" href="#${esc(id)}" aria-label="link to ${esc(id)}">#</a>`;
  };
  renderer.rules.heading_close = (tks, idx, opts, env, self) => {
    const close = self.renderToken(tks, idx, opts);
    const id = (tks[idx].meta as { rule?: string } | null)?.rule;
    return id === undefined ? close : close + options.badges(id).value + '\n';
  };
  renderer.rules.fence = (tks, idx, opts, env, self) => {
    const t = tks[idx];
    const [language = '', ...flags] = t.info.trim().split(/\s+/);
    switch (language) {
      case 'rule':
        return renderRuleBlock(t.content).value;
      case 'example':
        return renderExample(t.content, options.ruleHref).value;
      case 'property':
        return renderProperty(t.content, options.ruleHref).value;
      case 'capabilities':
        return renderCapabilities(t.content).value;
      case 'ts':
      case 'typescript':
        if (flags.includes('model')) return html`<details class="model"><summary>model code</summary><pre><code class="language-ts">${t.content}</code></pre></details>\n`.value;
        return rules.fence!(tks, idx, opts, env, self);
      default:
        return rules.fence!(tks, idx, opts, env, self);
    }
  };
  try {
    return { html: renderer.render(tokens, md.options, {}), toc };
  } finally {
    renderer.rules.heading_open = rules.heading_open;
    renderer.rules.heading_close = rules.heading_close;
    renderer.rules.fence = rules.fence;
  }
}

function keyValues(text: string): [string, string][] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const c = l.indexOf(':');
      return c < 0 ? (['', l] as [string, string]) : ([l.slice(0, c).trim(), l.slice(c + 1).trim()] as [string, string]);
    });
}

function sourceLink(source: string): Raw {
  const m = /^(https?:\/\/\S+)(.*)$/.exec(source);
  if (m === null) return html`<code>${source}</code>`;
  return html`<a href="${m[1]}" rel="noreferrer noopener">${m[1]}</a>${m[2]}`;
}

function renderRuleBlock(text: string): Raw {
  const kv = keyValues(text);
  const needs = kv.filter(([k]) => k === 'needs').flatMap(([, v]) => v.split(',').map((s) => s.trim()).filter((s) => s !== ''));
  const sources = kv.filter(([k]) => k === 'source').map(([, v]) => v);
  const kind = kv.find(([k]) => k === 'kind')?.[1];
  const unspecified = kv.find(([k]) => k === 'unspecified')?.[1];
  return html`<div class="rule-meta">
<div><span class="label">needs</span> ${needs.length === 0 ? 'nothing' : needs.map((n) => html`<span class="cap">${n}</span> `)}${kind === undefined ? '' : html` <span class="label">kind</span> <span class="kind-${kind}">${kind}</span>`}</div>
${unspecified === undefined ? '' : html`<div><span class="label">unspecified</span> ${unspecified}</div>`}
${sources.length === 0 ? '' : html`<details class="sources"><summary>sources (${sources.length})</summary><ul>${sources.map((s) => html`<li>${sourceLink(s)}</li>`)}</ul></details>`}
</div>\n`;
}

function renderProperty(text: string, ruleHref: (id: string) => string): Raw {
  const kv = keyValues(text);
  const title = kv.find(([k]) => k === 'title')?.[1] ?? '';
  const rule = kv.find(([k]) => k === 'rule')?.[1];
  const config = kv.filter(([k]) => k !== 'title' && k !== 'rule');
  return html`<figure class="property"><figcaption><span class="kind">property</span> ${title}${rule === undefined ? '' : html` <span class="note">(checks <a href="${ruleHref(rule)}">${rule}</a>)</span>`}</figcaption>
<dl>${config.map(([k, v]) => html`<dt>${k}</dt><dd><code>${v}</code></dd>`)}</dl>
<p class="note">Generated concurrent scenarios of this shape, each history checked against the model.</p></figure>\n`;
}

function renderCapabilities(text: string): Raw {
  const rows = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const [name, ...rest] = l.split(/\s+/);
      return html`<tr id="cap-${name}"><td><span class="cap">${name}</span></td><td>${rest.join(' ')}</td></tr>`;
    });
  return html`<table class="capabilities"><thead><tr><th>capability</th><th>what it means</th></tr></thead><tbody>${rows}</tbody></table>\n`;
}

export { raw };

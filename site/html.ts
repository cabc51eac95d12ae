// Escaping for everything the site writes. Every string that comes from a run (values,
// error messages, adapter names) or from a chapter goes through `esc` or the `html`
// tag, which escapes every interpolation that is not already markup (`raw`).

const ENTITIES: { readonly [c: string]: string } = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text → HTML text or attribute value (quotes escaped too). */
export function esc(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Markup that is already safe: produced by `html`, markdown-it (raw HTML off), or the site's own code. */
export class Raw {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export const raw = (markup: string): Raw => new Raw(markup);

type Part = Raw | string | number | boolean | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Raw) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return esc(part);
}

/** html`<a href="${href}">${text}</a>`: interpolations are escaped unless they are Raw (or arrays of Raw). */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Raw {
  let out = strings[0];
  parts.forEach((p, i) => {
    out += render(p) + strings[i + 1];
  });
  return new Raw(out);
}

/** A name → a file-system and URL safe slug (`thi.ng-csp` → `thi-ng-csp`). */
export function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s === '' ? 'x' : s.slice(0, 60);
}

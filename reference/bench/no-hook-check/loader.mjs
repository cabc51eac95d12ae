// Module resolution hook (node:module register): every import of the reference's
// schedule/hooks.ts resolves to ./hooks.ts instead, except the import inside
// ./hooks.ts itself, which re-exports the real module's other names.
const real = new URL('../../schedule/hooks.ts', import.meta.url).href;
const stripped = new URL('./hooks.ts', import.meta.url).href;

const bare = (url) => url.split(/[?#]/, 1)[0];

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (bare(resolved.url) === real && (context.parentURL === undefined || bare(context.parentURL) !== stripped)) {
    return { ...resolved, url: stripped };
  }
  return resolved;
}

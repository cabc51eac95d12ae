// `--rules GLOB`: one or more comma-separated globs over rule IDs (`CHAN-*`, `CHAN-RDV-?`).

export function ruleMatcher(globs: string | undefined): (id: string) => boolean {
  if (globs === undefined || globs.trim() === '') return () => true;
  const patterns = globs.split(',').map((g) => g.trim()).filter((g) => g.length > 0).map(globToRegExp);
  return (id) => patterns.some((p) => p.test(id));
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

import type { OpCall } from './types.ts';

/** A declaration that names its object and the handles it starts with. */
export interface DeclaredObject {
  readonly name: string;
  readonly handles: { readonly [handle: string]: string };
}

/**
 * `Model.objects` for models whose operations act only on the object their target
 * handle was declared with (no handle created during the run, no operation spanning
 * objects): one barrier, one cell. Unknown handles touch nothing known.
 */
export function objectOfTarget(op: OpCall, decls: readonly DeclaredObject[]): readonly string[] {
  const decl = decls.find((d) => Object.hasOwn(d.handles, op.target));
  return decl === undefined ? [] : [decl.name];
}

// The once chapter's constructors: `let o = Once::new()`, `let cell = OnceLock::new()`,
// and `let lazy = LazyLock::new(7)` for a LazyLock whose init closure returns 7 —
// `LazyLock::new_panic()` and `LazyLock::new_hang()` for one whose closure panics or
// never returns. One example may declare several of them: they share the `once` model.
import type { Value } from '../../model/types.ts';
import type { ObjectDecl } from '../../../conformance/scenario/types.ts';
import type { Constructor, Vocabulary } from './vocabulary.ts';

type Kind = 'once' | 'oncelock' | 'lazylock';

function oneHandle(kind: Kind, objectName: string, handles: readonly string[], params: ObjectDecl['params']): ObjectDecl | string {
  if (handles.length !== 1) return `a ${kind} has one handle, got ${handles.length}`;
  return { kind, name: objectName, params, handles: { [handles[0]]: kind } };
}

function noArgs(name: string, kind: Kind, params: ObjectDecl['params'] = {}): Constructor {
  return {
    name,
    build(args, handles, objectName) {
      if (args.length !== 0) return `${name}() takes no argument`;
      return oneHandle(kind, objectName, handles, params);
    },
    argsOf(decl) {
      if (decl.kind !== kind) return undefined;
      const same = JSON.stringify(Object.entries(decl.params).sort()) === JSON.stringify(Object.entries(params).sort());
      return same ? [] : undefined;
    },
  };
}

const lazyWithValue: Constructor = {
  name: 'LazyLock::new',
  build(args, handles, objectName) {
    if (args.length !== 1) return 'LazyLock::new(v) takes one argument, the value its init closure returns';
    return oneHandle('lazylock', objectName, handles, { init: 'value', value: args[0] });
  },
  argsOf(decl) {
    const { init, value } = decl.params;
    return decl.kind === 'lazylock' && init === 'value' && value !== undefined ? [value as Value] : undefined;
  },
};

export const onceVocabulary: Vocabulary = {
  model: 'once',
  objectPrefix: 'o',
  constructors: [
    noArgs('Once::new', 'once'),
    noArgs('OnceLock::new', 'oncelock'),
    lazyWithValue,
    noArgs('LazyLock::new_panic', 'lazylock', { init: 'panic' }),
    noArgs('LazyLock::new_hang', 'lazylock', { init: 'hang' }),
  ],
  bindingOps: [],
};

// The barrier chapter's constructor: `let b = Barrier::new(3)` declares a barrier for
// three parties and names its one handle. Every actor waits on the same handle, as
// Rust threads share one `Barrier` through an `Arc` or a scope.
import type { Value } from '../../model/types.ts';
import type { Vocabulary } from './vocabulary.ts';

function isPartyCount(value: Value | undefined): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

export const barrierVocabulary: Vocabulary = {
  model: 'barrier',
  objectPrefix: 'b',
  constructors: [
    {
      name: 'Barrier::new',
      build(args, handles, objectName) {
        const [n] = args;
        if (args.length !== 1 || !isPartyCount(n)) return 'Barrier::new(n) takes one argument, a number of parties n >= 0';
        if (handles.length !== 1) return `a barrier has one handle, got ${handles.length}`;
        return { kind: 'barrier', name: objectName, params: { n }, handles: { [handles[0]]: 'barrier' } };
      },
      argsOf(decl) {
        const { n } = decl.params;
        return decl.kind === 'barrier' && isPartyCount(n) ? [n] : undefined;
      },
    },
  ],
  bindingOps: [],
};

// What an example may declare with `let`: each chapter brings a vocabulary (the model
// its scenarios run against, its constructors, the operations that create handles).
// The example parser and printer look constructors up here, so a new chapter adds its
// own (`Mutex::new(0)`, `Barrier::new(3)`) without touching the parser.
import type { Value } from '../../model/types.ts';
import type { ObjectDecl } from '../../../conformance/scenario/types.ts';

export interface Constructor {
  /** As written in examples: `sync_channel`, `mpmc::channel`. */
  readonly name: string;
  /**
   * The declaration that `let <handles> = <name>(<args>)` makes, named `objectName`,
   * or a message saying what is wrong with the arguments or handles.
   */
  build(args: readonly Value[], handles: readonly string[], objectName: string): ObjectDecl | string;
  /** The argument list that rebuilds `decl` (`[1]`), or undefined if this constructor does not make it. */
  argsOf(decl: ObjectDecl): readonly Value[] | undefined;
}

export interface Vocabulary {
  /** The model the scenarios run against (`Scenario.model`). */
  readonly model: string;
  /** Objects are named `<prefix>0`, `<prefix>1`, ... in declaration order. */
  readonly objectPrefix: string;
  readonly constructors: readonly Constructor[];
  /** Operations written `h2 = h.op(...)`: their first argument names the handle they create. */
  readonly bindingOps: readonly string[];
}

export class VocabularyRegistry {
  private readonly vocabularies: Vocabulary[] = [];

  constructor(vocabularies: readonly Vocabulary[] = []) {
    for (const vocabulary of vocabularies) this.register(vocabulary);
  }

  register(vocabulary: Vocabulary): void {
    for (const ctor of vocabulary.constructors) {
      if (this.constructorNamed(ctor.name)) throw new Error(`constructor ${ctor.name} is registered twice`);
    }
    this.vocabularies.push(vocabulary);
  }

  constructorNamed(name: string): { vocabulary: Vocabulary; ctor: Constructor } | undefined {
    for (const vocabulary of this.vocabularies) {
      const ctor = vocabulary.constructors.find((c) => c.name === name);
      if (ctor) return { vocabulary, ctor };
    }
    return undefined;
  }

  forModel(model: string): Vocabulary | undefined {
    return this.vocabularies.find((v) => v.model === model);
  }

  constructorNames(): string[] {
    return this.vocabularies.flatMap((v) => v.constructors.map((c) => c.name));
  }
}

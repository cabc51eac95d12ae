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
  /**
   * Operations whose first arguments are handles, written bare, and how many:
   * `{ wait: 1 }` makes `g2 = cv.wait(g)`. They are stored by name, after the created
   * handle's name if the operation creates one (`args: ['g2', 'g']`).
   */
  readonly handleArgs?: { readonly [op: string]: number };
  /**
   * Models whose constructors and operations this vocabulary's examples may use too: a
   * condvar example declares its mutexes with `Mutex::new`. An example that uses both
   * runs against this vocabulary's model.
   */
  readonly includes?: readonly string[];
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

  /** `vocabulary` and the registered vocabularies it includes: what its examples may write. */
  family(vocabulary: Vocabulary): Vocabulary[] {
    const included = (vocabulary.includes ?? []).flatMap((model) => this.forModel(model) ?? []);
    return [vocabulary, ...included];
  }

  /** Whether `op` creates a handle in `vocabulary`'s examples. */
  bindsHandle(vocabulary: Vocabulary, op: string): boolean {
    return this.family(vocabulary).some((v) => v.bindingOps.includes(op));
  }

  /** How many leading arguments of `op` are handles in `vocabulary`'s examples. */
  handleArgCount(vocabulary: Vocabulary, op: string): number {
    return Math.max(0, ...this.family(vocabulary).map((v) => v.handleArgs?.[op] ?? 0));
  }

  /**
   * The vocabulary an example that already uses `current` continues with when it
   * declares an object of `next`; undefined when the two cannot be mixed.
   */
  combine(current: Vocabulary | undefined, next: Vocabulary): Vocabulary | undefined {
    if (current === undefined || current === next) return next;
    if (current.includes?.includes(next.model)) return current;
    if (next.includes?.includes(current.model)) return next;
    return undefined;
  }
}

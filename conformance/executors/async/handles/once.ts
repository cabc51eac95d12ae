// Barrier (spec/barrier.md), and Once, OnceLock and LazyLock (spec/once.md) on the async
// adapter API. The scenario's closures (`get_or_init(7)`, `call_once_panic()`,
// `get_or_init_hang()`, `LazyLock::new_panic()`) become `Initializer`s the executor
// passes to the adapter: they return the value, throw an InitializerPanic, or return a
// promise that never settles. The executor knows whether its closure ran to completion,
// which is how a `call_once` that returned normally becomes `Ran` or `Ok`.
import type { OpCall, Outcome, Value } from '../../../../spec/model/types.ts';
import {
  InitializerPanic,
  isInitializerPanic,
  type AsyncBarrier,
  type AsyncLazyLock,
  type AsyncOnce,
  type AsyncOnceLock,
  type Initializer,
  type OnceState,
} from '../../../adapter/types.ts';
import type { ObjectDecl } from '../../../scenario/types.ts';
import { AdapterFault, formatUnknown } from '../../shared/adapter-failure.ts';
import { checkOutcome } from '../../shared/outcome-kinds.ts';
import { answer, booleanOf, invokeMethod, outcomeOf, type Dispatch, type Invocation } from './calls.ts';

export const barrierDispatch: Dispatch = {
  roles: ['barrier'],

  invoke(op, target) {
    if (op.name !== 'wait') throw new Error(`the async executor has no mapping for barrier operation ${op.name} (op ${op.id})`);
    return outcomeOf(op.name, 'barrier.wait', ['Leader', 'Follower'], () => invokeMethod(target.object as AsyncBarrier, 'wait', 'barrier.wait'));
  },
};

type Behaviour = { readonly tag: 'value'; readonly value: Value } | { readonly tag: 'panic' } | { readonly tag: 'hang' };

/** What a closure-running operation's closure does, from its name (`_panic`, `_hang`) or its argument. */
function behaviourOf(op: OpCall): Behaviour {
  if (op.name.endsWith('_panic')) return { tag: 'panic' };
  if (op.name.endsWith('_hang')) return { tag: 'hang' };
  return { tag: 'value', value: op.args[0] ?? null };
}

/**
 * Closures that take time (the async executor's): a closure that returns or panics does so
 * through a promise that settles when the executor's schedule chooses, so that other
 * callers can arrive while it runs — and wait for it, and see it complete or panic — as
 * threads do while a Rust closure runs. Without it (the threads executors), closures
 * return or throw at once.
 */
export class RunningClosures {
  readonly running: RunningClosure[] = [];
}

export interface RunningClosure {
  /** The operation whose closure it is (none for a LazyLock's init closure). */
  readonly op?: number;
  finish(): void;
}

/** The closure the adapter runs, and what became of it. */
class Closure<T> {
  ran = false;
  completed = false;

  constructor(
    private readonly behaviour: Behaviour,
    private readonly what: string,
    private readonly clock?: RunningClosures,
    private readonly op?: number,
  ) {}

  run(result: T): T | Promise<T> {
    this.ran = true;
    if (this.behaviour.tag === 'hang') return new Promise<T>(() => {});
    const clock = this.clock;
    if (clock === undefined) return this.end(result);
    return new Promise<T>((resolve, reject) => {
      const running: RunningClosure = {
        ...(this.op === undefined ? {} : { op: this.op }),
        finish: () => {
          clock.running.splice(clock.running.indexOf(running), 1);
          try {
            resolve(this.end(result));
          } catch (e) {
            reject(e);
          }
        },
      };
      clock.running.push(running);
    });
  }

  private end(result: T): T {
    if (this.behaviour.tag === 'panic') throw new InitializerPanic(`${this.what} panicked (syncspec)`);
    this.completed = true;
    return result;
  }
}

/** A thrown InitializerPanic, propagated by the library to the caller, is the outcome `Panicked`. */
const panicked = (thrown: unknown): Outcome | undefined => (isInitializerPanic(thrown) ? { kind: 'Panicked' } : undefined);

/** `LazyLock::new(7)`, `new_panic()`, `new_hang()`: the init closure, from the declaration's params. */
export function lazyInitOf(decl: ObjectDecl, clock?: RunningClosures): Initializer<Value> {
  const { init, value } = decl.params;
  const behaviour: Behaviour = init === 'panic' ? { tag: 'panic' } : init === 'hang' ? { tag: 'hang' } : { tag: 'value', value: value ?? null };
  return () => new Closure<Value>(behaviour, `the init closure of ${decl.name}`, clock).run(behaviour.tag === 'value' ? behaviour.value : null);
}

const ONCE_CALLS = ['call_once', 'call_once_panic', 'call_once_hang'];
const FORCED_CALLS = ['call_once_force', 'call_once_force_panic', 'call_once_force_hang'];

export const onceDispatch: Dispatch = {
  roles: ['once'],

  invoke(op, target, table) {
    const once = target.object as AsyncOnce;
    if (ONCE_CALLS.includes(op.name)) {
      const closure = new Closure<void>(behaviourOf(op), `the closure of op ${op.id}`, table.closures, op.id);
      const f: Initializer<void> = () => closure.run(undefined);
      return answer(
        'once.callOnce',
        () => invokeMethod(once, 'callOnce', 'once.callOnce', f),
        (raw) => {
          const outcome = checkOutcome(op.name, 'once.callOnce', raw, ['Ok', 'Panicked', 'Poisoned']);
          return outcome.kind === 'Ok' && closure.completed ? { kind: 'Ran' } : outcome;
        },
        panicked,
      );
    }
    if (FORCED_CALLS.includes(op.name)) {
      const closure = new Closure<void>(behaviourOf(op), `the closure of op ${op.id}`, table.closures, op.id);
      let seen: unknown;
      const f = (state: OnceState) => {
        seen = state;
        return closure.run(undefined);
      };
      return answer(
        'once.callOnceForce',
        () => invokeMethod(once, 'callOnceForce', 'once.callOnceForce', f),
        (raw) => {
          const outcome = checkOutcome(op.name, 'once.callOnceForce', raw, ['Ok', 'Panicked']);
          if (outcome.kind !== 'Ok' || !closure.completed) return outcome;
          const poisoned = (seen as Partial<OnceState> | undefined)?.isPoisoned;
          if (typeof poisoned !== 'boolean') throw new AdapterFault('once.callOnceForce', `ran the closure with ${formatUnknown(seen)}, not a OnceState { isPoisoned: boolean }`);
          return { kind: 'Ran', value: poisoned };
        },
        panicked,
      );
    }
    switch (op.name) {
      case 'is_completed':
        return booleanOf('once.isCompleted', () => invokeMethod(once, 'isCompleted', 'once.isCompleted'));
      case 'wait':
        return outcomeOf(op.name, 'once.wait', ['Ok', 'Poisoned'], () => invokeMethod(once, 'wait', 'once.wait'));
      case 'wait_force':
        return outcomeOf(op.name, 'once.waitForce', ['Ok'], () => invokeMethod(once, 'waitForce', 'once.waitForce'));
      default:
        throw new Error(`the async executor has no mapping for Once operation ${op.name} (op ${op.id})`);
    }
  },
};

export const onceLockDispatch: Dispatch = {
  roles: ['oncelock'],

  invoke(op, target, table): Invocation {
    const cell = target.object as AsyncOnceLock;
    switch (op.name) {
      case 'get_or_init':
      case 'get_or_init_panic':
      case 'get_or_init_hang': {
        const behaviour = behaviourOf(op);
        const closure = new Closure<Value>(behaviour, `the initializer of op ${op.id}`, table.closures, op.id);
        const init: Initializer<Value> = () => closure.run(behaviour.tag === 'value' ? behaviour.value : null);
        return answer('onceLock.getOrInit', () => invokeMethod(cell, 'getOrInit', 'onceLock.getOrInit', init), (raw) => checkOutcome(op.name, 'onceLock.getOrInit', raw, ['Ok', 'Panicked']), panicked);
      }
      case 'get':
        return outcomeOf(op.name, 'onceLock.get', ['Some', 'None'], () => invokeMethod(cell, 'get', 'onceLock.get'));
      case 'set':
        return outcomeOf(op.name, 'onceLock.set', ['Ok', 'Err'], () => invokeMethod(cell, 'set', 'onceLock.set', op.args[0]));
      case 'wait':
        return outcomeOf(op.name, 'onceLock.wait', ['Ok'], () => invokeMethod(cell, 'wait', 'onceLock.wait'));
      case 'take':
        return outcomeOf(op.name, 'onceLock.take', ['Some', 'None'], () => invokeMethod(cell, 'take', 'onceLock.take'));
      default:
        throw new Error(`the async executor has no mapping for OnceLock operation ${op.name} (op ${op.id})`);
    }
  },
};

export const lazyLockDispatch: Dispatch = {
  roles: ['lazylock'],

  invoke(op, target) {
    const lazy = target.object as AsyncLazyLock;
    if (op.name === 'force') {
      return answer('lazyLock.force', () => invokeMethod(lazy, 'force', 'lazyLock.force'), (raw) => checkOutcome(op.name, 'lazyLock.force', raw, ['Ok', 'Panicked', 'Poisoned']), panicked);
    }
    if (op.name === 'get') return outcomeOf(op.name, 'lazyLock.get', ['Some', 'None'], () => invokeMethod(lazy, 'get', 'lazyLock.get'));
    throw new Error(`the async executor has no mapping for LazyLock operation ${op.name} (op ${op.id})`);
  },
};

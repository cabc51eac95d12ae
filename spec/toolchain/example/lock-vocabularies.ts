// The lock chapters' constructors (spec/mutex.md, spec/rwlock.md, spec/condvar.md):
// `Mutex::new(v)`, `RwLock::new(v)` and `Condvar::new()`. Locking operations create a
// guard handle (`g = m.lock()`, `w = l.write()`); a condvar's waits take a guard and
// give back another (`g2 = cv.wait(g)`), and a condvar example declares its mutexes
// with `Mutex::new`.
import type { Value } from '../../model/types.ts';
import type { ObjectDecl } from '../../../conformance/scenario/types.ts';
import type { Constructor, Vocabulary } from './vocabulary.ts';

/** `Mutex::new(v)`, `RwLock::new(v)`: one handle, the lock; one argument, the protected value. */
function lockWithValue(name: string, kind: string): Constructor {
  return {
    name,
    build(args, handles, objectName): ObjectDecl | string {
      if (args.length !== 1) return `${name}(v) takes one argument, the protected value`;
      if (handles.length !== 1) return `a ${kind} has one handle, got ${handles.length}`;
      const params: { [key: string]: Value } = { value: args[0] };
      return { kind, name: objectName, params, handles: { [handles[0]]: kind } };
    },
    argsOf(decl) {
      return decl.kind === kind && 'value' in decl.params ? [decl.params.value] : undefined;
    },
  };
}

const condvarConstructor: Constructor = {
  name: 'Condvar::new',
  build(args, handles, objectName) {
    if (args.length !== 0) return 'Condvar::new() takes no argument';
    if (handles.length !== 1) return `a condvar has one handle, got ${handles.length}`;
    return { kind: 'condvar', name: objectName, params: {}, handles: { [handles[0]]: 'condvar' } };
  },
  argsOf(decl) {
    return decl.kind === 'condvar' ? [] : undefined;
  },
};

export const mutexVocabulary: Vocabulary = {
  model: 'mutex',
  objectPrefix: 'm',
  constructors: [lockWithValue('Mutex::new', 'mutex')],
  bindingOps: ['lock', 'try_lock'],
};

export const rwlockVocabulary: Vocabulary = {
  model: 'rwlock',
  objectPrefix: 'rw',
  constructors: [lockWithValue('RwLock::new', 'rwlock')],
  bindingOps: ['read', 'write', 'try_read', 'try_write'],
};

const WAITS = ['wait', 'wait_timeout', 'wait_while', 'wait_timeout_while'];

export const condvarVocabulary: Vocabulary = {
  model: 'condvar',
  objectPrefix: 'cv',
  constructors: [condvarConstructor],
  bindingOps: WAITS,
  handleArgs: Object.fromEntries(WAITS.map((op) => [op, 1])),
  includes: ['mutex'],
};

// A Stryker ignorer (https://stryker-mutator.io/docs/stryker-js/disable-mutants/#using-an-ignore-plugin):
// the trace labels of the reference's schedule points are never run as mutants.
//
// Every shared-memory step of reference/ names itself for traces: `load(a, i, 'send:tail')`,
// `lock(i32, TAIL_LOCK, me, `${L}:lock`)`. The label reaches schedule/hooks.ts's
// `schedulePoint(label)`, whose controlled hooks ignore it (`point(_label)` in
// conformance/executors/threads/controlled-hooks.ts), and nothing else reads it: a mutant
// that empties it is equivalent by construction, and there are hundreds of them.
//
// A label is (1) a literal given as the `label` argument of one of the reference's labelled
// functions (runtime/atomics.ts, runtime/lock.ts, the withState, holder and value helpers:
// LABEL_ARGUMENT), or (2) a literal without spaces with a colon in it: 'send:tail',
// `${L}:register` (a template whose last text part starts with ':'). Not labels, and so still mutated:
// the names under 'syncspec:' (the BroadcastChannel of a channel's heap blocks, the
// registry's environment keys) and a channel's key `${registry}:${channel}` (its last
// text part is empty), which do carry meaning.
//
// A second ignorer, syncspec-usage-messages: the message of an error the reference throws
// for misuse, an exceeded limit or an internal inconsistency (`new ChannelUsageError('select
// needs at least one receiver')`, `new RangeError(...)`, `new Error('syncspec internal
// error: ...')`: any `new …Error(…)`). No outcome carries a message, and the suite never
// misuses a handle. The conditions that throw are still mutated. (SyncPanic's messages are
// not ignored.)
//
// A third, syncspec-sample, is off unless $SYNCSPEC_MUTATION_SAMPLE names a file of sampled
// ranges (sample.ts, written by `npm run mutation -- --sample N`): Stryker mutates only
// inside those ranges (--mutate), and this ignorer drops every node inside one that holds
// no sampled range itself, so that a sampled block does not bring every mutant within it.
import { readFileSync } from 'node:fs';
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

/** Is this literal the message argument of `new SomethingError(...)`? */
export function isErrorMessage(node, parent) {
  if (parent?.type !== 'NewExpression' || (node.type !== 'StringLiteral' && node.type !== 'TemplateLiteral')) return false;
  return parent.callee.type === 'Identifier' && /Error$/.test(parent.callee.name) && parent.arguments.includes(node);
}

const LABEL = /^[A-Za-z0-9_.?-]+(:[A-Za-z0-9_.?-]*)+$/;

/** The labelled functions of reference/ (by name, as called) and the index of their `label` parameter. */
export const LABEL_ARGUMENT = {
  // runtime/atomics.ts
  load: 2, store: 3, cas: 4, add: 3, sub: 3, or: 3, exchange: 3, loadBig: 2, storeBig: 3,
  // runtime/lock.ts
  lock: 3, unlock: 2, closeLock: 2, isClosed: 2,
  // schedule/hooks.ts
  schedulePoint: 0,
  // sync/core.ts, sync/value.ts, sync/once.ts, sync/rwlock.ts
  adjustHolder: 1, holderCount: 0, reapHolders: 0, readFull: 1,
};

/** Is this literal the label argument of a labelled call? (`parent` and `key`: where Babel has it.) */
export function isLabelArgument(node, parent) {
  if (parent?.type !== 'CallExpression' || (node.type !== 'StringLiteral' && node.type !== 'TemplateLiteral')) return false;
  const callee = parent.callee.type === 'Identifier' ? parent.callee.name : parent.callee.type === 'MemberExpression' && parent.callee.property.type === 'Identifier' ? parent.callee.property.name : undefined;
  const at = callee === undefined || !Object.hasOwn(LABEL_ARGUMENT, callee) ? undefined : LABEL_ARGUMENT[callee];
  return at !== undefined && parent.arguments[at] === node && parent.arguments.length === at + 1;
}

/** Is this literal a trace label? Exported for the test. */
export function isTraceLabel(node, parent) {
  if (isLabelArgument(node, parent)) return true;
  if (node.type === 'StringLiteral') return LABEL.test(node.value) && !node.value.startsWith('syncspec:');
  if (node.type === 'TemplateLiteral') {
    const quasis = node.quasis.map((q) => q.value.cooked ?? q.value.raw);
    const last = quasis.at(-1);
    return last.length > 1 && last.startsWith(':') && /^[A-Za-z0-9_.?:-]+$/.test(last) && quasis.slice(0, -1).every((q) => q === '' || /^[A-Za-z0-9_.?:-]+$/.test(q)) && !quasis[0].startsWith('syncspec:');
  }
  return false;
}

const within = (outer, inner) =>
  (outer.start.line < inner.start.line || (outer.start.line === inner.start.line && outer.start.column <= inner.start.column)) &&
  (outer.end.line > inner.end.line || (outer.end.line === inner.end.line && outer.end.column >= inner.end.column));

/** Sampled ranges by file, from $SYNCSPEC_MUTATION_SAMPLE; undefined when no sample is run. */
const sampled = process.env.SYNCSPEC_MUTATION_SAMPLE === undefined ? undefined : JSON.parse(readFileSync(process.env.SYNCSPEC_MUTATION_SAMPLE, 'utf8'));

/**
 * Is this node outside the sample: in a file of the sample, holding no sampled range (a node
 * holds its own range)? `file` is the file's path, `loc` Babel's location (columns from 0).
 */
export function outsideSample(ranges, file, loc) {
  if (ranges === undefined || loc == null) return false;
  const normalized = file.replaceAll('\\', '/');
  const mine = Object.entries(ranges).find(([name]) => normalized.endsWith(`/${name}`) || normalized === name)?.[1];
  return mine !== undefined && !mine.some((r) => within(loc, r));
}

export const SAMPLE_REASON = 'not in the sample being measured (syncspec-sample, conformance/selftest/mutation/sample.ts)';

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'syncspec-sample', {
    shouldIgnore(path) {
      return outsideSample(sampled, path.hub?.file?.opts?.filename ?? '', path.node.loc) ? SAMPLE_REASON : undefined;
    },
  }),
  declareValuePlugin(PluginKind.Ignore, 'syncspec-trace-labels', {
    shouldIgnore(path) {
      return isTraceLabel(path.node, path.parent) ? 'a trace label of a schedule point: the hooks ignore it (conformance/selftest/mutation/ignorers.mjs)' : undefined;
    },
  }),
  declareValuePlugin(PluginKind.Ignore, 'syncspec-usage-messages', {
    shouldIgnore(path) {
      return isErrorMessage(path.node, path.parent) ? 'the message of a usage error: the suite never misuses a handle, no outcome carries it (conformance/selftest/mutation/ignorers.mjs)' : undefined;
    },
  }),
];

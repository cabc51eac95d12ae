// A Stryker ignorer (https://stryker-mutator.io/docs/stryker-js/disable-mutants/#using-an-ignore-plugin):
// the trace labels of the reference's schedule points are never run as mutants.
//
// Every shared-memory step of reference/ names itself for traces: `load(a, i, 'send:tail')`,
// `lock(i32, TAIL_LOCK, me, `${L}:lock`)`. The label reaches schedule/hooks.ts's
// `schedulePoint(label)`, whose controlled hooks ignore it (`point(_label)` in
// conformance/executors/threads/controlled-hooks.ts), and nothing else reads it: a mutant
// that empties it is equivalent by construction, and there are hundreds of them.
//
// A label is a literal without spaces with a colon in it: 'send:tail', `${L}:register`
// (a template whose last text part starts with ':'). Not labels, and so still mutated:
// the names under 'syncspec:' (the BroadcastChannel of a channel's heap blocks, the
// registry's environment keys) and a channel's key `${registry}:${channel}` (its last
// text part is empty), which do carry meaning.
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

const LABEL = /^[A-Za-z0-9_.?-]+(:[A-Za-z0-9_.?-]*)+$/;

/** Is this literal a trace label? Exported for the test. */
export function isTraceLabel(node) {
  if (node.type === 'StringLiteral') return LABEL.test(node.value) && !node.value.startsWith('syncspec:');
  if (node.type === 'TemplateLiteral') {
    const quasis = node.quasis.map((q) => q.value.cooked ?? q.value.raw);
    const last = quasis.at(-1);
    return last.length > 1 && last.startsWith(':') && /^[A-Za-z0-9_.?:-]+$/.test(last) && quasis.slice(0, -1).every((q) => q === '' || /^[A-Za-z0-9_.?:-]+$/.test(q)) && !quasis[0].startsWith('syncspec:');
  }
  return false;
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'syncspec-trace-labels', {
    shouldIgnore(path) {
      return isTraceLabel(path.node) ? 'a trace label of a schedule point: the hooks ignore it (conformance/selftest/mutation/ignorers.mjs)' : undefined;
    },
  }),
];

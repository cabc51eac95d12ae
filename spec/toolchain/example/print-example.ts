// Scenario → example text: the inverse of parse-example.ts, used to print a shrunk
// counterexample as a regression example a chapter can include verbatim.
// `parseExample(printExample(s, meta)).example.scenario` equals `s`.
import { formatOutcome, formatValue } from '../../model/types.ts';
import type { Scenario, ScenarioOp } from '../../../conformance/scenario/types.ts';
import { defaultVocabularies } from './default-vocabularies.ts';
import { MAX_REPEAT, repeatable } from './parse-example.ts';
import type { Vocabulary, VocabularyRegistry } from './vocabulary.ts';

export interface ExampleMeta {
  readonly title: string;
  readonly rule?: string;
}

/**
 * The example's lines, newline-terminated, without the fence. Throws when the
 * scenario uses a model or object no registered vocabulary can write: that is a
 * bug in the caller, not a problem in a chapter.
 */
export function printExample(
  scenario: Scenario,
  meta: ExampleMeta,
  vocabularies: VocabularyRegistry = defaultVocabularies,
): string {
  const vocabulary = vocabularies.forModel(scenario.model);
  if (!vocabulary) throw new Error(`no example vocabulary for model ${scenario.model}`);
  const handles = handleNames(scenario, vocabulary, vocabularies);
  const printOps = (ops: readonly ScenarioOp[]) => {
    const printed = ops.map((op) => printOp(op, vocabulary, vocabularies, handles));
    return collapseRuns(printed, ops.map((op) => repeatable(vocabularies, vocabulary, op.name))).join('; ');
  };

  const lines = [`title: ${meta.title}`];
  if (meta.rule !== undefined) lines.push(`rule: ${meta.rule}`);
  for (const decl of scenario.objects) {
    const call = printConstructorCall(decl, vocabularies.family(vocabulary));
    lines.push(`let ${Object.keys(decl.handles).join(', ')} = ${call}`);
  }
  if (scenario.prefix.length > 0) lines.push(`main: ${printOps(scenario.prefix)}`);
  for (const actor of scenario.actors) lines.push(`${actor.name}:${actor.ops.length > 0 ? ' ' : ''}${printOps(actor.ops)}`);
  if (scenario.suffix.length > 0) lines.push(`then: ${printOps(scenario.suffix)}`);
  return lines.map((line) => `${line}\n`).join('');
}

/** Runs of at least REPEAT_FROM identical operations that may repeat (`repeatable`) as `op ×N` (parse-example.ts). */
function collapseRuns(printed: readonly string[], repeatable: readonly boolean[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < printed.length; ) {
    let j = i + 1;
    while (j < printed.length && printed[j] === printed[i] && j - i < MAX_REPEAT) j++;
    if (repeatable[i] && j - i >= REPEAT_FROM) out.push(`${printed[i]} ×${j - i}`);
    else out.push(...printed.slice(i, j));
    i = j;
  }
  return out;
}

const REPEAT_FROM = 4;

/** The example as a fenced block, ready to paste into a chapter. */
export function printExampleBlock(scenario: Scenario, meta: ExampleMeta, vocabularies?: VocabularyRegistry): string {
  return `\`\`\`example\n${printExample(scenario, meta, vocabularies)}\`\`\`\n`;
}

function printConstructorCall(decl: Scenario['objects'][number], family: readonly Vocabulary[]): string {
  for (const ctor of family.flatMap((v) => v.constructors)) {
    const args = ctor.argsOf(decl);
    if (args) return `${ctor.name}(${args.map(formatValue).join(', ')})`;
  }
  throw new Error(`no ${family[0].model} constructor makes ${JSON.stringify(decl)}`);
}

function printOp(op: ScenarioOp, vocabulary: Vocabulary, vocabularies: VocabularyRegistry, handles: ReadonlySet<string>): string {
  const expect = op.expect ? ` -> ${op.expect.map((o) => (o === 'blocks' ? o : formatOutcome(o))).join(' | ')}` : '';
  return printCall(op, vocabulary, vocabularies, handles) + expect;
}

function printCall(op: ScenarioOp, vocabulary: Vocabulary, vocabularies: VocabularyRegistry, handles: ReadonlySet<string>): string {
  // The leading handle arguments of `cv.wait(g)` are written bare, the rest as JSON.
  const handleCount = vocabularies.handleArgCount(vocabulary, op.name);
  const values = (args: readonly ScenarioOp['args'][number][]) =>
    args.map((arg, i) => (i < handleCount && typeof arg === 'string' ? arg : formatValue(arg))).join(', ');
  const [first, ...rest] = op.args;
  if (vocabularies.bindsHandle(vocabulary, op.name) && typeof first === 'string') {
    return `${first} = ${op.target}.${op.name}(${values(rest)})`;
  }
  if (op.name === 'drop' && op.args.length === 0) return `drop(${op.target})`;
  // A function over handles, `select(rx1, rx2)`, is stored with its first handle as target.
  const overHandles = first === op.target && op.args.every((a) => typeof a === 'string' && handles.has(a));
  if (overHandles) return `${op.name}(${op.args.join(', ')})`;
  return `${op.target}.${op.name}(${values(op.args)})`;
}

function handleNames(scenario: Scenario, vocabulary: Vocabulary, vocabularies: VocabularyRegistry): Set<string> {
  const names = new Set(scenario.objects.flatMap((decl) => Object.keys(decl.handles)));
  const ops = [...scenario.prefix, ...scenario.actors.flatMap((a) => a.ops), ...scenario.suffix];
  for (const op of ops) {
    const [first] = op.args;
    if (vocabularies.bindsHandle(vocabulary, op.name) && typeof first === 'string') names.add(first);
  }
  return names;
}

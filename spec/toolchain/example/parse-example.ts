// The ```example notation (spec/FORMAT.md, "Examples") read into a Scenario whose
// operations carry the outcomes the spec allows (`expect`).
//
//   title: a full channel refuses try_send and hands the value back
//   let tx, rx = sync_channel(1)
//   main: tx.send(1) -> Ok; tx.try_send(2) -> Full(2)
//   A: rx.recv() -> Ok(1)
//   then: drop(tx); rx.recv() -> Disconnected
import type { Outcome, Value } from '../../model/types.ts';
import { MAIN_ACTOR, type ObjectDecl, type Scenario, type ScenarioOp } from '../../../conformance/scenario/types.ts';
import { specError, type SpecError } from '../diagnostics.ts';
import { bodyLines, matchKeyValue } from '../key-value.ts';
import { defaultVocabularies } from './default-vocabularies.ts';
import { parseValueText } from '../../model/value-text.ts';
import { IDENTIFIER, isProblem, parseCallSyntax, parseOutcome, splitTopLevel, type CallSyntax } from './syntax.ts';
import type { Vocabulary, VocabularyRegistry } from './vocabulary.ts';

export interface ParsedExample {
  /** Required by the chapter format; the chapter parser reports its absence. */
  readonly title?: string;
  /** The `rule: ID` line, when the example names the rule it checks. */
  readonly rule?: { readonly id: string; readonly line: number };
  /** The `schedules: N` line: N schedules per executor mode where the default is more, for a long example whose every schedule is costly (the async sweep still adds its own: FORMAT.md). */
  readonly schedules?: number;
  readonly scenario: Scenario;
}

export interface ExampleSource {
  /** The file named in errors. */
  readonly file?: string;
  /** The chapter line of the example's first line. */
  readonly line?: number;
  readonly vocabularies?: VocabularyRegistry;
}

/** The most schedules an example may ask for: no executor's default is higher (check-runner.ts), so more would change nothing. */
const MAX_SCHEDULES = 20;

/** On failure, the `title:` and `rule:` lines are still read, so the chapter knows which rule the example was for. */
export type ExampleResult =
  | { ok: true; example: ParsedExample }
  | { ok: false; errors: SpecError[]; title?: string; rule?: ParsedExample['rule'] };

const LET_LINE = /^let\s+(?:\(([^)]*)\)|([^=]*?))\s*=\s*(.+)$/;
const OPS_LINE = /^(main|then|[A-Z][A-Za-z0-9_]*)\s*:(.*)$/;
const SUFFIX_LABEL = 'then';

export function parseExample(text: string, source: ExampleSource = {}): ExampleResult {
  const reader = new ExampleReader(source.file ?? '<example>', source.vocabularies ?? defaultVocabularies);
  const firstLine = source.line ?? 1;
  bodyLines(text).forEach((lineText, index) => reader.readLine(lineText.trim(), firstLine + index));
  return reader.finish(firstLine);
}

/** The state of one example being read, line by line. */
class ExampleReader {
  private readonly errors: SpecError[] = [];
  private title?: string;
  private titleLine = 0;
  private schedules?: { readonly count: number; readonly line: number };
  private rule?: { id: string; line: number };
  private vocabulary?: Vocabulary;
  private sawLet = false;
  private sawOpsBeforeLet = false;
  private readonly objects: ObjectDecl[] = [];
  private readonly handles = new Set<string>();
  private prefix: ScenarioOp[] = [];
  private suffix: ScenarioOp[] = [];
  private readonly actors = new Map<string, ScenarioOp[]>();

  constructor(
    private readonly file: string,
    private readonly vocabularies: VocabularyRegistry,
  ) {}

  readLine(text: string, line: number): void {
    if (text === '') return;
    const keyValue = matchKeyValue(text, line);
    if (keyValue?.key === 'title') return this.readTitle(keyValue.value, line);
    if (keyValue?.key === 'rule') return this.readRule(keyValue.value, line);
    if (keyValue?.key === 'schedules') return this.readSchedules(keyValue.value, line);
    const letLine = LET_LINE.exec(text);
    if (letLine) return this.readLet(letLine[1] ?? letLine[2], letLine[3], line);
    const opsLine = OPS_LINE.exec(text);
    if (opsLine) return this.readOps(opsLine[1], opsLine[2], line);
    this.fail(line, `cannot read \`${text}\`: expected \`title:\`, \`rule:\`, \`schedules:\`, \`let\`, \`main:\`, an actor (\`A:\`) or \`then:\``);
  }

  finish(firstLine: number): ExampleResult {
    if (!this.sawLet && !this.sawOpsBeforeLet) this.fail(firstLine, 'the example declares no primitive: add a `let` line');
    const header = {
      ...(this.title === undefined ? {} : { title: this.title }),
      ...(this.rule === undefined ? {} : { rule: this.rule }),
    };
    const schedules = this.schedules === undefined ? {} : { schedules: this.schedules.count };
    if (this.errors.length > 0 || !this.vocabulary) return { ok: false, errors: this.errors, ...header };
    const scenario: Scenario = {
      model: this.vocabulary.model,
      objects: this.objects,
      prefix: this.prefix,
      actors: [...this.actors].map(([name, ops]) => ({ name, ops })),
      suffix: this.suffix,
    };
    return { ok: true, example: { ...header, ...schedules, scenario } };
  }

  private readTitle(value: string, line: number): void {
    if (this.title !== undefined) return this.fail(line, `second \`title:\` (the first is on line ${this.titleLine})`);
    if (value === '') return this.fail(line, '`title:` is empty');
    this.title = value;
    this.titleLine = line;
  }

  private readSchedules(value: string, line: number): void {
    if (this.schedules !== undefined) return this.fail(line, `second \`schedules:\` (the first is on line ${this.schedules.line})`);
    const count = Number(value);
    if (!/^\d+$/.test(value) || count < 1 || count > MAX_SCHEDULES) return this.fail(line, `\`schedules: ${value}\`: a whole number from 1 to ${MAX_SCHEDULES}`);
    this.schedules = { count, line };
  }

  private readRule(value: string, line: number): void {
    if (this.rule !== undefined) return this.fail(line, `second \`rule:\` (the first is on line ${this.rule.line})`);
    this.rule = { id: value, line };
  }

  private readLet(handleList: string, constructorCall: string, line: number): void {
    this.sawLet = true;
    const handles = handleList.split(',').map((h) => h.trim());
    for (const handle of handles) {
      if (!IDENTIFIER.test(handle)) return this.fail(line, `bad handle name \`${handle}\` in \`let\``);
    }
    // Declare the names even if the constructor turns out to be wrong, so that the
    // lines using them do not each report an unknown handle.
    const duplicate = handles.find((h, i) => this.handles.has(h) || handles.indexOf(h) !== i);
    handles.forEach((h) => this.handles.add(h));
    if (duplicate !== undefined) return this.fail(line, `handle \`${duplicate}\` is declared twice`);

    const call = parseCallSyntax(constructorCall);
    if (isProblem(call)) return this.fail(line, call.problem);
    if (call.receiver !== undefined || call.binding !== undefined) {
      return this.fail(line, `expected a constructor call such as \`sync_channel(1)\`, got \`${constructorCall.trim()}\``);
    }
    const found = this.vocabularies.constructorNamed(call.name);
    if (!found) {
      const known = this.vocabularies.constructorNames().join(', ');
      return this.fail(line, `unknown constructor \`${call.name}\` (known: ${known})`);
    }
    // A condvar example declares its mutexes too: vocabularies that include others combine.
    const vocabulary = this.vocabularies.combine(this.vocabulary, found.vocabulary);
    if (!vocabulary) {
      return this.fail(line, `\`${call.name}\` makes a ${found.vocabulary.model}, but this example is about a ${this.vocabulary?.model}`);
    }
    const args = this.literalArgs(call, line);
    if (!args) return;
    this.vocabulary = vocabulary;
    const decl = found.ctor.build(args, handles, `${found.vocabulary.objectPrefix}${this.objects.length}`);
    if (typeof decl === 'string') return this.fail(line, `${call.name}: ${decl}`);
    this.objects.push(decl);
  }

  private readOps(label: string, opsText: string, line: number): void {
    if (!this.sawLet) {
      this.sawOpsBeforeLet = true;
      return this.fail(line, `\`${label}:\` line before any \`let\`: declare the primitive and its handles first`);
    }
    // A \`let\` whose constructor failed has been reported; its operations would only add noise.
    if (!this.vocabulary) return;
    const ops = this.parseOps(opsText, line);
    if (!ops) return;
    // concat, not push(...ops): an `op ×N` line may hold more operations than a call has room for arguments.
    if (label === MAIN_ACTOR) this.prefix = this.prefix.concat(ops);
    else if (label === SUFFIX_LABEL) this.suffix = this.suffix.concat(ops);
    else this.actors.set(label, (this.actors.get(label) ?? []).concat(ops));
  }

  private parseOps(opsText: string, line: number): ScenarioOp[] | undefined {
    if (opsText.trim() === '') return [];
    const pieces = splitTopLevel(opsText, ';');
    if (!pieces) return this.fail(line, 'unbalanced brackets or quotes');
    const ops: ScenarioOp[] = [];
    for (const piece of pieces) {
      const { text, times } = repetition(piece.trim());
      if (times !== undefined && !(times >= 2 && times <= MAX_REPEAT)) return this.fail(line, `\`×${times}\` repeats an operation 2 to ${MAX_REPEAT} times`);
      const op = this.parseOp(text, line);
      if (!op) return undefined;
      if (times !== undefined && this.vocabulary && !repeatable(this.vocabularies, this.vocabulary, op.name)) {
        return this.fail(line, op.name === 'drop' ? 'a handle is dropped once: `drop` cannot be repeated' : `\`${op.name}\` creates a handle, so it cannot be repeated with \`×${times}\``);
      }
      for (let i = 0; i < (times ?? 1); i++) ops.push({ ...op });
    }
    return ops;
  }

  /** `tx.try_send(2) -> Full(2) | Ok` */
  private parseOp(text: string, line: number): ScenarioOp | undefined {
    if (text === '') return this.fail(line, 'empty operation (two `;` in a row, or a trailing `;`)');
    const [callText, expectText, ...extra] = splitTopLevel(text, '->') ?? [];
    if (extra.length > 0) return this.fail(line, `more than one \`->\` in \`${text}\``);
    const call = parseCallSyntax(callText);
    if (isProblem(call)) return this.fail(line, call.problem);
    const op = call.receiver === undefined ? this.functionCall(call, line) : this.methodCall(call, call.receiver, line);
    if (!op || expectText === undefined) return op;
    const expect = this.parseExpect(expectText, line);
    return expect && { ...op, expect };
  }

  /** `tx.send(1)`, `tx2 = tx.clone()`: arguments are values, but for the leading handles of `g2 = cv.wait(g)`. */
  private methodCall(call: CallSyntax, receiver: string, line: number): ScenarioOp | undefined {
    if (!this.handles.has(receiver)) return this.fail(line, `unknown handle \`${receiver}\``);
    const handleCount = this.vocabulary ? this.vocabularies.handleArgCount(this.vocabulary, call.name) : 0;
    const handleArgs = call.args.slice(0, handleCount);
    if (handleArgs.length < handleCount) {
      return this.fail(line, `\`${call.name}\` takes ${handleCount === 1 ? 'a handle' : `${handleCount} handles`} first, as in \`${call.name}(g)\``);
    }
    for (const arg of handleArgs) {
      if (!IDENTIFIER.test(arg)) return this.fail(line, `\`${call.name}\` takes a handle first, and \`${arg}\` is not one`);
      if (!this.handles.has(arg)) return this.fail(line, `unknown handle \`${arg}\``);
    }
    const literals = this.literalArgs({ ...call, args: call.args.slice(handleCount) }, line);
    if (!literals) return undefined;
    const values: Value[] = [...handleArgs, ...literals];
    const binds = this.vocabulary ? this.vocabularies.bindsHandle(this.vocabulary, call.name) : false;
    if (binds && call.binding === undefined) {
      return this.fail(line, `\`${call.name}\` creates a handle: write \`h2 = ${receiver}.${call.name}(...)\``);
    }
    if (!binds && call.binding !== undefined) {
      return this.fail(line, `\`${call.name}\` creates no handle: drop \`${call.binding} =\``);
    }
    if (call.binding === undefined) return { name: call.name, target: receiver, args: values };
    if (this.handles.has(call.binding)) return this.fail(line, `handle \`${call.binding}\` is declared twice`);
    this.handles.add(call.binding);
    return { name: call.name, target: receiver, args: [call.binding, ...values] };
  }

  /** `drop(tx)`, `select(rx1, rx2)`: arguments are handles; the first is the target. */
  private functionCall(call: CallSyntax, line: number): ScenarioOp | undefined {
    if (call.binding !== undefined) return this.fail(line, `only a method call such as \`h2 = h.clone()\` creates a handle`);
    const [first] = call.args;
    if (first === undefined) return this.fail(line, `\`${call.name}()\` needs a handle as its first argument`);
    for (const arg of call.args) {
      if (!IDENTIFIER.test(arg)) return this.fail(line, `\`${call.name}\` takes handles, and \`${arg}\` is not one`);
      if (!this.handles.has(arg)) return this.fail(line, `unknown handle \`${arg}\``);
    }
    if (call.name === 'drop') {
      if (call.args.length !== 1) return this.fail(line, '`drop` takes exactly one handle');
      return { name: 'drop', target: first, args: [] };
    }
    return { name: call.name, target: first, args: [...call.args] };
  }

  private literalArgs(call: CallSyntax, line: number): Value[] | undefined {
    const values: Value[] = [];
    for (const arg of call.args) {
      const value = parseValueText(arg);
      if (value === undefined) {
        const hint = IDENTIFIER.test(arg) ? ' (strings are written in double quotes)' : '';
        return this.fail(line, `\`${arg}\` is not a JSON value${hint}`);
      }
      values.push(value);
    }
    return values;
  }

  private parseExpect(text: string, line: number): (Outcome | 'blocks')[] | undefined {
    const alternatives = splitTopLevel(text, '|');
    if (!alternatives) return this.fail(line, `unbalanced brackets or quotes in \`-> ${text.trim()}\``);
    const expect: (Outcome | 'blocks')[] = [];
    for (const alternative of alternatives) {
      const outcome = parseOutcome(alternative);
      if (isProblem(outcome)) return this.fail(line, outcome.problem);
      expect.push(outcome);
    }
    return expect;
  }

  /** Records an error; returns undefined so callers can `return this.fail(...)`. */
  private fail(line: number, message: string): undefined {
    this.errors.push(specError(this.file, line, message));
    return undefined;
  }
}

/** How many times `op ×N` may repeat an operation: enough to wrap a 12-bit counter. */
export const MAX_REPEAT = 10_000;

/** Whether `op ×N` may repeat operation `name`: not `drop` (a handle goes once), nor one that creates a handle. */
export function repeatable(vocabularies: VocabularyRegistry, vocabulary: Vocabulary, name: string): boolean {
  return name !== 'drop' && !vocabularies.bindsHandle(vocabulary, name);
}

/** `cv.notify_one() ×256`: the operation's text and how many times it runs in a row (undefined: once). */
function repetition(piece: string): { readonly text: string; readonly times?: number } {
  const m = /^(.*\S)\s+×\s*(\d+)$/su.exec(piece);
  return m === null ? { text: piece } : { text: m[1], times: Number(m[2]) };
}

// The selftest's subjects shared among child processes (`syncspec selftest --jobs N`).
// Each subject — a correct implementation or a mutant — runs whole in one child, exactly
// as it runs in one process; runSelftest hands the next subject to whichever child is free
// and summarizes the results in the catalogue's order. Subjects are independent and each
// run is single-threaded, so two cores run two at once.
import { fork, type ChildProcess } from 'node:child_process';
import { inThisProcess, runSelftest, type BaselineResult, type MutantResult, type SelftestOptions, type SelftestReport, type SubjectRef, type SubjectRunner } from './selftest.ts';

/** How to start a child: a module that answers `serveSelftest`'s messages (the CLI with `selftest --serve`). */
export interface ChildCommand {
  readonly modulePath: string;
  readonly args: readonly string[];
  readonly execArgv: readonly string[];
}

type ToChild = { readonly run: SubjectRef };
type FromChild = { readonly result: BaselineResult | MutantResult };

/**
 * Runs the selftest of `options` in `jobs` child processes. The children must select the
 * same mutants and baselines as `options` (the same flags): subjects travel as indices.
 * A child that dies before answering ends the whole run with an error naming its subject.
 */
export async function runSelftestInProcesses(options: SelftestOptions, jobs: number, command: ChildCommand): Promise<SelftestReport> {
  const count = Math.max(1, Math.min(jobs, options.baselines.length + options.mutants.length));
  const children = Array.from({ length: count }, () => fork(command.modulePath, [...command.args], { execArgv: [...command.execArgv], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
  const nameOf = (ref: SubjectRef): string => (ref.kind === 'baseline' ? options.baselines[ref.index].name : options.mutants[ref.index].id);
  try {
    return await runSelftest(options, children.map((child) => childRunner(child, nameOf)));
  } catch (e) {
    // The others may still be running a subject: stop them.
    for (const child of children) child.kill();
    throw e;
  } finally {
    // A child ends once its parent disconnects.
    for (const child of children) if (child.connected) child.disconnect();
  }
}

/** The subject runner of one child: a subject at a time, answered by a message, or an error when the child dies first. */
function childRunner(child: ChildProcess, nameOf: (ref: SubjectRef) => string): SubjectRunner {
  let waiting: { readonly ref: SubjectRef; resolve(result: BaselineResult | MutantResult): void; reject(error: Error): void } | undefined;
  const settle = (answer: (w: NonNullable<typeof waiting>) => void): void => {
    const w = waiting;
    waiting = undefined;
    if (w !== undefined) answer(w);
  };
  const fail = (why: string) => settle((w) => w.reject(new Error(`syncspec selftest: the child process running ${w.ref.kind} ${nameOf(w.ref)} ${why}`)));
  child.on('message', (message: FromChild) => settle((w) => w.resolve(message.result)));
  child.on('error', (e) => fail(`failed: ${e.message}`));
  child.on('exit', (code, signal) => fail(`exited (${signal ?? `code ${code}`}) before reporting it`));
  return (ref) =>
    new Promise((resolve, reject) => {
      waiting = { ref, resolve, reject };
      child.send({ run: ref } satisfies ToChild);
    });
}

/**
 * The child's side: runs each subject the parent sends, answers with its result, and
 * returns when the parent disconnects.
 */
export function serveSelftest(options: SelftestOptions): Promise<void> {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('syncspec selftest --serve: not started by a parent selftest (no IPC channel)');
  const { onProgress: _parentReports, ...quiet } = options;
  const run = inThisProcess(quiet);
  return new Promise((resolve) => {
    process.on('message', (message: ToChild) => void run(message.run).then((result) => send({ result } satisfies FromChild)));
    process.on('disconnect', () => resolve());
  });
}

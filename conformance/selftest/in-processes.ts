// The selftest's subjects shared among child processes (`syncspec selftest --jobs N`).
// Each subject — a correct implementation or a mutant — runs whole in one child, exactly
// as runSelftest runs it in one process; the parent hands the next subject to whichever
// child is free and summarizes the results in the catalogue's order. Subjects are
// independent and each run is single-threaded, so two cores run two at once.
import { fork, type ChildProcess } from 'node:child_process';
import { rulesFor, runBaseline, runMutant, summarize, type BaselineResult, type MutantResult, type ProgressEvent, type SelftestOptions, type SelftestReport } from './selftest.ts';

/** How to start a child: a module that answers `serveSelftest`'s messages (the CLI with `selftest --serve`). */
export interface ChildCommand {
  readonly modulePath: string;
  readonly args: readonly string[];
  readonly execArgv: readonly string[];
}

/** A subject by its place in the options' lists. */
interface SubjectRef {
  readonly kind: 'baseline' | 'mutant';
  readonly index: number;
}

type ToChild = { readonly run: SubjectRef };
type FromChild = { readonly ref: SubjectRef; readonly baseline?: BaselineResult; readonly mutant?: MutantResult };

/**
 * Runs the selftest of `options` in `jobs` child processes. The children must select the
 * same mutants and baselines as `options` (the same flags): subjects travel as indices.
 * A child that dies before answering ends the whole run with an error naming its subject.
 */
export async function runSelftestInProcesses(options: SelftestOptions, jobs: number, command: ChildCommand): Promise<SelftestReport> {
  const queue: SubjectRef[] = [...options.baselines.map((_, index) => ({ kind: 'baseline' as const, index })), ...options.mutants.map((_, index) => ({ kind: 'mutant' as const, index }))];
  const total = queue.length;
  const baselines: (BaselineResult | undefined)[] = options.baselines.map(() => undefined);
  const mutants: (MutantResult | undefined)[] = options.mutants.map(() => undefined);
  let dispatched = 0;
  const nameOf = (ref: SubjectRef): string => (ref.kind === 'baseline' ? options.baselines[ref.index].name : options.mutants[ref.index].id);
  const progress = (event: ProgressEvent): void => options.onProgress?.(event);

  const serve = (child: ChildProcess): Promise<void> =>
    new Promise((resolve, reject) => {
      let current: SubjectRef | undefined;
      const next = (): void => {
        current = queue.shift();
        if (current === undefined) {
          child.disconnect();
          return;
        }
        const { kind, index } = current;
        const subject = kind === 'baseline' ? options.baselines[index] : options.mutants[index];
        const name = nameOf(current);
        const rules = rulesFor(options.spec, subject.chapters, options.rules).length;
        progress({ kind: 'start', subject: name, what: kind, rules, index: dispatched++, total });
        child.send({ run: current } satisfies ToChild);
      };
      child.on('message', (message: FromChild) => {
        if (message.baseline !== undefined) {
          baselines[message.ref.index] = message.baseline;
          progress({ kind: 'done', subject: message.baseline.name, killedBy: message.baseline.failures.map((f) => f.rule), ms: message.baseline.durationMs });
        }
        if (message.mutant !== undefined) {
          mutants[message.ref.index] = message.mutant;
          progress({ kind: 'done', subject: message.mutant.id, killedBy: message.mutant.killedBy, ms: message.mutant.durationMs });
        }
        next();
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        if (current === undefined) resolve();
        else reject(new Error(`syncspec selftest: the child process running ${current.kind} ${nameOf(current)} exited (${signal ?? `code ${code}`}) before reporting it`));
      });
      next();
    });

  const children = Array.from({ length: Math.min(jobs, total) }, () =>
    fork(command.modulePath, [...command.args], { execArgv: [...command.execArgv], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }),
  );
  try {
    await Promise.all(children.map(serve));
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
  return summarize(options, mutants.filter((m) => m !== undefined), baselines.filter((b) => b !== undefined));
}

/**
 * The child's side: runs each subject the parent sends, answers with its result, and
 * returns when the parent disconnects.
 */
export function serveSelftest(options: SelftestOptions): Promise<void> {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('syncspec selftest --serve: not started by a parent selftest (no IPC channel)');
  const runner = options.createRunner();
  const { onProgress: _parentReports, ...quiet } = options;
  return new Promise((resolve) => {
    process.on('message', (message: ToChild) => {
      const { kind, index } = message.run;
      const answer =
        kind === 'baseline'
          ? runBaseline(options.baselines[index], runner, quiet).then((baseline): FromChild => ({ ref: message.run, baseline }))
          : runMutant(options.mutants[index], runner, quiet).then((mutant): FromChild => ({ ref: message.run, mutant }));
      void answer.then((reply) => send(reply));
    });
    process.on('disconnect', () => resolve());
  });
}

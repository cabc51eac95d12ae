// `syncspec`: the command-line entry point (bin/syncspec.js imports this file).
// A command is a file in commands/ exporting a register function; add it here.
import { registerAdaptersCommand } from './commands/adapters.ts';
import { registerBenchCommand } from './commands/bench.ts';
import { registerInitAdapterCommand } from './commands/init-adapter.ts';
import { registerRulesCommand } from './commands/rules.ts';
import { registerRunCommand } from './commands/run.ts';
import { registerSelftestCommand } from './commands/selftest.ts';
import { registerSiteCommand } from './commands/site.ts';
import { createCheckRunner, replayCheck } from '../executors/shared/check-runner.ts';
import { decodeReplayToken } from '../executors/shared/replay-token.ts';
import { createProgram, runProgram } from './program.ts';
import { shutdownLaneWorkers } from '../executors/threads/lane-workers.ts';

const program = createProgram();
registerRulesCommand(program);
registerRunCommand(program, {
  createRunner: (options) => createCheckRunner(options),
  replay: (adapter, token, options) => replayCheck(adapter, token, options),
  adapterOf: (token) => decodeReplayToken(token).adapter,
});
registerAdaptersCommand(program);
registerBenchCommand(program);
registerInitAdapterCommand(program);
// The selftest needs each rule's verdict, not a minimal counterexample: failures are not shrunk.
registerSelftestCommand(program, { createRunner: () => createCheckRunner({ shrink: false }) });
registerSiteCommand(program);

process.exitCode = await runProgram(program, process.argv);
// A threads run keeps its workers for the next run: end them. Then exit once the output is
// flushed: a handle an adapter left open (a ref'd port, a timer) must not keep a finished
// command alive.
await shutdownLaneWorkers();
await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
process.exit(process.exitCode);

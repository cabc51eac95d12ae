// `syncspec bench [--json] [--quick]`: the reference's throughput beside Node's
// MessageChannel and, where cargo is present, Rust's std::sync::mpsc — every row measured
// in this one run, interleaved, so that ratios hold on a noisy machine (DESIGN.md,
// "Command line"; the measuring code is reference/bench/).
import { InvalidArgumentError, type Command } from 'commander';
import { BenchUsageError, IMPL, type BenchResult, type BenchRow } from '../../../reference/bench/rows.ts';
import { EXIT_USAGE } from '../exit-codes.ts';

interface BenchOptions {
  json?: boolean;
  quick?: boolean;
  rounds?: number;
  spin?: number;
  rust: boolean;
  case?: string[];
}

const integer = (what: string, min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${what} must be an integer ≥ ${min}`);
  return n;
};

const HELP = `
Rows (each a median over the rounds):
  syncspec-reference                            the reference as shipped (spins 1000 loads before parking)
  syncspec-reference (no spin)                  the reference parking at once (capacity 1, rendezvous)
  syncspec-reference (hook check compiled out)  the reference with its schedule hooks replaced by plain
                                                Atomics calls: what the hooks cost outside controlled runs
                                                (most precisely in the one-thread case: try_send and
                                                try_recv in one worker, timed in its CPU time on Linux)
  MessageChannel                                postMessage between two workers (unbounded by nature)
  rust std::sync::mpsc                          reference/bench/rust, built with cargo --offline on first use

--json prints { results: [{ impl, flavor, payload, messages, seconds, messagesPerSecond }] }.
Progress goes to stderr. Figures from a loaded machine are low: compare rows of one run.
`;

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('reference throughput beside its alternatives (MessageChannel, Rust std::sync::mpsc)')
    .option('--json', 'print { results: [{ impl, flavor, payload, messages, seconds, messagesPerSecond }] }')
    .option('--quick', 'a tenth of the messages and one round (seconds instead of about a minute)')
    .option('--rounds <n>', 'rounds of every measurement, each row reports its median (default 5, 1 with --quick: the two-thread rows are bistable, a median of 5 steadies them)', integer('--rounds', 1))
    .option('--spin <n>', "the reference's spin iterations before parking", integer('--spin', 0))
    .option('--case <text>', 'only the cases whose name contains TEXT (repeatable): numbers, unbounded, rendezvous, strings...', (v: string, acc: string[] = []) => [...acc, v])
    .option('--no-rust', 'skip Rust even where cargo is present')
    .addHelpText('after', HELP)
    .action(async (options: BenchOptions) => {
      const tty = process.stderr.isTTY === true;
      let round = 0;
      // Loaded here, not at startup: the reference sets up its shared memory on import.
      const { runBench } = await import('../../../reference/bench/throughput.ts');
      let result: BenchResult;
      try {
        result = await runBench({
          quick: options.quick === true,
          rust: options.rust,
          ...(options.rounds !== undefined ? { rounds: options.rounds } : {}),
          ...(options.spin !== undefined ? { spin: options.spin } : {}),
          ...(options.case !== undefined ? { only: options.case } : {}),
          onNote: (message) => process.stderr.write(`${tty ? '\r\x1b[K' : ''}syncspec bench: ${message}\n`),
          onProgress: (p) => {
            if (tty) process.stderr.write(`\r\x1b[K[${p.done + 1}/${p.total}] round ${p.round}: ${p.impl}, ${p.flavor}, ${p.payload}`);
            else if (p.round !== round) process.stderr.write(`syncspec bench: round ${p.round}, ${p.total} measurements in all\n`);
            round = p.round;
          },
        });
      } catch (e) {
        if (!(e instanceof BenchUsageError)) throw e;
        process.stderr.write(`syncspec bench: ${e.message}\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      if (tty) process.stderr.write('\r\x1b[K');
      process.stdout.write(options.json === true ? `${JSON.stringify({ results: result.rows }, null, 2)}\n` : formatBench(result));
    });
}

/** `1.2×`, `0.043×`, `18×`: two significant digits. */
function ratio(x: number): string {
  if (!Number.isFinite(x)) return '';
  return `${x >= 10 ? Math.round(x) : Number(x.toPrecision(2))}×`;
}

function rate(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(x >= 1e8 ? 0 : 2)} M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(x >= 1e5 ? 0 : 1)} K`;
  return x.toFixed(0);
}

/**
 * A table grouped by case, each row with its ratio to Rust's row of the same case and
 * to MessageChannel with the same payload, then what the schedule-hook check costs.
 */
export function formatBench(result: BenchResult): string {
  const { rows, cases } = result;
  const rustOf = (i: number) => rows.find((r, j) => r.impl === IMPL.rust && cases[j].name === cases[i].name);
  const channelOf = (row: BenchRow) => rows.find((r) => r.impl === IMPL.messageChannel && r.payload === row.payload);
  const hasRust = rows.some((r) => r.impl === IMPL.rust);
  const hasChannel = rows.some((r) => r.impl === IMPL.messageChannel);
  const header = ['implementation', 'flavor', 'messages', 'msg/s', ...(hasRust ? ['× Rust'] : []), ...(hasChannel ? ['× MessageChannel'] : [])];
  const table: (string[] | string)[] = [];
  let last = '';
  rows.forEach((row, i) => {
    if (cases[i].name !== last) table.push((last = cases[i].name));
    const rust = rustOf(i);
    const mc = channelOf(row);
    table.push([
      `  ${row.impl}`,
      row.flavor,
      row.messages.toLocaleString('en-US'),
      rate(row.messagesPerSecond),
      ...(hasRust ? [rust ? ratio(row.messagesPerSecond / rust.messagesPerSecond) : ''] : []),
      ...(hasChannel ? [mc && row.impl !== IMPL.messageChannel && !row.flavor.endsWith('one thread') ? ratio(row.messagesPerSecond / mc.messagesPerSecond) : ''] : []),
    ]);
  });
  const cells = table.filter((r): r is string[] => Array.isArray(r));
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  const out: string[] = [];
  const { start, end, cpus } = result.load;
  out.push(`syncspec bench: ${result.rounds} round${result.rounds === 1 ? '' : 's'}, median per row; ratios are within this run`);
  // The load at the end includes the bench's own two busy threads; the one at the start is other work's.
  out.push(`load average ${start.toFixed(2)} before the run, ${end.toFixed(2)} at its end (its own threads included), ${cpus} CPU${cpus === 1 ? '' : 's'}${start > cpus / 4 ? ': other work shares the machine, rows are low and spread' : ''}`);
  out.push('');
  out.push(line(header));
  for (const r of table) out.push(Array.isArray(r) ? line(r) : r);
  out.push('');
  if (hasChannel) out.push('MessageChannel is unbounded by nature: it sits in its payload\'s case, beside that case\'s Rust row.');
  if (rows.some((r) => r.flavor.endsWith('one thread'))) out.push('One thread: both ends in one worker, timed in that thread\'s CPU time (Linux), so other processes do not count.');
  if (result.rustSkipped !== undefined) out.push(`No Rust rows: ${result.rustSkipped}`);
  const hooks = hookCost(result);
  if (hooks.length > 0) {
    out.push('');
    out.push('Schedule hooks outside controlled runs (reference ÷ the same code with the hook check compiled out; 1 = no cost):');
    for (const h of hooks) out.push(`  ${h}`);
  }
  return `${out.join('\n')}\n`;
}

/** Per case: the reference's rate over the hook-free build's, beside the spread between rounds of those rows. */
function hookCost(result: BenchResult): string[] {
  const { rows, cases, samples } = result;
  const lines: string[] = [];
  rows.forEach((row, i) => {
    if (row.impl !== IMPL.noHookCheck) return;
    const j = rows.findIndex((r, k) => r.impl === IMPL.reference && cases[k].name === cases[i].name);
    if (j < 0) return;
    const spreads = [i, j]
      .filter((k) => samples[k].length > 1)
      .map((k) => (Math.max(...samples[k]) - Math.min(...samples[k])) / Math.min(...samples[k]));
    const r = rows[j].messagesPerSecond / row.messagesPerSecond;
    let noise = '';
    if (spreads.length > 0) {
      const spread = Math.max(...spreads);
      noise = `; rounds of one row differ by up to ${Math.round(spread * 100)}%${Math.abs(Math.log(r)) <= Math.log1p(spread) ? ', so within noise' : ''}`;
    }
    lines.push(`${cases[i].name}: ${r.toFixed(2)}${noise}`);
  });
  return lines;
}

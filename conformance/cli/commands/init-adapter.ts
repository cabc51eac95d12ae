// `syncspec init-adapter NAME [--executor async|threads] [--out DIR]`: writes a commented
// adapter skeleton (docs/adapters.md) that runs as it is and fails every rule it claims,
// until its TODOs call a real library.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { EXIT_USAGE } from '../exit-codes.ts';

export type SkeletonExecutor = 'async' | 'threads';

export function registerInitAdapterCommand(program: Command): void {
  program
    .command('init-adapter')
    .description('write an adapter skeleton to start from (docs/adapters.md)')
    .argument('<name>', 'the adapter name (letters, digits, . _ -): also the file name')
    .addOption(new Option('--executor <kind>', 'async (promises, one thread) or threads (blocking calls in worker threads)').choices(['async', 'threads']).default('async'))
    .option('--out <dir>', 'the folder to write it in', '.')
    .option('--force', 'overwrite an existing file')
    .action((name: string, options: { executor: SkeletonExecutor; out: string; force?: boolean }) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
        process.stderr.write(`syncspec init-adapter: ${JSON.stringify(name)} is not a usable name: letters, digits, '.', '_' and '-', starting with a letter or digit\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      const dir = resolve(options.out);
      // A threads adapter's module is imported again in every worker thread, as an ES
      // module: outside an ESM package (package.json "type": "module") it is a .mts file.
      const extension = options.executor === 'threads' && !inEsmPackage(dir) ? '.mts' : '.ts';
      const path = join(dir, `${name}${extension}`);
      if (existsSync(path) && options.force !== true) {
        process.stderr.write(`syncspec init-adapter: ${path} exists (--force overwrites it)\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      mkdirSync(dir, { recursive: true });
      writeFileSync(path, adapterSkeleton(name, options.executor, `${name}${extension}`));
      const shown = relative(process.cwd(), path);
      const arg = shown.startsWith('..') || shown === '' ? path : `./${shown}`;
      process.stdout.write(
        `wrote ${arg}: ${options.executor === 'async' ? 'an async' : 'a threads'} adapter that runs and fails every rule it claims until its TODOs call your library\n` +
          `run it:  npx syncspec run --adapter ${arg} --runs 20\n` +
          'guide:   docs/adapters.md in the syncspec package\n',
      );
    });
}

/** Whether files in `dir` are ES modules by their package.json's "type". */
function inEsmPackage(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    const pkg = join(d, 'package.json');
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: unknown }).type === 'module';
      } catch {
        return false;
      }
    }
    if (dirname(d) === d) return false;
  }
}

const HEADER = (name: string, file: string) => `// ${name}: a syncspec adapter (the guide: docs/adapters.md in the syncspec package).
// Written by \`syncspec init-adapter\`. As it is, it runs and fails every rule it claims:
// each TODO stands in for a call into your library. Replace them, then
//
//   npx syncspec run --adapter ./${file} --runs 20      (start small)
//   npx syncspec rules      (every rule, and the capabilities it needs)
//
// The rules: results are values (ok(), ok(v), outcome('Disconnected', v)), never
// exceptions; a method that throws is reported as a broken adapter. Claim only the
// capabilities the adapter really maps: rules needing others are n/a, not failures.
`;

const ASYNC_SKELETON = (name: string, file: string) => `${HEADER(name, file)}
import { ok, outcome, type Adapter, type AsyncReceiver, type AsyncSender, type ChannelParams, type Outcome, type Value } from 'syncspec/adapter';
// TODO: import your library, e.g.  import { createChannel } from 'my-channels';

class Sender implements AsyncSender {
  // TODO: hold the library's sender, e.g.  constructor(private readonly tx: MySender) {}

  send(value: Value): Outcome | Promise<Outcome> {
    // TODO: the library's send. One that waits (a full bounded channel) returns a promise
    // that settles when the send has completed. ok() once the value is in the channel;
    // outcome('Disconnected', value) when the receiver is gone (the value handed back).
    void value;
    return ok(); // the skeleton loses every value
  }

  clone(): AsyncSender {
    // TODO (capability 'clone'): another sender on the same channel (the channel stays
    // connected while any sender lives).
    return new Sender();
  }

  drop(): void {
    // TODO (capability 'disconnect'): JavaScript has no destructors, so dropping a handle
    // is this call. The last sender's drop disconnects the channel.
  }

  // With capability 'try_send': trySend(value) → ok() | outcome('Full', value) | outcome('Disconnected', value)
}

class Receiver implements AsyncReceiver {
  // TODO: hold the library's receiver.

  recv(): Outcome | Promise<Outcome> {
    // TODO: the library's receive: ok(value), waiting (a promise) while the channel is
    // empty and a sender lives; outcome('Disconnected') once every sender is gone and
    // nothing is left.
    return outcome('Disconnected'); // the skeleton never has anything
  }

  tryRecv(): Outcome {
    // TODO (capability 'try_recv'): never waits: ok(value), outcome('Empty'), or
    // outcome('Disconnected') once every sender is gone and nothing is left.
    return outcome('Disconnected');
  }

  drop(): void {
    // TODO (capability 'disconnect'): the receiver's drop; later sends fail with their value.
  }

  // With capability 'recv_timeout': recvTimeout(signal, ms) → give up when \`signal\` aborts,
  //   through the library's own cancellation; never Promise.race (it loses values). No
  //   cancellation in the library: leave the capability out.
}

const adapter: Adapter = {
  name: ${JSON.stringify(name)},
  library: { name: 'TODO: the library (its npm name)', version: '0.0.0' }, // TODO: its version
  executor: 'async',
  // The capabilities this adapter maps (\`syncspec rules\` lists them all). Add one when its
  // method above is written; 'bounded' and 'rendezvous' when create() handles them.
  capabilities: ['unbounded', 'send', 'recv', 'try_recv', 'clone', 'disconnect'],
  // What the adapter adds on top of the library, so nothing is hidden in the results.
  notes: 'TODO',
  channel: {
    create(params: ChannelParams): { sender: AsyncSender; receiver: AsyncReceiver } {
      // params.flavor: 'unbounded' | 'bounded' | 'rendezvous'; params.capacity: n, 0 or null.
      // TODO: create the library's channel and wrap its two ends.
      void params;
      return { sender: new Sender(), receiver: new Receiver() };
    },
  },
  // Known deviations go in ${name}.expectations.json beside this file
  // (\`syncspec run --adapter ./${file} --update-expectations\` writes it).
};

export default adapter;
`;

const THREADS_SKELETON = (name: string, file: string) => `${HEADER(name, file)}//
// On the threads executor every actor of a scenario is a worker thread that imports this
// module and calls the handles' methods directly: they may block (Atomics.wait) and
// return plain values. Handles move between workers through threads.transfer/adopt.
import type { Adapter, AsyncReceiver, AsyncSender, ChannelParams, Outcome, Value } from 'syncspec/adapter';
import { ok, outcome } from 'syncspec/adapter';
// TODO: import your library, e.g.  import { channel } from 'my-shared-memory-channels';

class Sender implements AsyncSender {
  // TODO: hold the library's sender (one whose state lives in a SharedArrayBuffer).

  send(value: Value): Outcome {
    // TODO: the library's send, blocking this worker while it must wait. ok(), or
    // outcome('Disconnected', value) when the receiver is gone.
    void value;
    return ok(); // the skeleton loses every value
  }

  clone(): AsyncSender {
    // TODO (capability 'clone'): another sender on the same channel.
    return new Sender();
  }

  drop(): void {
    // TODO (capability 'disconnect'): the last sender's drop disconnects the channel.
  }
}

class Receiver implements AsyncReceiver {
  // TODO: hold the library's receiver.

  recv(): Outcome {
    // TODO: the library's receive, blocking while the channel is empty and a sender
    // lives: ok(value), or outcome('Disconnected') once every sender is gone and it is empty.
    return outcome('Disconnected'); // the skeleton never has anything
  }

  tryRecv(): Outcome {
    // TODO (capability 'try_recv'): never blocks: ok(value), outcome('Empty') or outcome('Disconnected').
    return outcome('Disconnected');
  }

  drop(): void {
    // TODO (capability 'disconnect'): the receiver's drop.
  }
}

const adapter: Adapter = {
  name: ${JSON.stringify(name)},
  library: { name: 'TODO: the library (its npm name)', version: '0.0.0' }, // TODO: its version
  executor: 'threads',
  capabilities: ['unbounded', 'send', 'recv', 'try_recv', 'clone', 'disconnect'],
  notes: 'TODO',
  channel: {
    create(params: ChannelParams): { sender: AsyncSender; receiver: AsyncReceiver } {
      // TODO: create the library's channel (in main's worker) and wrap its two ends.
      void params;
      return { sender: new Sender(), receiver: new Receiver() };
    },
  },
  threads: {
    // The module each worker imports to get this adapter.
    module: import.meta.url,
    transfer(handle: unknown, role: string, mode: 'move' | 'share'): unknown {
      // TODO: what another worker needs to rebuild this handle, as a structured-clone
      // value: the channel's SharedArrayBuffer, say. 'move': this worker does not use
      // the handle again (senders, receivers). Throw if a role cannot be shared.
      void handle;
      return { role, mode };
    },
    adopt(descriptor: unknown, role: string): unknown {
      // TODO: rebuild the handle from transfer()'s value, in the receiving worker.
      void descriptor;
      return role === 'sender' ? new Sender() : new Receiver();
    },
  },
};

export default adapter;
`;

/** The skeleton of adapter `name`, written to a file named `file`. */
export function adapterSkeleton(name: string, executor: SkeletonExecutor, file = `${name}.ts`): string {
  return executor === 'threads' ? THREADS_SKELETON(name, file) : ASYNC_SKELETON(name, file);
}

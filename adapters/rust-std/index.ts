// The Rust oracle: Rust's own std::sync, driven by a small std-only program
// (adapters/rust-std/oracle/) that runs each scenario's actors on real threads and
// streams the history back over the process protocol
// (conformance/executors/process/PROTOCOL.md). Built with cargo on first use.
import type { Adapter } from '../../conformance/adapter/types.ts';
import { oracleBinary, rustToolchain } from './build.ts';

const tools = rustToolchain();
const version = typeof tools === 'string' ? 'unavailable' : tools.rustc.replace(/^rustc\s+/, '');

const rustStd: Adapter = {
  name: 'rust-std',
  library: { name: 'Rust std::sync', version, url: 'https://doc.rust-lang.org/std/sync/' },
  executor: 'process',
  capabilities: [
    // std::sync::mpsc: channel(), sync_channel(n), sync_channel(0). No mpmc (std::sync::mpmc is
    // unstable), no select (crossbeam's), no try_send on channel()'s Sender.
    'unbounded',
    'bounded',
    'rendezvous',
    'send',
    'try_send',
    'recv',
    'try_recv',
    'recv_timeout',
    'clone',
    'disconnect',
    'iter',
    'try_iter',
    // std::sync locks and cells, all of std's API the chapters name.
    'mutex',
    'mutex:try_lock',
    'mutex:poison',
    'mutex:clear_poison',
    'mutex:into_inner',
    'rwlock',
    'rwlock:try',
    'rwlock:poison',
    'rwlock:clear_poison',
    'rwlock:into_inner',
    'condvar',
    'condvar:wait_while',
    'condvar:wait_timeout',
    'condvar:wait_timeout_while',
    'barrier',
    'barrier_zero',
    'once',
    'once_force',
    'once_wait',
    'once_poison',
    'oncelock',
    'oncelock_panic',
    'oncelock_wait',
    'oncelock_take',
    'lazylock',
    'lazylock_get',
    'lazylock_poison',
  ],
  notes: [
    'Real threads, real blocking: each actor is a std::thread, started together behind a std::sync::Barrier with seeded spin jitter; no controlled schedules are possible, so interleavings come from stress.',
    'Dropping a handle is a real drop(x). Each handle sits in a Mutex-guarded slot so several threads can name it; a std Receiver is not Sync, so two operations on the same receiver are serialized (the scenarios give each handle to one actor).',
    "iter().next() and try_iter().next() are called on a fresh iterator each time: std's Iter and TryIter hold nothing but the borrow of the receiver.",
    'Locks, barriers and cells are shared through an Arc; a guard keeps a clone of it, so it can live across operations; guards stay on the thread that took them (not Send). get_mut, into_inner and OnceLock::take wait until nothing else holds the object (the borrow checker\'s guarantee), polling every 200 µs. g.panic() is a real panic! with the guard in scope, caught by catch_unwind just outside it: poisoning is std\'s own.',
    'Stamps come from an AtomicU64 bumped while the output is locked. recv_timeout waits in real time.',
  ].join(' '),
  process: {
    available: () => (typeof tools === 'string' ? tools : true),
    command: async () => ({ cmd: await oracleBinary() }),
  },
};

export default rustStd;

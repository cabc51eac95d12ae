// What the coordinating thread and a lane worker say to each other (postMessage). Every
// value is structured-clone data; handles travel as the adapter's descriptors.
import type { OpCall, Outcome } from '../../../spec/model/types.ts';
import type { ObjectDecl } from '../../scenario/types.ts';

export type Mode = 'stress' | 'controlled';

/** A handle on its way between workers: the adapter's descriptor of it. */
export interface HandleInTransit {
  readonly name: string;
  readonly role: string;
  readonly descriptor: unknown;
}

export type ToWorker =
  /** Load the adapter module (once per worker). */
  | { readonly type: 'init'; readonly module: string }
  /** Start a run: forget the last run's handles; `objects` creates the scenario's primitives here (main's worker). */
  | { readonly type: 'begin'; readonly control: Int32Array; readonly slot: number; readonly objects: readonly ObjectDecl[] }
  /** Hand over handles: `share` keeps this worker's copy (a Sync object used from several threads). */
  | { readonly type: 'export'; readonly handles: readonly { readonly name: string; readonly share: boolean }[] }
  | { readonly type: 'import'; readonly handles: readonly HandleInTransit[] }
  /**
   * Run a lane of operations. `barrier`: stress start barrier (how many lanes meet there, 0 for none); `jitter`: spins before each op;
   * `copies`: a stress run of several copies (copies.ts): where in `ops` each copy after the first starts, and how many lanes meet before each.
   * `arrivals`: handles moved to this lane, each adopted right before the first operation that names it. Until then it is in flight,
   * as a handle moved into a thread that has not used it yet, while the other lanes run.
   */
  | {
      readonly type: 'lane';
      readonly ops: readonly OpCall[];
      readonly mode: Mode;
      readonly barrier: number;
      readonly jitter: readonly number[];
      readonly copies?: { readonly starts: readonly number[]; readonly lanes: number };
      readonly arrivals?: readonly HandleInTransit[];
    };

export type FromWorker =
  /** `tid`: the worker's kernel thread id (Linux), so the coordinator can see whether it sleeps. */
  | { readonly type: 'ready'; readonly tid?: number }
  | { readonly type: 'begun' }
  | { readonly type: 'exported'; readonly handles: readonly HandleInTransit[] }
  | { readonly type: 'imported' }
  | { readonly type: 'call'; readonly op: number; readonly call: number }
  /** `elapsedMs`: for an operation with a timeout, the real time it took, measured in the worker around the call. */
  | { readonly type: 'ret'; readonly op: number; readonly ret: number; readonly result: Outcome; readonly elapsedMs?: number }
  /**
   * `holdsOnlyShared`: all the worker still holds are objects shared with other threads (no channel handle,
   * guard or iterator), so its thread may end now without dropping anything the scenario still uses.
   */
  | { readonly type: 'lane-done'; readonly holdsOnlyShared: boolean }
  /** The controlled run ended while this lane waited; the worker is free again. */
  | { readonly type: 'lane-aborted' }
  /** The adapter is at fault (AdapterFault): `op` when it happened in an operation. */
  | { readonly type: 'fault'; readonly op?: number; readonly method: string; readonly problem: string }
  /** The worker cannot go on (the adapter module does not load, a bug in the engine). */
  | { readonly type: 'fatal'; readonly error: string };

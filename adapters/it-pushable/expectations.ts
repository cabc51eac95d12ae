// Known deviations of it-pushable from the spec, found by `npx syncspec run --adapter it-pushable --seed 7` (default runs):
// each reason names the library behaviour, then the first mismatch the run showed.
import type { Expectation } from '../../conformance/adapter/types.ts';

export const expectations: { readonly [rule: string]: Expectation } = {
  'CHAN-SEND-3': { status: 'fail', reason: "it-pushable: push() after end() or return() is dropped silently and reports nothing, so a send after the receiver is gone is Ok where Rust gives Disconnected(v); generated scenarios that drop the receiver then send fail. Seen: main: tx.send(5) observed Ok model allows Disconnected(5) (CHAN-SEND-3) [mismatch]" },
  'CHAN-RECV-1': { status: 'fail', reason: "it-pushable: push() after end() or return() is dropped silently and reports nothing, so a send after the receiver is gone is Ok where Rust gives Disconnected(v); generated scenarios that drop the receiver then send fail. Seen: A: tx.send(1) observed Ok model allows Disconnected(1) (CHAN-SEND-3) [mismatch]" },
  'CHAN-RECV-2': { status: 'fail', reason: "it-pushable: push() after end() or return() is dropped silently and reports nothing, so a send after the receiver is gone is Ok where Rust gives Disconnected(v); generated scenarios that drop the receiver then send fail. Seen: C: tx.send(2) observed Ok model allows Disconnected(2) (CHAN-SEND-3) [mismatch]" },
  'CHAN-FIFO-2': { status: 'fail', reason: "it-pushable: push() after end() or return() is dropped silently and reports nothing, so a send after the receiver is gone is Ok where Rust gives Disconnected(v); generated scenarios that drop the receiver then send fail. Seen: A: tx.send(1) observed Ok model allows Disconnected(1) (CHAN-SEND-3) [mismatch]" },
  'CHAN-ITER-1': { status: 'fail', reason: "it-pushable: push() after end() or return() is dropped silently and reports nothing, so a send after the receiver is gone is Ok where Rust gives Disconnected(v); generated scenarios that drop the receiver then send fail. Seen: B: tx.send(1) observed Ok model allows Disconnected(1) (CHAN-SEND-3) [mismatch]" },
};

// fast-check generators of small FIFO-queue histories with distinct values, for testing the
// fast decider against the general search. Three sources, so that both verdicts are common:
// - simulated runs: clients invoke, take effect on a real queue and return in a random
//   interleaving (linearizable by construction, with Empty results when the queue drains);
// - the same runs corrupted: results swapped or replaced, intervals shrunk;
// - arbitrary intervals with arbitrary results (mostly not linearizable, in odd ways).

import fc from 'fast-check';
import type { Outcome } from '../../../spec/model/types.ts';
import { outcome } from '../../../spec/model/types.ts';
import type { History, HistoryOp } from '../../history/types.ts';
import { FIFO_QUEUE } from './fifoQueueModel.ts';

type MutableOp = { -readonly [K in keyof HistoryOp]: HistoryOp[K] };

/** A run of `clients` actors, each a list of operations (true = enq), interleaved by `schedule`. */
export function simulateQueueRun(plans: readonly (readonly boolean[])[], schedule: readonly number[]): MutableOp[] {
  const queue: number[] = [];
  const ops: MutableOp[] = [];
  const next = plans.map(() => 0); // index of the client's current op
  const stage = plans.map(() => 0); // 0 idle, 1 called, 2 took effect
  const current: (MutableOp | undefined)[] = plans.map(() => undefined);
  let clock = 0;
  let nextValue = 1;
  let k = 0;
  for (;;) {
    const live = plans.map((p, c) => c).filter((c) => next[c] < plans[c].length);
    if (live.length === 0) break;
    const c = live[(schedule[k++] ?? 0) % live.length];
    if (stage[c] === 0) {
      const isEnq = plans[c][next[c]];
      const op: MutableOp = {
        id: ops.length,
        actor: `c${c}`,
        name: isEnq ? 'enq' : 'deq',
        target: 'q',
        args: isEnq ? [nextValue++] : [],
        call: ++clock,
      };
      ops.push(op);
      current[c] = op;
      stage[c] = 1;
    } else if (stage[c] === 1) {
      const op = current[c]!;
      if (op.name === 'enq') {
        queue.push(op.args[0] as number);
        op.result = outcome('Ok');
      } else {
        op.result = queue.length > 0 ? outcome('Ok', queue.shift()!) : outcome('Empty');
      }
      stage[c] = 2;
    } else {
      current[c]!.ret = ++clock;
      stage[c] = 0;
      next[c]++;
    }
  }
  return ops;
}

export type Corruption =
  | { readonly kind: 'none' }
  | { readonly kind: 'swap-results'; readonly a: number; readonly b: number }
  | { readonly kind: 'result-empty'; readonly at: number }
  | { readonly kind: 'result-value'; readonly at: number; readonly value: number }
  | { readonly kind: 'shrink'; readonly at: number; readonly keepEnd: boolean };

/** Applies a corruption to deq results or to one interval (picks are taken modulo the candidates). */
export function corrupt(ops: MutableOp[], c: Corruption): MutableOp[] {
  const deqs = ops.filter((o) => o.name === 'deq');
  switch (c.kind) {
    case 'none':
      break;
    case 'swap-results':
      if (deqs.length >= 2) {
        const a = deqs[c.a % deqs.length];
        const b = deqs[c.b % deqs.length];
        [a.result, b.result] = [b.result, a.result];
      }
      break;
    case 'result-empty':
      if (deqs.length > 0) deqs[c.at % deqs.length].result = outcome('Empty');
      break;
    case 'result-value':
      if (deqs.length > 0) deqs[c.at % deqs.length].result = outcome('Ok', c.value);
      break;
    case 'shrink': {
      // Keep only a sliver of the interval at one end: a linearization point may no longer fit.
      if (ops.length === 0) break;
      const op = ops[c.at % ops.length];
      if (c.keepEnd) op.call = op.ret! - 0.5;
      else op.ret = op.call + 0.5;
      break;
    }
  }
  return ops;
}

const corruptionArb: fc.Arbitrary<Corruption> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Corruption>({ kind: 'none' }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('swap-results' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('result-empty' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('result-value' as const), at: fc.nat(), value: fc.integer({ min: 1, max: 14 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('shrink' as const), at: fc.nat(), keepEnd: fc.boolean() }) },
);

function asHistory(ops: readonly HistoryOp[]): History<null> {
  return { model: FIFO_QUEUE, params: null, ops };
}

/** Simulated runs (2–4 clients, up to `maxOps` operations), optionally corrupted. */
export function simulatedQueueHistory(maxOps = 12): fc.Arbitrary<History<null>> {
  return fc
    .record({
      plans: fc.array(fc.array(fc.boolean(), { maxLength: 4 }), { minLength: 1, maxLength: 4 }),
      schedule: fc.array(fc.nat({ max: 7 }), { maxLength: 3 * maxOps }),
      corruption: corruptionArb,
    })
    .map(({ plans, schedule, corruption }) => {
      let budget = maxOps;
      const trimmed = plans.map((p) => {
        const t = p.slice(0, Math.max(0, budget));
        budget -= t.length;
        return t;
      });
      return asHistory(corrupt(simulateQueueRun(trimmed, schedule), corruption));
    });
}

/** Arbitrary intervals in [0, 24) with distinct enqueued values and arbitrary deq results. */
export function arbitraryQueueHistory(maxOps = 9): fc.Arbitrary<History<null>> {
  const opArb = fc.record({
    isEnq: fc.boolean(),
    call: fc.integer({ min: 0, max: 20 }),
    length: fc.integer({ min: 1, max: 10 }),
    result: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
  });
  return fc.array(opArb, { maxLength: maxOps }).map((raw) => {
    let nextValue = 1;
    // Distinct stamps, as a global counter gives: spread each op over distinct half-integers.
    const ops: HistoryOp[] = raw.map((r, id) => {
      const call = r.call + id / 100;
      const ret = call + r.length + 0.001 * (id + 1);
      const result: Outcome = r.isEnq ? outcome('Ok') : r.result === undefined ? outcome('Empty') : outcome('Ok', r.result);
      return {
        id,
        actor: `c${id % 3}`,
        name: r.isEnq ? 'enq' : 'deq',
        target: 'q',
        args: r.isEnq ? [nextValue++] : [],
        call,
        ret,
        result,
      };
    });
    return asHistory(ops);
  });
}

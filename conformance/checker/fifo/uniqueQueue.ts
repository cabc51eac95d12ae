// Deciding linearizability of a complete FIFO-queue history whose enqueued values are
// distinct, in O(n log n), with a witness when it is linearizable and a small forbidden
// pattern when it is not. The procedure works on intervals only (no operation encoding), so
// a channel decider can reuse it.
//
// ## Why it is correct (the argument the code follows)
//
// Stamps: `x <_h y` (x precedes y in real time) iff x.ret <= y.call. Each value v has an
// enqueue E_v and, if it was dequeued, a dequeue D_v; each `Empty` result is an item m.
// A linearization of a unique-value queue history is fully described by a total order π of
// the *items* (values and empties) such that:
//   - dequeued values come in queue order, each value's enqueues and dequeues in that order;
//   - an empty m sits between values: those before it are enqueued *and* dequeued before m,
//     those after it are enqueued after m (the queue is empty at m);
//   - never-dequeued values come last (a value that never leaves blocks all behind it, and
//     makes every later Empty impossible).
// Given π, linearization points exist iff for every pair of events forced in order by π, the
// later one did not return before the earlier one was called (earliest-start schedule of a
// partial order of intervals). Spelled out, π is valid iff, for x before y in π:
//   V1 values:        not E_y <_h E_x, not D_y <_h D_x, not D_y <_h E_x;
//   V2 value, empty:  not m <_h E_x, not m <_h D_x;
//   V3 empty, value:  not E_y <_h m, not D_y <_h m;
//   V4 empties:       not m_y <_h m_x;
//   V5 x, empty, y:   not E_y <_h D_x    (if an empty lies between x and y, D_x precedes E_y);
// plus, for each value, not D_v <_h E_v. V1–V4 are "forced order" edges F between items.
//
// The construction places items left to right. With P placed:
// 1. Among the remaining empties take m with the smallest call. Its closure C(m) is the
//    least set of remaining values that must precede it: values that must precede m by V3,
//    the F-predecessors of members, and (V5) every value y with E_y <_h D_x for a member x.
//    Every member of C(m) precedes m in every valid π extending P, and C(m) is monotone in
//    m.call, so closures of later empties contain it. Placing C(m) (in any F-compatible
//    order) and then m is safe: a valid π extending P can be reordered into one that does
//    so (moving m and its closure first breaks no V1–V5 constraint: closure gives V5 and
//    F-closedness, the smallest call gives V4).
// 2. C(m) fails if it contains a never-dequeued value, a value that must follow m (V2), or
//    if a later empty must precede one of its members (that empty's closure would contain the
//    member, and the member would have to precede itself). Then no valid π extends P: the
//    history is not linearizable.
// 3. Within a segment only F matters. F-edges are threshold comparisons, so a Kahn-style
//    topological sort runs in O(s log s): b is minimal iff E_b.call < min E.ret and
//    max(E_b.call, D_b.call) < min D.ret over the remaining values. When none is minimal, the
//    value with the smallest E.ret and the one with the smallest D.ret block each other: a
//    two-value FIFO-order violation.
// 4. After the last empty: the remaining dequeued values in F order, then the never-dequeued
//    values, which must not be forced ahead of a dequeued one (E_u <_h E_b).
// The witness (earliest-start points along π) is returned as an event order, and the caller
// re-checks it by replay, so an `ok` never rests on this argument alone.

export interface UniqueQueueHistory {
  /** Number of distinct enqueued values; value v is enqueued by one operation. */
  readonly values: number;
  readonly enqCall: Float64Array;
  readonly enqRet: Float64Array;
  /** 1 if the value was dequeued by some operation. */
  readonly dequeued: Uint8Array;
  /** The dequeue's stamps; ignored for a value that was never dequeued. */
  readonly deqCall: Float64Array;
  readonly deqRet: Float64Array;
  /** Operations that returned `Empty`. */
  readonly empties: number;
  readonly emptyCall: Float64Array;
  readonly emptyRet: Float64Array;
}

/** Why a value must precede an empty (or another value): one link of a chain. */
export type Because =
  /** E_v returned before the empty was called. */
  | { readonly kind: 'enq-before-empty'; readonly value: number; readonly empty: number }
  /** D_v returned before the empty was called. */
  | { readonly kind: 'deq-before-empty'; readonly value: number; readonly empty: number }
  /** E_v returned before E_other was called: v is ahead of other. */
  | { readonly kind: 'enq-before-enq'; readonly value: number; readonly other: number }
  /** D_v returned before D_other was called: v is ahead of other. */
  | { readonly kind: 'deq-before-deq'; readonly value: number; readonly other: number }
  /** D_v returned before E_other was called: v is ahead of other. */
  | { readonly kind: 'deq-before-enq'; readonly value: number; readonly other: number }
  /** E_v returned before D_other was called: v was in the queue before other left it. */
  | { readonly kind: 'enq-before-deq'; readonly value: number; readonly other: number };

export type QueueViolation =
  | { readonly kind: 'dequeued-before-enqueued'; readonly value: number }
  /**
   * `empty` reported Empty, but `value` was in the queue at every point it could take effect.
   * `chain` says why value must be enqueued before the empty (first link: value itself), and
   * `cause` why it cannot also have left before it.
   */
  | {
      readonly kind: 'non-empty-at-empty';
      readonly empty: number;
      readonly value: number;
      readonly chain: readonly Because[];
      readonly cause: 'never-dequeued' | 'enq-after-empty' | 'deq-after-empty';
    }
  /** `later` returned before an operation of `value` began, yet `value` must leave the queue before it. */
  | { readonly kind: 'empty-order'; readonly empty: number; readonly later: number; readonly value: number; readonly chain: readonly Because[] }
  /** Each of `a`, `b` must be ahead of the other. */
  | { readonly kind: 'fifo-order'; readonly a: number; readonly b: number; readonly aAhead: Because; readonly bAhead: Because }
  /** `undequeued` is ahead of `dequeued` (enqueued first) but never left. */
  | { readonly kind: 'never-dequeued-ahead'; readonly undequeued: number; readonly dequeued: number };

/** Event codes in a witness: value v's enqueue is 2v, its dequeue 2v+1, empty j is 2·values + j. */
export type UniqueQueueResult =
  | { readonly kind: 'linearizable'; readonly events: Int32Array }
  | { readonly kind: 'violation'; readonly violation: QueueViolation; readonly prefix: Int32Array }
  | { readonly kind: 'timeout' }
  /** The witness failed its own feasibility check: a bug here; the caller falls back to the search. */
  | { readonly kind: 'inconclusive'; readonly reason: string };

const enum Why {
  EnqBeforeEmpty = 1,
  DeqBeforeEmpty,
  EnqBeforeEnq,
  DeqBeforeDeqOrEnq,
  EnqBeforeDeq,
}

const DEADLINE_CHECK_EVERY = 64;

export function decideUniqueQueue(h: UniqueQueueHistory, deadline = Infinity): UniqueQueueResult {
  const V = h.values;
  const M = h.empties;
  const { enqCall: eC, enqRet: eR, deqCall: dC, deqRet: dR, dequeued } = h;
  const none = new Int32Array(0);

  for (let v = 0; v < V; v++) {
    if (dequeued[v] && dR[v] <= eC[v]) return { kind: 'violation', violation: { kind: 'dequeued-before-enqueued', value: v }, prefix: none };
  }

  // Sorted views; the pointers into them only move forward (thresholds only grow, and
  // everything below a pointer is placed).
  const byEnqRet = sortedBy(range(V), eR);
  const dequeuedValues: number[] = [];
  for (let v = 0; v < V; v++) if (dequeued[v]) dequeuedValues.push(v);
  const byDeqRet = sortedBy(dequeuedValues, dR);
  const emptyOrder = range(M).sort((a, b) => h.emptyCall[a] - h.emptyCall[b] || h.emptyRet[a] - h.emptyRet[b]);
  // Smallest ret among the empties from position k on, to test "a later empty must precede".
  const laterMinRet = new Float64Array(M + 1).fill(Infinity);
  const laterArgMin = new Int32Array(M + 1).fill(-1);
  for (let k = M - 1; k >= 0; k--) {
    const j = emptyOrder[k];
    const better = h.emptyRet[j] < laterMinRet[k + 1];
    laterMinRet[k] = better ? h.emptyRet[j] : laterMinRet[k + 1];
    laterArgMin[k] = better ? j : laterArgMin[k + 1];
  }

  // max(E.call, D.call): the value's latest start; F-predecessors by dequeue are those whose D.ret is <= it.
  const start = new Float64Array(V);
  for (let v = 0; v < V; v++) start[v] = dequeued[v] ? Math.max(eC[v], dC[v]) : eC[v];
  const inOrder = new Uint8Array(V);
  const status = new Uint8Array(V); // 0 remaining, 1 in the closure being built, 2 placed
  const why = new Uint8Array(V);
  const whySrc = new Int32Array(V); // a value, or the empty for the first two reasons
  const segments: { values: number[]; empty: number }[] = [];
  let pe = 0;
  let pd = 0;
  let placedMaxDeqCall = -Infinity;
  let placedMaxDeqCallSrc = -1;

  const chainOf = (v: number): Because[] => {
    const chain: Because[] = [];
    for (let guard = 0; guard < V + 1; guard++) {
      const src = whySrc[v];
      switch (why[v] as Why) {
        case Why.EnqBeforeEmpty:
          chain.push({ kind: 'enq-before-empty', value: v, empty: src });
          return chain;
        case Why.DeqBeforeEmpty:
          chain.push({ kind: 'deq-before-empty', value: v, empty: src });
          return chain;
        case Why.EnqBeforeEnq:
          chain.push({ kind: 'enq-before-enq', value: v, other: src });
          break;
        case Why.DeqBeforeDeqOrEnq:
          chain.push({ kind: dR[v] <= dC[src] ? 'deq-before-deq' : 'deq-before-enq', value: v, other: src });
          break;
        case Why.EnqBeforeDeq:
          chain.push({ kind: 'enq-before-deq', value: v, other: src });
          break;
      }
      v = src;
    }
    return chain;
  };

  const placedPrefix = (): Int32Array => witnessEvents(h, segments, []).events;

  // The closure being built for the current empty m, and its thresholds: a remaining value
  // joins if E.ret <= enqThreshold or D.ret <= deqThreshold.
  let m = -1;
  let mRet = 0;
  let closure: number[] = [];
  let enqThreshold = 0;
  let enqWhy = Why.EnqBeforeEmpty;
  let enqSrc = -1;
  let deqThreshold = 0;
  let deqWhy = Why.DeqBeforeEmpty;
  let deqSrc = -1;
  let maxStart = -Infinity; // max over members of max(E.call, D.call)
  let maxStartArg = -1;
  let segMaxDeqCall = -Infinity;
  let segMaxDeqCallSrc = -1;

  // Adds v to the closure; returns the violation if v cannot precede m.
  const join = (v: number, reason: Why, src: number): QueueViolation | null => {
    status[v] = 1;
    why[v] = reason;
    whySrc[v] = src;
    closure.push(v);
    if (!dequeued[v]) return { kind: 'non-empty-at-empty', empty: m, value: v, chain: chainOf(v), cause: 'never-dequeued' };
    if (eC[v] >= mRet) return { kind: 'non-empty-at-empty', empty: m, value: v, chain: chainOf(v), cause: 'enq-after-empty' };
    if (dC[v] >= mRet) return { kind: 'non-empty-at-empty', empty: m, value: v, chain: chainOf(v), cause: 'deq-after-empty' };
    if (eC[v] > enqThreshold) {
      enqThreshold = eC[v];
      enqWhy = Why.EnqBeforeEnq;
      enqSrc = v;
    }
    if (dC[v] > enqThreshold) {
      enqThreshold = dC[v];
      enqWhy = Why.EnqBeforeDeq;
      enqSrc = v;
    }
    if (start[v] > deqThreshold) {
      deqThreshold = start[v];
      deqWhy = Why.DeqBeforeDeqOrEnq;
      deqSrc = v;
    }
    if (start[v] > maxStart) {
      maxStart = start[v];
      maxStartArg = v;
    }
    if (dC[v] > segMaxDeqCall) {
      segMaxDeqCall = dC[v];
      segMaxDeqCallSrc = v;
    }
    return null;
  };

  for (let k = 0; k < M; k++) {
    if (k % DEADLINE_CHECK_EVERY === 0 && performance.now() > deadline) return { kind: 'timeout' };
    m = emptyOrder[k];
    const mCall = h.emptyCall[m];
    mRet = h.emptyRet[m];
    closure = [];
    enqThreshold = mCall;
    enqWhy = Why.EnqBeforeEmpty;
    enqSrc = m;
    deqThreshold = mCall;
    deqWhy = Why.DeqBeforeEmpty;
    deqSrc = m;
    if (placedMaxDeqCall > enqThreshold) {
      enqThreshold = placedMaxDeqCall;
      enqWhy = Why.EnqBeforeDeq;
      enqSrc = placedMaxDeqCallSrc;
    }
    maxStart = -Infinity;
    maxStartArg = -1;
    segMaxDeqCall = -Infinity;
    segMaxDeqCallSrc = -1;

    for (let grew = true; grew; ) {
      grew = false;
      while (pe < V && eR[byEnqRet[pe]] <= enqThreshold) {
        const v = byEnqRet[pe++];
        if (status[v] !== 0) continue;
        const failure = join(v, enqWhy, enqSrc);
        if (failure) return { kind: 'violation', violation: failure, prefix: placedPrefix() };
        grew = true;
      }
      while (pd < byDeqRet.length && dR[byDeqRet[pd]] <= deqThreshold) {
        const v = byDeqRet[pd++];
        if (status[v] !== 0) continue;
        const failure = join(v, deqWhy, deqSrc);
        if (failure) return { kind: 'violation', violation: failure, prefix: placedPrefix() };
        grew = true;
      }
    }
    if (closure.length > 0 && laterMinRet[k + 1] <= maxStart) {
      const violation: QueueViolation = {
        kind: 'empty-order',
        empty: m,
        later: laterArgMin[k + 1],
        value: maxStartArg,
        chain: chainOf(maxStartArg),
      };
      return { kind: 'violation', violation, prefix: placedPrefix() };
    }
    const ordered = fifoOrder(closure, h, start, inOrder);
    if ('blocked' in ordered) return { kind: 'violation', violation: ordered.blocked, prefix: placedPrefix() };
    segments.push({ values: ordered.order, empty: m });
    for (const v of closure) status[v] = 2;
    if (segMaxDeqCall > placedMaxDeqCall) {
      placedMaxDeqCall = segMaxDeqCall;
      placedMaxDeqCallSrc = segMaxDeqCallSrc;
    }
  }

  // After the last empty: the dequeued values in FIFO order, then the never-dequeued ones.
  const restDequeued: number[] = [];
  const undequeued: number[] = [];
  for (let v = 0; v < V; v++) {
    if (status[v] !== 0) continue;
    (dequeued[v] ? restDequeued : undequeued).push(v);
  }
  if (undequeued.length > 0 && dequeuedValues.length > 0) {
    let u = undequeued[0];
    for (const x of undequeued) if (eR[x] < eR[u]) u = x;
    let b = dequeuedValues[0];
    for (const x of dequeuedValues) if (eC[x] > eC[b]) b = x;
    if (eR[u] <= eC[b]) {
      return { kind: 'violation', violation: { kind: 'never-dequeued-ahead', undequeued: u, dequeued: b }, prefix: placedPrefix() };
    }
  }
  const ordered = fifoOrder(restDequeued, h, start, inOrder);
  if ('blocked' in ordered) return { kind: 'violation', violation: ordered.blocked, prefix: placedPrefix() };
  const tail = [...ordered.order, ...sortedBy(undequeued, eR)];
  const witness = witnessEvents(h, segments, tail);
  if (witness.infeasible !== undefined) {
    // Unreachable if the argument above is right; the caller falls back to the general search.
    return { kind: 'inconclusive', reason: `witness infeasible at event ${witness.infeasible}` };
  }
  return { kind: 'linearizable', events: witness.events };
}

/**
 * Orders one segment's values compatibly with the forced-order edges:
 * a before b if E_a <_h E_b, D_a <_h D_b or D_a <_h E_b (all dequeued values here).
 */
function fifoOrder(
  values: readonly number[],
  h: UniqueQueueHistory,
  start: Float64Array,
  done: Uint8Array,
): { order: number[] } | { blocked: Extract<QueueViolation, { kind: 'fifo-order' }> } {
  const s = values.length;
  if (s <= 1) return { order: [...values] };
  if (s <= SMALL_SEGMENT) return fifoOrderBySelection(values, h, start);
  const { enqCall: eC, enqRet: eR, deqRet: dR } = h;
  const byEnqCall = sortedBy(values, eC);
  const byEnqRet = sortedBy(values, eR);
  const byDeqRet = sortedBy(values, dR);
  const heap = new MinHeap(start);
  const order: number[] = [];
  let iu = 0;
  let ix = 0;
  let iy = 0;
  while (order.length < s) {
    while (done[byEnqRet[ix]]) ix++;
    while (done[byDeqRet[iy]]) iy++;
    const minEnqRet = eR[byEnqRet[ix]];
    const minDeqRet = dR[byDeqRet[iy]];
    while (iu < s && eC[byEnqCall[iu]] < minEnqRet) heap.push(byEnqCall[iu++]);
    if (heap.size > 0 && start[heap.peek()] < minDeqRet) {
      const b = heap.pop();
      order.push(b);
      done[b] = 1;
      continue;
    }
    // Nothing can go first. The value a with the smallest E.ret blocks every value not in the
    // heap, the value b with the smallest D.ret every value in it; neither is minimal, so each
    // blocks the other.
    const a = byEnqRet[ix];
    const b = byDeqRet[iy];
    return { blocked: { kind: 'fifo-order', a, b, aAhead: aheadBecause(a, b, h), bAhead: aheadBecause(b, a, h) } };
  }
  return { order };
}

/**
 * fifoOrder for small segments: the same minimality test, by scanning (O(s²), but no sorting,
 * which is what small segments between Empty results mostly are).
 */
function fifoOrderBySelection(
  values: readonly number[],
  h: UniqueQueueHistory,
  start: Float64Array,
): { order: number[] } | { blocked: Extract<QueueViolation, { kind: 'fifo-order' }> } {
  const { enqCall: eC, enqRet: eR, deqRet: dR } = h;
  const rest = [...values];
  const order: number[] = [];
  while (rest.length > 0) {
    let a = rest[0]; // smallest E.ret
    let b = rest[0]; // smallest D.ret
    for (const v of rest) {
      if (eR[v] < eR[a]) a = v;
      if (dR[v] < dR[b]) b = v;
    }
    const minEnqRet = eR[a];
    const minDeqRet = dR[b];
    let next = -1;
    for (let i = 0; i < rest.length && next < 0; i++) {
      const v = rest[i];
      if (eC[v] < minEnqRet && start[v] < minDeqRet) next = i;
    }
    if (next < 0) return { blocked: { kind: 'fifo-order', a, b, aAhead: aheadBecause(a, b, h), bAhead: aheadBecause(b, a, h) } };
    order.push(rest[next]);
    rest.splice(next, 1);
  }
  return { order };
}

/** The forced-order edge x → y (x ahead of y), as a Because; the caller knows one exists. */
function aheadBecause(x: number, y: number, h: UniqueQueueHistory): Because {
  if (h.enqRet[x] <= h.enqCall[y]) return { kind: 'enq-before-enq', value: x, other: y };
  if (h.deqRet[x] <= h.deqCall[y]) return { kind: 'deq-before-deq', value: x, other: y };
  return { kind: 'deq-before-enq', value: x, other: y };
}

/**
 * Earliest-start linearization points along π: enqueues in π order, dequeues in π order, each
 * dequeue after its enqueue, each empty after everything before it and before everything
 * after it. Events are sorted by point, ties in generation order (which respects π).
 */
function witnessEvents(
  h: UniqueQueueHistory,
  segments: readonly { values: readonly number[]; empty: number }[],
  tail: readonly number[],
): { events: Int32Array; infeasible?: number } {
  const V = h.values;
  let total = tail.length;
  for (const v of tail) total += h.dequeued[v];
  for (const seg of segments) {
    total += 1 + seg.values.length;
    for (const v of seg.values) total += h.dequeued[v];
  }
  const codes = new Int32Array(total);
  const points = new Float64Array(total);
  let n = 0;
  let infeasible: number | undefined;
  let lastEnq = -Infinity;
  let lastDeq = -Infinity;
  const emit = (code: number, call: number, ret: number, after: number): number => {
    const p = Math.max(call, after);
    if (!(p < ret) && infeasible === undefined) infeasible = code;
    codes[n] = code;
    points[n++] = p;
    return p;
  };
  const placeValues = (values: readonly number[]): void => {
    for (const v of values) {
      lastEnq = emit(2 * v, h.enqCall[v], h.enqRet[v], lastEnq);
      if (h.dequeued[v]) lastDeq = emit(2 * v + 1, h.deqCall[v], h.deqRet[v], Math.max(lastDeq, lastEnq));
    }
  };
  for (const seg of segments) {
    placeValues(seg.values);
    const p = emit(2 * V + seg.empty, h.emptyCall[seg.empty], h.emptyRet[seg.empty], Math.max(lastEnq, lastDeq));
    lastEnq = lastDeq = p;
  }
  placeValues(tail);
  const order = sortedBy(range(total), points);
  const events = new Int32Array(total);
  for (let i = 0; i < total; i++) events[i] = codes[order[i]];
  return infeasible === undefined ? { events } : { events, infeasible };
}

function range(n: number): number[] {
  const r = new Array<number>(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

/** Segments up to this size are ordered by scanning rather than sorting. */
const SMALL_SEGMENT = 12;
/** Arrays up to this size are sorted by insertion. */
const SMALL_SORT = 24;
const PACK_INDEX = 2 ** 21;
const PACK_KEY = 2 ** 31;

/**
 * `indices` sorted by `key[index]`, ties by index. When keys are integers in [0, 2^31) and
 * indices below 2^21 (the recorders' counters), each (key, index) pair is packed into one
 * double so that the typed array's native numeric sort does the work; otherwise a comparator.
 */
function sortedBy(indices: readonly number[], key: Float64Array): number[] {
  const n = indices.length;
  if (n <= SMALL_SORT) {
    const out = [...indices];
    for (let i = 1; i < n; i++) {
      const x = out[i];
      let j = i - 1;
      while (j >= 0 && (key[out[j]] > key[x] || (key[out[j]] === key[x] && out[j] > x))) {
        out[j + 1] = out[j];
        j--;
      }
      out[j + 1] = x;
    }
    return out;
  }
  const packed = new Float64Array(n);
  let packable = true;
  for (let i = 0; i < n && packable; i++) {
    const j = indices[i];
    const k = key[j];
    if (!(Number.isInteger(k) && k >= 0 && k < PACK_KEY && j < PACK_INDEX)) packable = false;
    else packed[i] = k * PACK_INDEX + j;
  }
  if (!packable) return [...indices].sort((a, b) => key[a] - key[b] || a - b);
  packed.sort();
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = packed[i] % PACK_INDEX;
  return out;
}

class MinHeap {
  private readonly items: number[] = [];
  constructor(private readonly keys: Float64Array) {}
  private key(v: number): number {
    return this.keys[v];
  }
  get size(): number {
    return this.items.length;
  }
  peek(): number {
    return this.items[0];
  }
  push(v: number): void {
    const a = this.items;
    a.push(v);
    let i = a.length - 1;
    const k = this.key(v);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.key(a[parent]) <= k) break;
      a[i] = a[parent];
      i = parent;
    }
    a[i] = v;
  }
  pop(): number {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      const k = this.key(last);
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && this.key(a[r]) < this.key(a[l]) ? r : l;
        if (this.key(a[c]) >= k) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

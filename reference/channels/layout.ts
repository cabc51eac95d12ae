// The layout of a channel's control buffer: one SharedArrayBuffer per channel holding
// its counters, locks, waiter tables and (for bounded channels) the ring of slots.
// Values that do not fit a slot, and the segments of unbounded channels, live in the
// channel's heap (heap.ts), which is made of further SharedArrayBuffers.
//
// Words that different sides write at high rate sit on their own 64-byte cache line
// (16 Int32 words), so a sender and a receiver do not invalidate each other's lines:
// the tail side (TAIL_LOCK, TAIL), the head side (HEAD_LOCK, HEAD), and the two
// "someone is waiting" counters that the other side reads on every message.

export const LINE = 16; // Int32 words per 64-byte cache line

export const FLAVOR_UNBOUNDED = 1;
export const FLAVOR_BOUNDED = 2;
export const FLAVOR_RENDEZVOUS = 3;
export type FlavorCode = typeof FLAVOR_UNBOUNDED | typeof FLAVOR_BOUNDED | typeof FLAVOR_RENDEZVOUS;

export const PROFILE_MPSC = 1;
export const PROFILE_MPMC = 2;

export const MAGIC = 0x4348414e; // "CHAN"

// Line 0: written once at creation, read-only afterwards.
export const C_MAGIC = 0;
export const C_FLAVOR = 1;
export const C_CAPACITY = 2;
export const C_PROFILE = 3;
export const C_CHANNEL_ID = 4;
export const C_REGISTRY_ID = 5;
export const C_OWN_CAP = 6;
export const C_INFLIGHT_CAP = 7;
export const C_WAITER_CAP = 8;
export const C_BLOCK_CAP = 9;
export const C_OWN_OFF = 10;
export const C_INFLIGHT_OFF = 11;
export const C_RECV_TABLE_OFF = 12;
export const C_SEND_TABLE_OFF = 13;
export const C_BLOCK_TABLE_OFF = 14;
export const C_RING_OFF = 15;

/** Guards counts, ownership, waiter tables, disconnection, and the whole rendezvous flavor. */
export const STATE_LOCK = LINE * 1;
/** Guards the send side of buffered flavors; CLOSED (lock.ts) once no receiver is left. */
export const TAIL_LOCK = LINE * 2;
export const TAIL = LINE * 3; // position of the next send (buffered flavors)
export const TAIL_SEG_GEN = LINE * 3 + 1; // unbounded: bumped after each switch of tail segment
export const NEXT_SEG_CAP = LINE * 3 + 2; // unbounded: slot count of the next segment
export const TAIL_SEG_BIG = (LINE * 3 + 4) / 2; // BigInt64 index: ref of the tail segment
/** Guards the receive side of mpmc buffered flavors (an mpsc receiver is alone on its side). */
export const HEAD_LOCK = LINE * 4;
export const HEAD = LINE * 5; // position of the next receive
export const HEAD_SEG_GEN = LINE * 5 + 1;
export const HEAD_SEG_BIG = (LINE * 5 + 4) / 2; // BigInt64 index: ref of the head segment
export const FIRST_SEG_BIG = (LINE * 5 + 6) / 2; // BigInt64 index: ref of the first segment ever
/** The tail position the last receiver's drop drained up to (flavors/exclusive.ts). */
export const CLOSED_TAIL = LINE * 5 + 8;
/**
 * Low bits: number of WAITING entries in the receive waiter table. RECV_GONE_BIT: no
 * receiver is left. A sender reads both with the one load it makes after each commit.
 */
export const RECV_WAITING = LINE * 6;
export const WAITING_MASK = 0x3fffffff;
export const RECV_GONE_BIT = 0x40000000;
/** Number of WAITING entries in the send waiter table (read by receivers on every message). */
export const SEND_WAITING = LINE * 7;

// Line 8: connection state (under STATE_LOCK; flags also read without it).
export const SENDERS = LINE * 8; // live sender handles, in threads or in flight
export const RECEIVERS = LINE * 8 + 1;
export const SENDERS_GONE = LINE * 8 + 2; // 1 once the last sender is gone (never reset)
export const RECEIVERS_GONE = LINE * 8 + 3; // 1 once the last receiver is gone (never reset)
export const REAPED_EPOCH = LINE * 8 + 4; // registry death epoch this channel was last reaped at
export const NEXT_TOKEN = LINE * 8 + 5; // tokens of handles in flight

// Line 9: the heap (heap.ts).
export const HEAP_LOCK = LINE * 9;
export const HEAP_NEXT_SAB_ID = LINE * 9 + 1;
export const HEAP_PINS = LINE * 9 + 2; // handles in flight: no new SharedArrayBuffer may be created
export const HEAP_SPILL_ID = LINE * 9 + 3; // sab id of the spill arena (0: none yet)
export const HEAP_SPARE = LINE * 9 + 4; // block-table index + 1 of the spare region (0: none)
export const HEAP_CURRENT = LINE * 9 + 5; // block-table index + 1 of the region being filled
export const HEAP_LIVE_REGIONS = LINE * 9 + 6;
export const HEAP_CURRENT_GEN = LINE * 9 + 7; // bumped before every store of HEAP_CURRENT (heap.ts caches the current entry)

/**
 * Bumped whenever a region's buffer is given back. On a line of its own: every free
 * and every allocation reads it, and on the heap line it would move between the sender
 * (which writes HEAP_LOCK there on every allocation) and the receiver (every free).
 */
export const HEAP_FREE_EPOCH = LINE * 10;

export const HEADER_WORDS = LINE * 11;

// Table entry shapes.
export const OWN_WORDS = 4; // ownership: one entry per thread holding handles
export const O_TOKEN = 0; // thread token (registry.ts), 0 = free entry
export const O_SENDERS = 1;
export const O_RECEIVERS = 2;

export const INFLIGHT_WORDS = 4; // a handle in flight between threads (descriptor not yet claimed)
export const F_TOKEN = 0; // handle token, 0 = free entry
export const F_OWNER = 1; // thread token of the thread that made the descriptor
export const F_ROLE = 2; // ROLE_SENDER or ROLE_RECEIVER

export const ROLE_SENDER = 1;
export const ROLE_RECEIVER = 2;

export const WAITER_WORDS = 8; // a blocked operation registered on this channel
export const E_STATE = 0; // FREE / WAITING / FILLED / TAKEN
export const E_RECORD = 1; // registry wait record
export const E_SEQ = 2; // record seq of the operation
export const E_SEL = 3; // index of this channel in the operation's select list
export const E_PACKET = 4; // 4 words: a value image (codec.ts), rendezvous only

export const ENTRY_FREE = 0;
export const ENTRY_WAITING = 1;
/** Receive entry whose packet a rendezvous sender filled. */
export const ENTRY_FILLED = 2;
/** Send entry whose packet a rendezvous receiver took. */
export const ENTRY_TAKEN = 3;

export const BLOCK_WORDS = 4; // a heap region
export const B_SAB_ID = 0;
export const B_BASE = 1; // byte offset of the region in its buffer
export const B_SIZE = 2;
export const B_STATE = 3; // BLOCK_FREE / BLOCK_LIVE / BLOCK_SPARE

export const BLOCK_FREE = 0;
export const BLOCK_LIVE = 1;
export const BLOCK_SPARE = 2;

/** A slot holds one value image: 4 words (codec.ts). */
export const SLOT_WORDS = 4;

export interface TableSizes {
  readonly ownCap: number;
  readonly inflightCap: number;
  readonly waiterCap: number;
  readonly blockCap: number;
}

export interface ControlShape extends TableSizes {
  readonly flavor: FlavorCode;
  readonly capacity: number;
  readonly profile: number;
  readonly channelId: number;
  readonly registryId: number;
}

/** Allocates and initialises a control buffer. */
export function createControl(shape: ControlShape): SharedArrayBuffer {
  let off = HEADER_WORDS;
  const ownOff = off;
  off += shape.ownCap * OWN_WORDS;
  const inflightOff = off;
  off += shape.inflightCap * INFLIGHT_WORDS;
  const recvOff = off;
  off += shape.waiterCap * WAITER_WORDS;
  const sendOff = off;
  off += shape.waiterCap * WAITER_WORDS;
  const blockOff = off;
  off += shape.blockCap * BLOCK_WORDS;
  off = Math.ceil(off / LINE) * LINE;
  const ringOff = off;
  if (shape.flavor === FLAVOR_BOUNDED) off += shape.capacity * SLOT_WORDS;
  const sab = new SharedArrayBuffer(off * 4);
  const c = new Int32Array(sab);
  c[C_FLAVOR] = shape.flavor;
  c[C_CAPACITY] = shape.capacity;
  c[C_PROFILE] = shape.profile;
  c[C_CHANNEL_ID] = shape.channelId;
  c[C_REGISTRY_ID] = shape.registryId;
  c[C_OWN_CAP] = shape.ownCap;
  c[C_INFLIGHT_CAP] = shape.inflightCap;
  c[C_WAITER_CAP] = shape.waiterCap;
  c[C_BLOCK_CAP] = shape.blockCap;
  c[C_OWN_OFF] = ownOff;
  c[C_INFLIGHT_OFF] = inflightOff;
  c[C_RECV_TABLE_OFF] = recvOff;
  c[C_SEND_TABLE_OFF] = sendOff;
  c[C_BLOCK_TABLE_OFF] = blockOff;
  c[C_RING_OFF] = ringOff;
  c[NEXT_SEG_CAP] = 32;
  c[HEAP_NEXT_SAB_ID] = 1;
  Atomics.store(c, C_MAGIC, MAGIC);
  return sab;
}

/**
 * Bounded-ring positions run modulo a multiple of the capacity (not modulo 2^32), so
 * that `position % capacity` names the same slot on both sides across the wrap.
 */
export function ringModulus(capacity: number): number {
  return capacity * Math.max(2, Math.floor(2 ** 30 / capacity));
}

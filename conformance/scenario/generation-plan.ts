// What the generator may actually produce for one adapter: the property's configuration
// intersected with the adapter's capabilities (the names of the chapter's
// ```capabilities block). An operation or a flavour whose capability is missing is never
// generated; a property left with nothing to generate is not applicable.
import { OPERATIONS, type ChannelShape, type IntRange, type Operation, type PropertyConfig } from './property-config.ts';

/** The capability each operation needs. `drop` is the `disconnect` capability: dropping is how a channel disconnects. */
export const OPERATION_CAPABILITY: { readonly [op in Operation]: string } = {
  send: 'send',
  try_send: 'try_send',
  recv: 'recv',
  try_recv: 'try_recv',
  recv_timeout: 'recv_timeout',
  iter: 'iter',
  try_iter: 'try_iter',
  select: 'select',
  clone: 'clone',
  drop: 'disconnect',
};

export function shapeCapabilities(shape: ChannelShape): string[] {
  return shape.profile === 'mpmc' ? [shape.flavor, 'mpmc'] : [shape.flavor];
}

/** Operations a handle of each side can perform (drop applies to both). */
export const SENDER_OPERATIONS: readonly Operation[] = ['send', 'try_send', 'clone'];
export const RECEIVER_OPERATIONS: readonly Operation[] = ['recv', 'try_recv', 'recv_timeout', 'iter', 'try_iter', 'select'];

export interface GenerationPlan {
  /** Simplest first: the generator shrinks towards the first shape. */
  readonly channels: readonly ChannelShape[];
  readonly count: number;
  readonly actors: IntRange;
  /** In OPERATIONS order, the order shrinking moves towards. */
  readonly ops: readonly Operation[];
  readonly prefix: PropertyConfig['prefix'];
  readonly suffix: PropertyConfig['suffix'];
  /** The adapter's capabilities, for choices the configuration leaves to the generator (how main fills and drains). */
  readonly capabilities: ReadonlySet<string>;
}

export type PlanResult = { readonly ok: true; readonly plan: GenerationPlan } | { readonly ok: false; readonly reason: string };

const FLAVOR_RANK = { unbounded: 0, bounded: 1, rendezvous: 2 } as const;

export function planGeneration(config: PropertyConfig, capabilities: readonly string[]): PlanResult {
  const has = new Set(capabilities);
  const channels = config.channels
    .filter((shape) => shapeCapabilities(shape).every((c) => has.has(c)))
    .sort((a, b) => Number(a.profile === 'mpmc') - Number(b.profile === 'mpmc') || FLAVOR_RANK[a.flavor] - FLAVOR_RANK[b.flavor]);
  if (channels.length === 0) {
    return { ok: false, reason: `the adapter has none of the channel flavours the property uses (needs ${describeShapes(config.channels)})` };
  }
  const ops = OPERATIONS.filter((op) => config.ops.includes(op) && has.has(OPERATION_CAPABILITY[op]));
  const canSend = ops.some((op) => SENDER_OPERATIONS.includes(op));
  const canReceive = ops.some((op) => RECEIVER_OPERATIONS.includes(op));
  if (!canSend && !canReceive) {
    return { ok: false, reason: `the adapter has none of the operations the property uses (${config.ops.join(', ')})` };
  }
  return { ok: true, plan: { channels, count: config.count, actors: config.actors, ops, prefix: config.prefix, suffix: config.suffix, capabilities: has } };
}

function describeShapes(shapes: readonly ChannelShape[]): string {
  return [...new Set(shapes.map((s) => shapeCapabilities(s).join('+')))].join(' or ');
}

// Programming errors are thrown; channel results (Full, Disconnected, ...) never are.

/** A handle used after drop/transfer, dropped twice, a descriptor claimed twice, ... */
export class ChannelUsageError extends Error {
  override readonly name = 'ChannelUsageError';
}

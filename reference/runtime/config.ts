// Process-wide settings of the reference, per thread (each worker configures itself).

import { getDefaultSpin, setDefaultSpin } from './thread.ts';

export interface ReferenceConfig {
  /**
   * Spin iterations (shared-memory loads) before a blocked operation parks. Default 1000
   * (~7 µs on the build machine: perf-anchors.md); 0 parks at once. Lower it when
   * threads outnumber cores. Ignored in controlled runs.
   */
  readonly spin?: number;
}

/** Sets this thread's defaults; returns the settings now in force. */
export function configure(config: ReferenceConfig = {}): Required<ReferenceConfig> {
  if (config.spin !== undefined) setDefaultSpin(config.spin);
  return { spin: getDefaultSpin() };
}

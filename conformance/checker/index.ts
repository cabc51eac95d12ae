// syncspec's history checker: decides whether a recorded concurrent history is explainable
// by a model (linearizability extended for blocking operations), with a diagnosis when it is
// not. See README.md in this folder.

export { checkHistory, DEFAULT_BUDGET_MS } from './checkHistory.ts';
export { formatDiagnosis } from './diagnosis.ts';
export { registerDecider, deciderFor } from './deciders.ts';
export type { Decider, DeciderInput, DeciderResult } from './deciders.ts';
export { splitByObjects, mergeLinearizations } from './partition.ts';
export { fifoQueueModel, FIFO_QUEUE } from './fifo/fifoQueueModel.ts';
export type { FifoQueueState } from './fifo/fifoQueueModel.ts';
export { fifoQueueDecider } from './fifo/fifoQueueDecider.ts';
export { decideUniqueQueue } from './fifo/uniqueQueue.ts';
export type { UniqueQueueHistory, UniqueQueueResult, QueueViolation, Because } from './fifo/uniqueQueue.ts';
export { describeOp } from './types.ts';
export type {
  AllowedTransition,
  CandidateReport,
  CheckOptions,
  CheckResult,
  CheckStats,
  Diagnosis,
  LinearizedStep,
  StuckOp,
  Verdict,
  ViolationPattern,
} from './types.ts';

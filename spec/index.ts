// syncspec's specification as a library: load and validate the chapters, read and
// print examples. `import { loadSpec } from 'syncspec/spec'`.
export { loadSpec, type LoadSpecOptions, type LoadSpecResult } from './toolchain/load-spec.ts';
export type { Capability, Chapter, Check, Example, Property, Rule, Spec } from './toolchain/spec.ts';
export type { Erratum, ModelBlock, RuleKind } from './toolchain/chapter.ts';
export { formatSpecError, type SpecError } from './toolchain/diagnostics.ts';
export { parseExample, type ExampleResult, type ExampleSource, type ParsedExample } from './toolchain/example/parse-example.ts';
export { printExample, printExampleBlock, type ExampleMeta } from './toolchain/example/print-example.ts';
export { VocabularyRegistry, type Constructor, type Vocabulary } from './toolchain/example/vocabulary.ts';
export { defaultVocabularies } from './toolchain/example/default-vocabularies.ts';
export { channelVocabulary } from './toolchain/example/channel-vocabulary.ts';
export { condvarVocabulary, mutexVocabulary, rwlockVocabulary } from './toolchain/example/lock-vocabularies.ts';
export { barrierVocabulary } from './toolchain/example/barrier-vocabulary.ts';
export { onceVocabulary } from './toolchain/example/once-vocabulary.ts';
export { tangleAll, generatedFileStatus } from './toolchain/tangle.ts';
export { DEFAULT_SPEC_DIR } from './toolchain/paths.ts';

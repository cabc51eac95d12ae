// The vocabularies every chapter's examples may use. A new chapter registers its
// constructors by adding its vocabulary here (or by passing its own registry to
// `parseExample` / `printExample`).
import { barrierVocabulary } from './barrier-vocabulary.ts';
import { channelVocabulary } from './channel-vocabulary.ts';
import { condvarVocabulary, mutexVocabulary, rwlockVocabulary } from './lock-vocabularies.ts';
import { onceVocabulary } from './once-vocabulary.ts';
import { VocabularyRegistry } from './vocabulary.ts';

export const defaultVocabularies = new VocabularyRegistry([channelVocabulary, mutexVocabulary, rwlockVocabulary, condvarVocabulary, barrierVocabulary, onceVocabulary]);

// The judge the engine uses: syncspec's history checker (conformance/checker/) on a
// chapter's model, explained with the checker's own diagnosis.
import { modelNamed } from '../../../spec/models.ts';
import { checkHistory, formatDiagnosis, type CheckResult } from '../../checker/index.ts';
import { featuresAlong } from './history-quality.ts';
import { judgeWith, type Judge } from './judge.ts';

export function checkerJudge(modelName: string): Judge<CheckResult> {
  const model = modelNamed(modelName);
  return judgeWith(
    model,
    checkHistory,
    (answer, history) => {
      if (answer.verdict === 'unknown') return `the checker could not decide: ${answer.reason}`;
      if (answer.verdict === 'ok') return 'explained by the model';
      return formatDiagnosis(answer.diagnosis, history.ops);
    },
    (answer, history) => (answer.verdict === 'ok' ? featuresAlong(model, history, answer.linearization) : []),
  );
}

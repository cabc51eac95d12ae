import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFileStatus } from './tangle.ts';

// The committed spec/generated/*.model.ts must be what the chapters tangle to now:
// the engine imports them, so a chapter edited without `npm run spec:build` would
// silently run an old model.
describe('spec/generated', () => {
  const statuses = generatedFileStatus();

  it('holds no module whose chapter is gone', () => {
    expect(statuses.filter((s) => s.status === 'orphan').map((s) => s.path)).toEqual([]);
  });

  for (const { path: file, status } of statuses.filter((s) => s.status !== 'orphan')) {
    it(`${path.basename(file)} is fresh (run \`npm run spec:build\` after editing its chapter)`, () => {
      expect(status).toBe('fresh');
    });
  }
});

import { defineConfig } from 'vitest/config';

// Two cores: keep the test pool small so worker-thread tests get real CPU.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    // .scratch/ is each engineer's git-ignored workspace (copies of the tree, experiments).
    exclude: ['node_modules/**', 'site-dist/**', '.scratch/**', '.stryker-tmp/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

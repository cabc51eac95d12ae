// Declares rule-runner.ts to Stryker as the test runner 'syncspec-rules'. Stryker loads
// plugins as plain ES modules; tsx's tsImport loads the TypeScript runner from here.
import { PluginKind, declareClassPlugin } from '@stryker-mutator/api/plugin';
import { tsImport } from 'tsx/esm/api';

const { SyncspecRuleRunner } = await tsImport('./rule-runner.ts', import.meta.url);

export const strykerPlugins = [declareClassPlugin(PluginKind.TestRunner, 'syncspec-rules', SyncspecRuleRunner)];

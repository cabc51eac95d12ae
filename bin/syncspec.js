#!/usr/bin/env node
// The published entry point: syncspec is written in TypeScript and runs through tsx,
// so users need no build step and adapters may be written in TypeScript too.
import { register } from 'tsx/esm/api';

register();
await import('../conformance/cli/main.ts');

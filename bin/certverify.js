#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx certverify …` works with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');

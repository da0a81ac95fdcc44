#!/usr/bin/env node
// Entry point of the `switchboard` command. TypeScript sources run through tsx's loader, so the
// repo works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);

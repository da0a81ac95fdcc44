#!/usr/bin/env -S node --max-semi-space-size=4 --max-old-space-size=1024
// Entry point of the `switchboard` command. It runs the compiled dist/ (built by `npm ci` and
// `npm start`) while that is newer than every source file, and otherwise the TypeScript sources
// through tsx's loader, so an edited checkout never runs stale code.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

function compiledIsFresh() {
  try {
    return statSync(join(root, 'dist/.build-stamp')).mtimeMs >= newestSource(join(root, 'src'));
  } catch {
    return false;
  }
}

let main;
if (compiledIsFresh()) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
await main(process.argv);

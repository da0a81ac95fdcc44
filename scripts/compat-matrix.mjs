// Rewrites the client-matrix section of docs/compatibility.md from the cell definitions in
// test/clients/ (the rest of the file is the conformance battery's, written by `npm test`).
// The cells assert with vitest's expect, which loads only inside vitest, so this runs the doc
// test in its writing mode. `--check` only checks, as `npm test` does.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const check = process.argv.includes('--check');
const result = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'test/clients/compat-doc.test.ts', '--reporter=dot'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ...(check ? {} : { CLIENT_MATRIX_WRITE: '1' }) },
});
process.exit(result.status ?? 1);

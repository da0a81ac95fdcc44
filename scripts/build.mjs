// Compiles src/ to dist/ (one JavaScript module per TypeScript module, no bundling) so the
// gateway runs without the TypeScript loader: ~35 MB less memory and faster streams. Run by
// `npm ci` (prepare) and `npm start` (prestart); bin/switchboard.js uses dist/ only while it
// is newer than every file in src/. It also builds the dashboard (web/ into web/dist/, served at /ui).
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { buildWeb } from '../web/build.mjs';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'src');
const dist = join(root, 'dist');

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' || entry.name === 'testing' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

rmSync(dist, { recursive: true, force: true });
const entryPoints = sources(src);
await build({
  entryPoints,
  outdir: dist,
  outbase: src,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
writeFileSync(join(dist, '.build-stamp'), `${new Date().toISOString()}\n`);
console.log(`switchboard: compiled ${entryPoints.length} modules from ${relative(root, src)}/ to ${relative(root, dist)}/`);
const web = await buildWeb();
console.log(`switchboard: built the dashboard into web/dist/ (${web.js}, ${web.css})`);

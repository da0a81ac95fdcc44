// Builds the dashboard (web/src, vanilla TypeScript and uPlot) into web/dist: one bundled script
// and one stylesheet with content hashes in their names (cached for a year by the gateway), and
// index.html pointing at them. Run by scripts/build.mjs (npm ci, npm start) and by the browser test.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const web = new URL('.', import.meta.url).pathname;

/** Builds web/dist (or `target`); answers the asset names written. */
export async function buildWeb(target = join(web, 'dist')) {
  // Built beside the target and swapped in, so a gateway starting meanwhile never reads half a build.
  const outdir = `${target}.tmp-${process.pid}-${Date.now()}`;
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(join(outdir, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: [join(web, 'src', 'main.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    minify: true,
    outdir: join(outdir, 'assets'),
    entryNames: '[name]-[hash]',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const js = outputs.find((n) => n.endsWith('.js'));
  const css = outputs.find((n) => n.endsWith('.css'));
  if (!js || !css) throw new Error(`web build: expected one .js and one .css output, got ${outputs.join(', ')}`);
  const html = readFileSync(join(web, 'index.html'), 'utf8').replace('{{JS}}', `/ui/assets/${js}`).replace('{{CSS}}', `/ui/assets/${css}`);
  writeFileSync(join(outdir, 'index.html'), html);
  writeFileSync(join(outdir, 'favicon.svg'), readFileSync(join(web, 'favicon.svg')));
  // Two test files may build at once: if the other one's build landed between our rm and rename, replace it again.
  for (let attempt = 0; ; attempt++) {
    rmSync(target, { recursive: true, force: true });
    try {
      renameSync(outdir, target);
      break;
    } catch (err) {
      if (attempt >= 3 || !['ENOTEMPTY', 'EEXIST'].includes(err?.code)) throw err;
    }
  }
  return { js, css };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { js, css } = await buildWeb();
  console.log(`switchboard: built the dashboard into web/dist/ (${js}, ${css})`);
}

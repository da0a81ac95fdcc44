/**
 * The dashboard at /ui: the files of web/dist (built by `npm run build`), read once at start into
 * a manifest, so only those files can ever be answered (no path from the URL touches the disk).
 * Hashed assets are cached for a year; index.html is revalidated; every answer carries a strict
 * Content-Security-Policy (scripts, styles and API calls from this origin only, no inline code).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Handler, PathRouter } from './route.js';

/** web/dist from both src/server/ (tsx) and dist/server/ (compiled): two levels up either way. */
const DEFAULT_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** What the dashboard may load: its own scripts, styles and API, nothing inline, no frames. */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

const NOT_BUILT = 'The dashboard is not built: web/dist/ is missing. Run `npm run build` (npm ci and npm start do it too), then restart the gateway.\n';

interface Asset {
  body: Buffer;
  type: string;
  cache: string;
}

/** Every file under dir by its URL path below /ui/; assets/ names carry a content hash, so they are immutable. */
function readManifest(dir: string): Map<string, Asset> {
  const files = new Map<string, Asset>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && Object.hasOwn(TYPES, extname(entry.name))) {
        const name = relative(dir, path).split(sep).join('/');
        const hashed = name.startsWith('assets/');
        files.set(name, { body: readFileSync(path), type: TYPES[extname(entry.name)]!, cache: hashed ? 'public, max-age=31536000, immutable' : 'no-cache' });
      }
    }
  };
  walk(dir);
  return files;
}

function send(res: ServerResponse, method: string | undefined, status: number, asset: Asset): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': asset.type, 'cache-control': asset.cache, 'content-length': asset.body.length });
  res.end(method === 'HEAD' ? undefined : asset.body);
}

function text(message: string): Asset {
  return { body: Buffer.from(message), type: 'text/plain; charset=utf-8', cache: 'no-store' };
}

/**
 * Creates the /ui router over the built files in dir (web/dist by default), read now. `openMode`:
 * the admin API needs no key here (decision 0013); /ui/session.json tells the app so, which spares
 * it a refused probe of the admin API.
 */
export function dashboardRouter(dir: string = DEFAULT_DIR, openMode = false): PathRouter {
  let files = new Map<string, Asset>();
  try {
    if (existsSync(join(dir, 'index.html'))) files = readManifest(dir);
  } catch {
    // A build replacing web/dist right now: answer "not built" rather than fail the gateway's start.
    files = new Map();
  }
  const built = files.has('index.html');
  files.set('session.json', { body: Buffer.from(JSON.stringify({ open_mode: openMode })), type: 'application/json', cache: 'no-store' });
  const notFound = text('No such dashboard file. Open /ui.\n');
  const handler: Handler = (req, res, _meta, param) => {
    req.resume();
    if (!built) return send(res, req.method, 503, text(NOT_BUILT));
    const name = param === '' || param === 'index.html' ? 'index.html' : (param ?? '');
    const asset = files.get(name);
    send(res, req.method, asset ? 200 : 404, asset ?? notFound);
  };
  const methods = new Map<string, Handler>([
    ['GET', handler],
    ['HEAD', handler],
  ]);
  return (path) => {
    if (path === '/ui' || path === '/ui/') return { methods, param: '' };
    return path.startsWith('/ui/') ? { methods, param: path.slice(4) } : undefined;
  };
}

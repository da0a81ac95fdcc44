/** The /ui router: only manifest files, content types and caching, and a clear answer when web/dist was never built. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP, dashboardRouter } from './dashboard.js';
import type { PathRouter } from './route.js';

const dirs: string[] = [];
const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Serves one router on a loopback port (404 for paths it does not take). */
async function serve(router: PathRouter): Promise<string> {
  const server = createServer((req, res) => {
    const match = router(req.url ?? '/');
    const handler = match?.methods.get(req.method ?? '');
    if (!match || !handler) {
      res.writeHead(404).end();
      return;
    }
    void handler(req, res, { requestId: 'r', startedAt: 0, time: 0 }, match.param);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A GET with the path sent exactly as written (fetch would resolve dot segments first). */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    get({ host: url.hostname, port: url.port, path }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

function builtDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sb-ui-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dir, 'assets', 'main-ABC123.js'), 'console.log(1)');
  writeFileSync(join(dir, 'assets', 'main-ABC123.css'), 'body{}');
  writeFileSync(join(dir, 'secret.env'), 'TOKEN=1');
  return dir;
}

describe('dashboardRouter', () => {
  it('answers /ui and /ui/ with index.html (revalidated) and hashed assets as immutable, with their types and the CSP', async () => {
    const base = await serve(dashboardRouter(builtDir()));
    for (const path of ['/ui', '/ui/', '/ui/index.html']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const js = await fetch(`${base}/ui/assets/main-ABC123.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${base}/ui/assets/main-ABC123.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const head = await fetch(`${base}/ui/assets/main-ABC123.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers 404 for files outside the manifest: unknown types, traversal, encoded dots', async () => {
    const base = await serve(dashboardRouter(builtDir()));
    for (const path of [
      '/ui/secret.env',
      '/ui/../secret.env',
      '/ui/assets/../secret.env',
      '/ui/..%2fsecret.env',
      '/ui/assets/%2e%2e/secret.env',
      '/ui/nope.js',
    ]) {
      const res = await rawGet(base, path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('TOKEN');
    }
  });

  it('says to run npm run build when web/dist is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'sb-ui-empty-'));
    dirs.push(empty);
    const base = await serve(dashboardRouter(join(empty, 'dist')));
    const res = await fetch(`${base}/ui`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });
});

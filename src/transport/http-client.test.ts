/** HttpClient's caps on upstream reads, against a real upstream on 127.0.0.1 (never the internet). */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../config/schema.js';
import { GatewayError } from '../core/errors.js';
import { DEFAULT_UPSTREAM_LIMITS, HttpClient, transportError } from './http-client.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let base: string;
let handler: Handler = (_req, res) => res.end();
const clients: HttpClient[] = [];

beforeAll(async () => {
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(limits?: ConstructorParameters<typeof HttpClient>[0]): HttpClient {
  const c = new HttpClient(limits);
  clients.push(c);
  return c;
}

function get(c: HttpClient, extra: Partial<Parameters<HttpClient['send']>[1]> = {}) {
  return c.send({ method: 'GET', url: `${base}/`, headers: {} }, { timeoutMs: 10_000, providerId: 'local', ...extra });
}

/** Answers with `status` and writes 1 KiB chunks until the client goes away; resolves `closed` then. */
function endless(status = 200): { written: () => number; closed: Promise<void> } {
  let written = 0;
  let onClosed = () => {};
  const closed = new Promise<void>((resolve) => (onClosed = resolve));
  handler = (_req, res) => {
    res.on('close', onClosed);
    res.writeHead(status, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(1024, 'x');
    const pump = () => {
      while (!res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
    };
    pump();
  };
  return { written: () => written, closed };
}

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GatewayError);
  return err as GatewayError;
}

describe('HttpClient limits', () => {
  it('defaults to the config defaults, so `new HttpClient()` behaves like a default config', () => {
    const server = configSchema.parse({}).server;
    expect(DEFAULT_UPSTREAM_LIMITS).toEqual({ maxBodyBytes: server.upstream_max_body_bytes, maxEventBytes: server.upstream_max_event_bytes });
    expect(DEFAULT_UPSTREAM_LIMITS).toEqual({ maxBodyBytes: 32 * 1024 * 1024, maxEventBytes: 4 * 1024 * 1024 });
    expect(client().limits).toEqual(DEFAULT_UPSTREAM_LIMITS);
    expect(client({ maxBodyBytes: 1000 }).limits).toEqual({ maxBodyBytes: 1000, maxEventBytes: 4 * 1024 * 1024 });
    expect(() => new HttpClient({ maxEventBytes: 0 })).toThrow(RangeError);
  });
});

describe('HttpClient body cap', () => {
  it('reads a body up to exactly the cap with text() and json()', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(1000) });
    handler = (_req, res) => res.end(body);
    const c = client({ maxBodyBytes: Buffer.byteLength(body) });
    expect(await (await get(c)).body.text()).toBe(body);
    expect(await (await get(c)).body.json()).toEqual({ padding: 'x'.repeat(1000) });
  });

  it('reads bodies with and without a declared length alike, and leaves non-JSON as a SyntaxError for the caller to report', async () => {
    const c = client();
    handler = (_req, res) => res.end('{"a":1}');
    expect(await (await get(c)).body.json()).toEqual({ a: 1 });
    handler = (_req, res) => {
      res.write('{"a":');
      res.end('2}');
    };
    expect(await (await get(c)).body.json()).toEqual({ a: 2 });
    handler = (_req, res) => res.end('<html>bad gateway</html>');
    await expect((await get(c)).body.json()).rejects.toBeInstanceOf(SyntaxError);
  });

  it('fails text() past the cap with 502 upstream_response_too_large and hangs up on the upstream', async () => {
    const upstream = endless();
    const response = await get(client({ maxBodyBytes: 16 * 1024 }));
    const err = await rejection(response.body.text());
    expect(err).toMatchObject({ code: 'upstream_response_too_large', status: 502, provider: 'local' });
    expect(err.message).toContain("Provider 'local'");
    expect(err.message).toContain('16 KiB (16384 bytes)');
    expect(err.message).toContain('server.upstream_max_body_bytes');
    // The connection is closed, so the upstream stops: nothing keeps sending (or being buffered).
    await upstream.closed;
    expect(upstream.written()).toBeLessThan(16 * 1024 * 1024);
  });

  it('fails json() past the cap the same way', async () => {
    const upstream = endless();
    const response = await get(client({ maxBodyBytes: 4096 }));
    expect(await rejection(response.body.json())).toMatchObject({ code: 'upstream_response_too_large', status: 502 });
    await upstream.closed;
  });

  it('fails at once on a declared content-length above the cap, without waiting for the body', async () => {
    let onClosed = () => {};
    const closed = new Promise<void>((resolve) => (onClosed = resolve));
    handler = (_req, res) => {
      res.on('close', onClosed);
      // Announces 10 MB, sends 10 bytes, then stalls: a reader that waited would wait for the timeout.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10_000_000) });
      res.write('{"padding"');
    };
    const response = await get(client({ maxBodyBytes: 1024 }), { timeoutMs: 20_000 });
    const started = Date.now();
    expect(await rejection(response.body.text())).toMatchObject({ code: 'upstream_response_too_large', status: 502 });
    expect(Date.now() - started).toBeLessThan(5_000);
    await closed;
  });

  it('caps error bodies too (what upstreamError reads with text())', async () => {
    const upstream = endless(500);
    const response = await get(client({ maxBodyBytes: 8192 }));
    expect(response.status).toBe(500);
    expect(await rejection(response.body.text())).toMatchObject({ code: 'upstream_response_too_large' });
    await upstream.closed;
  });

  it('takes a tighter per-call cap with its own reason', async () => {
    handler = (_req, res) => res.end('x'.repeat(2000));
    const response = await get(client(), { bodyLimit: { maxBytes: 1024, reason: 'this limit is fixed' } });
    const err = await rejection(response.body.text());
    expect(err.message).toContain('1 KiB (1024 bytes); this limit is fixed.');
  });

  it('does not cap a body that is iterated, as streams are (their events are capped instead)', async () => {
    handler = (_req, res) => res.end('x'.repeat(100_000));
    const response = await get(client({ maxBodyBytes: 1024 }));
    let size = 0;
    for await (const chunk of response.body) size += chunk.length;
    expect(size).toBe(100_000);
  });

  it('maps a failure while reading the body to a transport error', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const response = await get(client());
    expect(await rejection(response.body.text())).toMatchObject({ code: 'upstream_unavailable', status: 502 });
  });
});

describe('HttpClient.close', () => {
  it('cuts a request whose body was abandoned unread once the grace period is over, instead of waiting forever', async () => {
    const upstream = endless();
    const c = new HttpClient();
    const response = await get(c);
    const iterator = response.body[Symbol.asyncIterator]();
    await iterator.next(); // read a little, then walk away as a stream stopped by its event cap does
    const started = Date.now();
    await c.close(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    await upstream.closed;
  });
});

describe('HttpClient exchanges', () => {
  it('stops reading a streamed body the reader does not keep up with, and resumes when it does', async () => {
    const upstream = endless();
    const response = await get(client());
    const iterator = response.body[Symbol.asyncIterator]();
    await iterator.next();
    // The reader pauses: the upstream must soon be unable to write more (back-pressure reached it).
    await new Promise((resolve) => setTimeout(resolve, 200));
    const stalled = upstream.written();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(upstream.written()).toBe(stalled);
    expect(stalled).toBeLessThan(16 * 1024 * 1024);
    // Reading on lets the upstream write again (once the socket buffers in between have drained).
    for (let i = 0; i < 50_000 && upstream.written() === stalled; i++) await iterator.next();
    expect(upstream.written()).toBeGreaterThan(stalled);
    await iterator.return?.();
    await upstream.closed;
  });

  it('hangs up on the upstream when the reader leaves a stream early', async () => {
    const upstream = endless();
    const response = await get(client());
    const iterator = response.body[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return?.();
    await upstream.closed;
  });

  it('ends a streamed read with the reason of an abort signal fired half-way', async () => {
    endless();
    const controller = new AbortController();
    const response = await get(client(), { signal: controller.signal });
    const iterator = response.body[Symbol.asyncIterator]();
    await iterator.next();
    const reason = new GatewayError('deadline_exceeded', 504, 'too late');
    controller.abort(reason);
    let err: unknown;
    try {
      for (;;) if ((await iterator.next()).done) break;
    } catch (e) {
      err = e;
    }
    expect(err).toBe(reason);
  });

  it('refuses at once when the signal was aborted before sending, and maps an abort while waiting for headers', async () => {
    handler = () => {}; // never answers
    const done = new AbortController();
    done.abort();
    expect(await rejection(get(client(), { signal: done.signal }))).toMatchObject({ code: 'client_closed', status: 499 });
    const later = new AbortController();
    const pending = get(client(), { signal: later.signal });
    setTimeout(() => later.abort(), 20);
    expect(await rejection(pending)).toMatchObject({ code: 'client_closed', status: 499 });
  });

  it('skips informational 1xx answers and reads the final one', async () => {
    handler = (_req, res) => {
      res.writeEarlyHints({ link: '</style.css>; rel=preload' });
      res.writeHead(200, { 'content-type': 'application/json', 'x-twice': ['a', 'b'] });
      res.end('{"ok":true}');
    };
    const response = await get(client());
    expect(response.status).toBe(200);
    expect(response.headers['x-twice']).toBe('a, b');
    expect(await response.body.json()).toEqual({ ok: true });
  });

  it('reads a body that arrived in full before the reader asked for it', async () => {
    handler = (_req, res) => res.end('{"early":1}');
    const response = await get(client());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await response.body.json()).toEqual({ early: 1 });
  });
});

describe('HttpClient timeouts', () => {
  const LABELS = {
    headers: { did: 'did not send its first token', setting: 'timeouts.first_token_ms' },
    idle: { did: 'sent nothing', setting: 'timeouts.idle_ms' },
    connect: { did: 'did not accept a connection', setting: 'timeouts.connect_ms' },
  };

  it('bounds the head and the gaps between chunks separately, each error naming its setting', async () => {
    handler = () => {}; // never answers
    const head = await rejection(get(client(), { headersTimeoutMs: 100, idleTimeoutMs: 60_000, timeoutLabels: LABELS }));
    expect(head).toMatchObject({ code: 'upstream_timeout', status: 504, provider: 'local' });
    expect(head.message).toBe("Provider 'local' did not send its first token within 100 ms (timeouts.first_token_ms).");

    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
    };
    const response = await get(client(), { headersTimeoutMs: 60_000, idleTimeoutMs: 100, timeoutLabels: LABELS });
    const iterator = response.body[Symbol.asyncIterator]();
    await iterator.next();
    const idle = await rejection(iterator.next());
    expect(idle.message).toBe("Provider 'local' sent nothing for 100 ms (timeouts.idle_ms).");
  });

  it('names no setting without labels, and keeps timeoutMs as the bound of both', async () => {
    handler = () => {};
    const err = await rejection(get(client(), { timeoutMs: 100 }));
    expect(err.message).toBe("Provider 'local' did not answer within 100 ms.");
  });

  it('names the connect timeout and its setting', () => {
    const cause = Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' });
    const err = transportError(cause, 'p', { providerId: 'p', connectTimeoutMs: 1500, timeoutLabels: LABELS });
    expect(err).toMatchObject({ code: 'upstream_timeout', status: 504 });
    expect(err.message).toBe("Provider 'p' did not accept a connection within 1500 ms (timeouts.connect_ms).");
  });

  it('keeps one pool per distinct connect timeout (the default shared with 10 s), and close() closes them all', async () => {
    const sockets: Socket[] = [];
    const onConnection = (socket: Socket) => sockets.push(socket);
    server.on('connection', onConnection);
    try {
      handler = (_req, res) => res.end('{}');
      const c = new HttpClient();
      for (const connectTimeoutMs of [undefined, 10_000, 2_000, 2_000, 3_000]) {
        await (await get(c, { connectTimeoutMs })).body.json();
        // Let the pool take the finished connection back before the next request.
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      // Keep-alive reuses a connection within a pool: the default pool, the 2 s one and the 3 s one.
      expect(sockets).toHaveLength(3);
      await c.close(1_000);
      await Promise.all(sockets.map((socket) => (socket.destroyed ? undefined : new Promise((resolve) => socket.once('close', resolve)))));
      expect(sockets.every((socket) => socket.destroyed)).toBe(true);
    } finally {
      server.off('connection', onConnection);
    }
  });
});

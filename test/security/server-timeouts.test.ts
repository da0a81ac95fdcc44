/**
 * Slow and greedy clients: headers that stop half-way get a 408 with a JSON body and a closed
 * socket (server.headers_timeout_ms); a body that stops half-way is cut off
 * (server.request_timeout_ms) instead of holding the connection forever; past
 * server.max_connections, new connections are closed. Slow *answers* are not cut by these limits.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../../src/app/gateway.js';
import { ConfigError } from '../../src/config/errors.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { postJson, send } from '../bad-input/http.js';
import { openRaw, parseRawResponse, type RawConnection } from './raw.js';

const PROVIDERS = [{ id: 'sim', type: 'openai', api_key: 'sim-key-123456', base_url: '${SIM}/v1' }];
const MODELS = [{ name: 'small', targets: [{ provider: 'sim', model: 'sim-small' }] }];

let timeouts: TestStack;
let limited: TestStack;

beforeAll(async () => {
  timeouts = await startStack({
    providers: PROVIDERS,
    models: MODELS,
    extra: { server: { host: '127.0.0.1', port: 0, headers_timeout_ms: 500, request_timeout_ms: 1000 } },
  });
  limited = await startStack({
    providers: PROVIDERS,
    models: MODELS,
    extra: { server: { host: '127.0.0.1', port: 0, max_connections: 2 } },
  });
});
afterAll(async () => {
  await timeouts?.close();
  await limited?.close();
});

/** Generous: the server's own timers are 0.5 s and 1 s (checked every 0.5 s); this only bounds a hang. */
const WAIT_MS = 8_000;

describe('headers_timeout_ms / request_timeout_ms', () => {
  it('answers half-sent headers with 408 and a JSON body, then closes the socket', async () => {
    const conn = await openRaw(timeouts.gateway.port);
    try {
      conn.socket.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:${timeouts.gateway.port}\r\ncontent-type: appl`);
      expect(await conn.waitForClose(WAIT_MS), `socket still open; received ${JSON.stringify(conn.received())}`).toBe(true);
      const res = parseRawResponse(conn.received());
      expect(res.status, conn.received()).toBe(408);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const body = res.json as { error: { message: string; code: string } };
      expect(body.error.message).toMatch(/too long/);
      expect(body.error.code).toMatch(/^[a-z_]+$/);
    } finally {
      conn.socket.destroy();
    }
  });

  it('answers a connection that sends nothing but the request line with 408 too', async () => {
    const conn = await openRaw(timeouts.gateway.port);
    try {
      conn.socket.write('GET /healthz HTTP/1.1\r\n');
      expect(await conn.waitForClose(WAIT_MS)).toBe(true);
      expect(parseRawResponse(conn.received()).status).toBe(408);
    } finally {
      conn.socket.destroy();
    }
  });

  it('cuts off a body that stops at 10 of 100 bytes (408 or closed) instead of holding it forever', async () => {
    const conn = await openRaw(timeouts.gateway.port);
    try {
      conn.socket.write(
        `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:${timeouts.gateway.port}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"model":"`,
      );
      expect(await conn.waitForClose(WAIT_MS), `socket still open; received ${JSON.stringify(conn.received())}`).toBe(true);
      const received = conn.received();
      // Either nothing (dropped) or a 408: never a 2xx or a 4xx about the half body.
      if (received.length > 0) expect(parseRawResponse(received).status, received).toBe(408);
    } finally {
      conn.socket.destroy();
    }
  });

  it('cuts off a body trickled slower than request_timeout_ms allows, even though bytes keep coming', async () => {
    const conn = await openRaw(timeouts.gateway.port);
    const body = JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'hi' }] });
    let sent = 0;
    const trickle = setInterval(() => {
      if (sent < body.length && !conn.isClosed()) conn.socket.write(body[sent++]!);
    }, 100);
    try {
      conn.socket.write(
        `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:${timeouts.gateway.port}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`,
      );
      expect(await conn.waitForClose(WAIT_MS), `socket still open; received ${JSON.stringify(conn.received())}`).toBe(true);
      expect(sent).toBeLessThan(body.length);
      if (conn.received().length > 0) expect(parseRawResponse(conn.received()).status).toBe(408);
    } finally {
      clearInterval(trickle);
      conn.socket.destroy();
    }
  });

  it('still serves ordinary requests, and slow answers longer than request_timeout_ms are not cut', async () => {
    const quick = await postJson(`${timeouts.url}/v1/chat/completions`, { model: 'small', messages: [{ role: 'user', content: 'hi' }] });
    expect(quick.status).toBe(200);
    // The upstream waits 1.5 s: longer than request_timeout_ms, which covers only receiving the request.
    const slow = await postJson(`${timeouts.url}/v1/chat/completions`, { model: 'small', messages: [{ role: 'user', content: 'hi [[sim latency_ms=1500]]' }] });
    expect(slow.status, slow.text).toBe(200);
    const words = Array.from({ length: 10 }, (_, i) => `w${i}`).join(' ');
    const streamed = await postJson(`${timeouts.url}/v1/chat/completions`, {
      model: 'small',
      stream: true,
      messages: [{ role: 'user', content: `${words} [[sim token_ms=150]]` }],
    });
    expect(streamed.status).toBe(200);
    expect(streamed.text).not.toContain('"error"');
    expect(streamed.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });
});

describe('max_connections', () => {
  it('closes a third connection while two are held open, and serves again once they are gone', async () => {
    const port = limited.gateway.port;
    const held: RawConnection[] = [];
    let third: RawConnection | undefined;
    try {
      // Two connections that each sit in the middle of their headers (headers_timeout_ms is 20 s here).
      for (let i = 0; i < 2; i++) {
        const conn = await openRaw(port);
        conn.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
        held.push(conn);
      }
      // Let the server accept both before the third arrives.
      await new Promise((resolve) => setTimeout(resolve, 200));
      third = await openRaw(port);
      third.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      expect(await third.waitForClose(WAIT_MS), `third connection not closed; received ${JSON.stringify(third.received())}`).toBe(true);
      expect(third.received()).not.toMatch(/^HTTP\/1\.1 200/);
      expect(held.map((c) => c.isClosed())).toEqual([false, false]);
      // The held connections are still served when they finish their requests.
      held[0]!.socket.write('\r\n');
      expect(await held[0]!.waitFor(/^HTTP\/1\.1 200/, WAIT_MS), held[0]!.received()).toBe(true);
    } finally {
      for (const conn of held) conn.socket.destroy();
      third?.socket.destroy();
    }
    await Promise.all(held.map((c) => c.closed));
    // Once they are gone, new connections are accepted again (the count is not leaked).
    await new Promise((resolve) => setTimeout(resolve, 100));
    const res = await send(`${limited.url}/healthz`, { method: 'GET', headers: { connection: 'close' } });
    expect(res.status).toBe(200);
  });
});

describe('timeout settings that contradict each other', () => {
  it('a request_timeout_ms below the default headers_timeout_ms starts, or is refused with a ConfigError naming the path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-timeouts-'));
    const file = join(dir, 'config.yaml');
    // Only request_timeout_ms is set: 5 s, below headers_timeout_ms's 20 s default.
    writeFileSync(
      file,
      stringify({ server: { host: '127.0.0.1', port: 0, request_timeout_ms: 5000 }, storage: `sqlite:${join(dir, 'db.sqlite')}`, providers: [] }),
    );
    let gateway: RunningGateway | undefined;
    try {
      gateway = await startGateway({ configFile: file, env: {} });
      const res = await send(`${gateway.url}/healthz`, { method: 'GET' });
      expect(res.status).toBe(200);
    } catch (err) {
      expect(err, `start failed with ${String(err)}`).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).message.startsWith(file)).toBe(true);
      expect((err as ConfigError).path).toMatch(/^server\.(request|headers)_timeout_ms$/);
    } finally {
      await gateway?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A client that goes away mid-request: the gateway must cancel the upstream call (the
 * simulator sees its connection closed before the answer is finished) and log 499 client_closed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogRow } from '../../src/storage/sqlite/request-log-store.js';
import { openSqlite, SqliteRequestLogStore } from '../../src/storage/sqlite/request-log-store.js';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { join } from 'node:path';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    providers: [{ id: 'sim', type: 'openai', api_key: 'sim-key', base_url: '${SIM}/v1' }],
    models: [{ name: 'small', targets: [{ provider: 'sim', model: 'sim-small' }] }],
  });
});
afterAll(async () => stack?.close());

/** How one simulator exchange ended, seen from the simulator's side. */
interface UpstreamEnd {
  /** True when the simulator finished writing its answer before the connection went away. */
  finished: boolean;
  /** The simulator's socket was closed (not kept alive for reuse). */
  socketClosed: Promise<void>;
}

/** Watches the next request reaching the simulator: when it arrives, and how it ends. */
function nextUpstream(): { started: Promise<void>; ended: Promise<UpstreamEnd> } {
  let started!: () => void;
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  const ended = new Promise<UpstreamEnd>((resolve) => {
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      stack.simulator.server.off('request', onRequest);
      started();
      const socket = req.socket;
      const socketClosed = new Promise<void>((done) => (socket.destroyed ? done() : socket.once('close', () => done())));
      res.once('close', () => resolve({ finished: res.writableFinished, socketClosed }));
    };
    stack.simulator.server.on('request', onRequest);
  });
  return { started: startedPromise, ended };
}

/** Polls the request log until a row with this request id is written. */
async function logRow(requestId: string): Promise<RequestLogRow> {
  const db = openSqlite(`sqlite:${join(stack.dir, 'switchboard.db')}`);
  try {
    const store = new SqliteRequestLogStore(db);
    for (;;) {
      await stack.gateway.requestLog.flush();
      const row = store.recent(1000).find((r) => r.id === requestId);
      if (row) return row;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    db.close();
  }
}

function simConnections(): Promise<number> {
  return new Promise((resolve, reject) => stack.simulator.server.getConnections((err, count) => (err ? reject(err) : resolve(count))));
}

const manyWords = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

describe('client disconnects', () => {
  it('cancels a slow stream upstream when the client aborts after the first chunk, and logs 499', async () => {
    const upstream = nextUpstream().ended;
    const abort = new AbortController();
    // 60 tokens at 200 ms each: the upstream would take 12 s to finish on its own.
    const body = JSON.stringify({ model: 'small', stream: true, messages: [{ role: 'user', content: `${manyWords(60)} [[sim token_ms=200]]` }] });
    const res = await request(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: abort.signal,
    });
    expect(res.statusCode).toBe(200);
    const requestId = String(res.headers['x-request-id']);
    const first = await res.body[Symbol.asyncIterator]().next();
    expect(Buffer.from(first.value as Uint8Array).toString()).toContain('data: ');
    abort.abort();

    const end = await upstream;
    expect(end.finished).toBe(false);
    await end.socketClosed;
    expect(await simConnections()).toBe(0);

    const row = await logRow(requestId);
    expect(row.status).toBe(499);
    expect(row.error_code).toBe('client_closed');
    expect(row.stream).toBe(1);
    expect(row.provider).toBe('sim');
  });

  it('cancels the upstream call when the client leaves before any response, and logs 499', async () => {
    const upstream = nextUpstream();
    const body = JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'hi [[sim latency_ms=20000]]' }] });
    const socket = connect(stack.gateway.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    // Wait until the simulator holds the request, then hang up without reading anything.
    await upstream.started;
    socket.destroy();

    const end = await upstream.ended;
    expect(end.finished).toBe(false);
    await end.socketClosed;

    await stack.gateway.requestLog.flush();
    const db = openSqlite(`sqlite:${join(stack.dir, 'switchboard.db')}`);
    let row: RequestLogRow | undefined;
    try {
      const store = new SqliteRequestLogStore(db);
      while (!row) {
        await stack.gateway.requestLog.flush();
        row = store.recent(1000).find((r) => r.status === 499 && r.stream === 0);
        if (!row) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      db.close();
    }
    expect(row.error_code).toBe('client_closed');
  });

  it('logs 499 for a client that stops reading a large stream and then hangs up (no stuck handler)', async () => {
    const upstream = nextUpstream().ended;
    // ~100k one-word chunks: megabytes of SSE, far more than the socket buffers hold.
    const body = JSON.stringify({ model: 'small', stream: true, messages: [{ role: 'user', content: 'a '.repeat(100_000) }] });
    const socket = connect(stack.gateway.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let head = '';
    const requestId = await new Promise<string>((resolve) => {
      socket.on('data', (chunk: Buffer) => {
        head += chunk.toString('latin1');
        const match = /x-request-id: (\S+)/i.exec(head);
        if (match) {
          // Stop reading: the gateway's writes back up until res.write() returns false.
          socket.pause();
          socket.removeAllListeners('data');
          resolve(match[1]!);
        }
      });
      socket.write(
        `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
    // Give the gateway time to fill the socket buffers and wait for 'drain'.
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.destroy();

    await upstream;
    const row = await logRow(requestId);
    expect(row.status).toBe(499);
    expect(row.error_code).toBe('client_closed');
  });

  it('still serves requests afterwards', async () => {
    const res = await request(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(res.statusCode).toBe(200);
    await res.body.text();
  });
});

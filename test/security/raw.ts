/**
 * Helpers for the security tests: a raw TCP connection to the gateway (to send half a request and
 * watch what comes back), and one request with any Host header (as a DNS-rebinding page sends).
 */
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { RawResponse } from '../bad-input/http.js';

/** A raw connection: everything received so far, and whether the server closed it. */
export interface RawConnection {
  socket: Socket;
  /** Bytes received so far, as latin1 text. */
  received(): string;
  /** True once the connection is closed (by either side). */
  isClosed(): boolean;
  /** Resolves when the connection closes. */
  closed: Promise<void>;
  /** Resolves true when the received text matches, false when `ms` pass or the connection closes first without a match. */
  waitFor(pattern: RegExp, ms: number): Promise<boolean>;
  /** Resolves true when the connection closes within `ms`. */
  waitForClose(ms: number): Promise<boolean>;
}

/** Opens a TCP connection to 127.0.0.1:port and resolves once connected (or once closed, if refused or dropped at once). */
export function openRaw(port: number): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  let closed = false;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
    notify();
  });
  socket.on('error', () => {});
  const closedPromise = new Promise<void>((resolve) =>
    socket.on('close', () => {
      closed = true;
      notify();
      resolve();
    }),
  );
  const connection: RawConnection = {
    socket,
    received: () => text,
    isClosed: () => closed,
    closed: closedPromise,
    waitFor(pattern, ms) {
      return new Promise((resolve) => {
        const check = () => {
          if (pattern.test(text)) finish(true);
          else if (closed) finish(false);
        };
        const timer = setTimeout(() => finish(false), ms);
        const finish = (value: boolean) => {
          clearTimeout(timer);
          listeners.delete(check);
          resolve(value);
        };
        listeners.add(check);
        check();
      });
    },
    waitForClose(ms) {
      return new Promise((resolve) => {
        if (closed) return resolve(true);
        const timer = setTimeout(() => resolve(false), ms);
        void closedPromise.then(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(connection));
    socket.once('close', () => resolve(connection));
  });
}

/** Splits a raw HTTP/1.1 response (with content-length) into status, headers and the parsed body. */
export function parseRawResponse(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  const head = end >= 0 ? text.slice(0, end) : text;
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = end >= 0 ? text.slice(end + 4) : '';
  const length = Number(headers['content-length']);
  if (Number.isFinite(length)) body = Buffer.from(body, 'latin1').subarray(0, length).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status, headers, text: body, json };
}

/** Sends one request over a fresh connection with exactly this Host header (node:http lets us set it). */
export function requestWithHost(
  port: number,
  path: string,
  options: { host: string; method?: string; body?: string; headers?: Record<string, string> },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: options.host, ...options.headers };
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    const req = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const flat: Record<string, string> = {};
        for (const [key, value] of Object.entries(res.headers)) if (value !== undefined) flat[key] = Array.isArray(value) ? value.join(', ') : value;
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: flat, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The SSE events of a stream body: [event name or undefined, data] in order. */
export function sseEvents(text: string): Array<{ event?: string; data: string }> {
  const out: Array<{ event?: string; data: string }> = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    if (block.trim() === '') continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    out.push({ event, data: data.join('\n') });
  }
  return out;
}

/** Writing responses: JSON bodies and errors in the caller's format, with header values made safe. */
import type { ServerResponse } from 'node:http';
import type { EncodedError } from './ingress.js';

/** Anything outside visible ASCII (and tab) is not a valid header byte for every client. */
const UNSAFE_HEADER_VALUE = /[^\t\x20-\x7e]/;

/**
 * Header values that echo request data (a model name such as `ollama/模型`) can hold characters
 * node:http refuses to write; they are percent-encoded instead, so the answer still goes out.
 */
export function safeHeaders(headers: Record<string, string | number>): Record<string, string | number> {
  for (const name in headers) {
    const value = headers[name];
    if (typeof value === 'string' && UNSAFE_HEADER_VALUE.test(value)) headers[name] = encodeURIComponent(value);
  }
  return headers;
}

/** Writes a JSON body with content-length and extra headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | number>): void {
  const text = JSON.stringify(body);
  headers['content-type'] = 'application/json';
  headers['content-length'] = Buffer.byteLength(text);
  res.writeHead(status, safeHeaders(headers));
  res.end(text);
}

/** Writes an error already encoded for the caller's API format (or drops a connection already answering). */
export function sendError(res: ServerResponse, encoded: EncodedError, headers: Record<string, string | number>): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, encoded.status, encoded.body, { ...headers, ...encoded.headers });
}

/** The headers of answers the pipeline does not make (routing errors, health): the request id and the gateway's time. */
export function baseHeaders(requestId: string, startedAt: number): Record<string, string | number> {
  return { 'x-request-id': requestId, 'server-timing': `gateway;dur=${(performance.now() - startedAt).toFixed(2)}` };
}

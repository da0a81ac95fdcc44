/**
 * Writing responses: JSON bodies and errors in the caller's format. Header values that echo
 * request data are made safe where they are set (the pipeline's safeHeaderValue).
 */
import type { ServerResponse } from 'node:http';
import type { EncodedError } from './ingress.js';

/** Writes a JSON body with content-length and extra headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | number>): void {
  const text = JSON.stringify(body);
  headers['content-type'] = 'application/json';
  headers['content-length'] = Buffer.byteLength(text);
  res.writeHead(status, headers);
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

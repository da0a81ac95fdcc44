/** Writing responses: JSON bodies, errors in the caller's format, and the common headers. */
import type { ServerResponse } from 'node:http';
import type { EncodedError } from '../server/ingress.js';

/** Writes a JSON body with content-length and extra headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | number>): void {
  const text = JSON.stringify(body);
  headers['content-type'] = 'application/json';
  headers['content-length'] = Buffer.byteLength(text);
  res.writeHead(status, headers);
  res.end(text);
}

/** Writes an error already encoded for the caller's API format. */
export function sendError(res: ServerResponse, encoded: EncodedError, headers: Record<string, string | number>): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, encoded.status, encoded.body, { ...headers, ...encoded.headers });
}

/** A server-timing header value from gateway and upstream milliseconds. */
export function serverTiming(gatewayMs: number, upstreamMs: number | undefined): string {
  const gateway = `gateway;dur=${gatewayMs.toFixed(2)}`;
  return upstreamMs === undefined ? gateway : `${gateway}, upstream;dur=${upstreamMs.toFixed(2)}`;
}

/** The headers every response carries: the request id and the gateway's time so far. */
export function baseHeaders(requestId: string, startedAt: number): Record<string, string | number> {
  return { 'x-request-id': requestId, 'server-timing': serverTiming(performance.now() - startedAt, undefined) };
}

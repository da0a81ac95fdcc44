/**
 * Admin HTTP plumbing: JSON bodies (JSON only, at most 1 MiB, parsed strictly) and answers
 * that are never cached (a key's secret is in one of them).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../core/errors.js';
import { parseJsonBody, readBody, requireJsonContentType } from '../server/read-body.js';
import { AdminError } from './errors.js';

/** Largest admin request body. */
export const ADMIN_BODY_LIMIT = 1024 * 1024;

/** Reads a JSON request body (415 unless JSON, 413 past ADMIN_BODY_LIMIT, 400 when malformed). */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  try {
    requireJsonContentType(req.headers['content-type']);
    return parseJsonBody(await readBody(req, ADMIN_BODY_LIMIT));
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    if (err.code === 'unsupported_media_type') {
      req.resume();
      throw new AdminError('unsupported_media_type', err.message);
    }
    if (err.code === 'body_too_large')
      throw new AdminError('payload_too_large', `The request body is larger than the admin API's limit of ${ADMIN_BODY_LIMIT} bytes (1 MiB).`);
    if (err.code === 'client_closed') throw err;
    throw new AdminError('invalid_request', err.message);
  }
}

function headersFor(requestId: string, extra: Record<string, string | number>): Record<string, string | number> {
  return { 'x-request-id': requestId, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra };
}

/** Writes a JSON answer. */
export function sendAdminJson(res: ServerResponse, requestId: string, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, headersFor(requestId, { ...extra, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }));
  res.end(text);
}

/** Writes a CSV answer as a download. */
export function sendAdminCsv(res: ServerResponse, requestId: string, filename: string, csv: string): void {
  res.writeHead(
    200,
    headersFor(requestId, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'content-length': Buffer.byteLength(csv),
    }),
  );
  res.end(csv);
}

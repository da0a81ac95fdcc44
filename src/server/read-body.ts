/** Bounded request-body reading with UTF-8 and JSON validation; each failure is a GatewayError. */
import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../core/errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Deepest array/object nesting accepted. JSON.parse copes with any depth, but the recursive
 * steps after it (JSON.stringify of tool arguments and schemas, encoders) overflow the stack
 * at a few thousand levels; no real request comes near this.
 */
export const MAX_JSON_DEPTH = 128;

const JSON_CONTENT_TYPE = /^application\/(json|[\w.+-]+\+json)\s*(;|$)/i;

/**
 * Every POST must say it sends JSON. A body with no content type, or a form's, is what a web
 * page can send to a loopback gateway without a CORS preflight; refusing it keeps pages out.
 */
export function requireJsonContentType(type: string | undefined): void {
  if (type === undefined) throw new GatewayError('unsupported_media_type', 415, "The request has no Content-Type; send 'Content-Type: application/json'.");
  if (!JSON_CONTENT_TYPE.test(type)) throw new GatewayError('unsupported_media_type', 415, `Content-Type '${type}' is not supported; send 'application/json'.`);
}

/** Reads the whole body, refusing more than limitBytes (413) before buffering it all. */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    return Promise.reject(tooLarge(limitBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limitBytes) {
        failed = true;
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => !failed && resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', (err) => !failed && reject(new GatewayError('client_closed', 499, 'The request body could not be read.', { cause: err })));
  });
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError('body_too_large', 413, `The request body is larger than the limit of ${limit} bytes (server.body_limit_bytes).`);
}

/** Decodes UTF-8 strictly and parses JSON. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) throw new GatewayError('invalid_json', 400, 'The request body is empty; send a JSON object.');
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new GatewayError('invalid_utf8', 400, 'The request body is not valid UTF-8.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new GatewayError('invalid_json', 400, `The request body is not valid JSON (${(err as Error).message}).`);
  }
  if (nestingDeeperThan(body, MAX_JSON_DEPTH)) {
    throw new GatewayError('invalid_json', 400, `The request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  return value;
}

/** Scans valid JSON bytes for bracket depth, skipping strings (iterative: no stack to overflow). */
function nestingDeeperThan(body: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

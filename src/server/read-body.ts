/** Bounded request-body reading with UTF-8 and JSON validation; each failure is a GatewayError. */
import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../core/errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

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
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GatewayError('invalid_json', 400, `The request body is not valid JSON (${(err as Error).message}).`);
  }
}

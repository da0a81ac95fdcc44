/**
 * Writes a pipeline result to node:http in the caller's API format: a JSON body, an error, or a
 * stream of canonical event batches encoded event by event. A stream that fails half-way ends
 * with the format's own error event; a client that stops reading is waited for, not buffered.
 */
import type { ServerResponse } from 'node:http';
import { toGatewayError } from '../core/errors.js';
import type { RequestContext } from '../pipeline/context.js';
import type { PipelineResult } from '../pipeline/contract.js';
import type { GatewayError } from '../core/errors.js';
import type { StreamEvent } from '../core/types.js';
import type { EncodedError, StreamEncoder } from './ingress.js';
import { sendError, sendJson } from './respond.js';

/** How one route renders results in its API format. */
export interface ResultCodec<Req, Res> {
  encodeResponse(response: Res, ctx: RequestContext<Req, Res>): unknown;
  createStreamEncoder?(ctx: RequestContext<Req, Res>): StreamEncoder;
  encodeError(error: GatewayError): EncodedError;
}

function uncork(res: ServerResponse): void {
  if (res.writableCorked > 0) res.uncork();
}

function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

async function writeStream<Req, Res>(
  res: ServerResponse,
  codec: ResultCodec<Req, Res>,
  ctx: RequestContext<Req, Res>,
  events: AsyncIterable<StreamEvent[]>,
): Promise<void> {
  const encoder = codec.createStreamEncoder!(ctx);
  const headers = ctx.responseHeaders;
  if (encoder.headers) Object.assign(headers, encoder.headers);
  headers['content-type'] = 'text/event-stream; charset=utf-8';
  headers['cache-control'] = 'no-cache';
  res.writeHead(200, headers);
  try {
    for await (const batch of events) {
      let out = '';
      for (const event of batch) out += encoder.encode(event);
      if (out.length === 0) continue;
      // Cork until the next turn of the event loop: frames that arrive together (and the end of
      // a short stream) leave in one syscall instead of one each.
      if (res.writableCorked === 0) {
        res.cork();
        setImmediate(uncork, res);
      }
      // A client that stops reading and then hangs up never sends 'drain': wait for 'close' too.
      if (!res.write(out) && !res.destroyed) await drainOrClose(res);
      // Leaving the loop ends the event iterator, which releases the upstream.
      if (res.destroyed) return;
    }
    res.end(encoder.end());
  } catch (err) {
    if (!res.destroyed) res.end(encoder.error(toGatewayError(err)) + encoder.end());
  }
}

/** Node drains an unread body after the answer; a caller turned away with a large one is disconnected instead. */
function largeOrUnknownBody(ctx: RequestContext): boolean {
  const headers = ctx.requestHeaders;
  if (headers['transfer-encoding'] !== undefined) return true;
  return Number(headers['content-length'] ?? 0) > 64 * 1024;
}

/** Writes the result; only a stream returns a promise, which resolves after its last byte (or when the client left). */
export function writeResult<Req, Res>(
  res: ServerResponse,
  codec: ResultCodec<Req, Res>,
  ctx: RequestContext<Req, Res>,
  result: PipelineResult<Res>,
  bodyRead: boolean,
): Promise<void> | undefined {
  if (res.destroyed) return undefined;
  if (result.type === 'stream') return writeStream(res, codec, ctx, result.events);
  if (result.type === 'response') sendJson(res, 200, codec.encodeResponse(result.response, ctx), ctx.responseHeaders);
  else {
    const headers = ctx.responseHeaders;
    if (result.error.status === 413 || (!bodyRead && largeOrUnknownBody(ctx as RequestContext))) headers.connection = 'close';
    sendError(res, codec.encodeError(result.error), headers);
  }
  return undefined;
}

/**
 * The HTTP listener: routes, body limits, content-type checks, and errors in the caller's API
 * format. Route handlers are thin: they hand the parsed body to the pipeline.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { GatewayError, toGatewayError } from '../core/errors.js';
import { newRequestId } from '../core/ids.js';
import { handleChat, type RequestMeta } from '../pipeline/chat.js';
import { handleEmbeddings } from '../pipeline/embeddings.js';
import { baseHeaders, sendError, sendJson } from '../pipeline/respond.js';
import type { GatewayServices } from '../pipeline/services.js';
import type { IngressCodec } from './ingress.js';
import { parseJsonBody, readBody } from './read-body.js';

type Handler = (req: IncomingMessage, res: ServerResponse, meta: RequestMeta, services: GatewayServices) => Promise<void> | void;

/** What the server needs besides the services: the ingress codecs and a readiness probe. */
export interface ServerOptions {
  ingresses: { openai: IngressCodec; anthropic?: IngressCodec };
  ready(): boolean;
}

function jsonPost(
  codecForErrors: IngressCodec,
  operation: 'chat' | 'embeddings',
  run: (body: unknown, req: IncomingMessage, res: ServerResponse, meta: RequestMeta, services: GatewayServices) => Promise<void>,
): Handler {
  return async (req, res, meta, services) => {
    let body: unknown;
    try {
      const type = req.headers['content-type'];
      if (type !== undefined && !/^application\/(json|[\w.+-]+\+json)\s*(;|$)/i.test(type)) {
        throw new GatewayError('unsupported_media_type', 415, `Content-Type '${type}' is not supported; send 'application/json'.`);
      }
      body = parseJsonBody(await readBody(req, services.plan.config.server.body_limit_bytes));
    } catch (err) {
      const error = toGatewayError(err);
      sendError(res, codecForErrors.encodeError(error), {
        ...baseHeaders(meta.requestId, meta.startedAt),
        ...(error.status === 413 ? { connection: 'close' } : {}),
      });
      services.log.record({
        id: meta.requestId,
        time: meta.time,
        operation,
        ingress: codecForErrors.format,
        stream: false,
        modelRequested: '',
        status: error.status,
        errorCode: error.code,
        attempts: 0,
        gatewayMs: performance.now() - meta.startedAt,
        totalMs: performance.now() - meta.startedAt,
      });
      return;
    }
    await run(body, req, res, meta, services);
  };
}

function buildRoutes(options: ServerOptions): Map<string, Map<string, Handler>> {
  const routes = new Map<string, Map<string, Handler>>();
  const add = (method: string, path: string, handler: Handler) => {
    if (!routes.has(path)) routes.set(path, new Map());
    routes.get(path)!.set(method, handler);
  };
  const openai = options.ingresses.openai;
  add(
    'POST',
    '/v1/chat/completions',
    jsonPost(openai, 'chat', (body, _req, res, meta, services) => handleChat(services, openai, body, res, meta)),
  );
  const anthropic = options.ingresses.anthropic;
  if (anthropic)
    add(
      'POST',
      '/v1/messages',
      jsonPost(anthropic, 'chat', (body, _req, res, meta, services) => handleChat(services, anthropic, body, res, meta)),
    );
  add(
    'POST',
    '/v1/embeddings',
    jsonPost(openai, 'embeddings', (body, _req, res, meta, services) => handleEmbeddings(services, body, res, meta)),
  );
  add('GET', '/v1/models', (_req, res, meta, services) =>
    sendJson(
      res,
      200,
      { object: 'list', data: services.plan.modelNames.map((id) => ({ id, object: 'model', created: 0, owned_by: 'switchboard' })) },
      baseHeaders(meta.requestId, meta.startedAt),
    ),
  );
  add('GET', '/healthz', (_req, res, meta) => sendJson(res, 200, { status: 'ok' }, baseHeaders(meta.requestId, meta.startedAt)));
  add('GET', '/readyz', (_req, res, meta) => {
    const ready = options.ready();
    sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'starting' }, baseHeaders(meta.requestId, meta.startedAt));
  });
  return routes;
}

/** Creates the gateway's HTTP server over the services every request shares. */
export function createGatewayServer(services: GatewayServices, options: ServerOptions): Server {
  const routes = buildRoutes(options);
  // Anthropic SDK callers also hit /v1/messages/* routes we lack (count_tokens, batches).
  const errorCodec = (path: string) =>
    ((path === '/v1/messages' || path.startsWith('/v1/messages/')) && options.ingresses.anthropic) || options.ingresses.openai;
  const server = createServer((req, res) => {
    const meta: RequestMeta = { requestId: newRequestId(), startedAt: performance.now(), time: Date.now() };
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q >= 0 ? url.slice(0, q) : url;
    const byMethod = routes.get(path);
    const handler = byMethod?.get(req.method ?? '');
    if (!handler) {
      req.resume();
      const error = byMethod
        ? new GatewayError('method_not_allowed', 405, `Method ${req.method} is not allowed on ${path}; use ${[...byMethod.keys()].join(', ')}.`)
        : new GatewayError('route_not_found', 404, `No route for ${req.method} ${path}. See README for the endpoints.`);
      const extra: Record<string, string> = byMethod ? { allow: [...byMethod.keys()].join(', ') } : {};
      sendError(res, errorCodec(path).encodeError(error), { ...baseHeaders(meta.requestId, meta.startedAt), ...extra });
      return;
    }
    Promise.resolve(handler(req, res, meta, services)).catch((err: unknown) => {
      // Last line of defence: a bug must cost one request, never the process.
      sendError(res, errorCodec(path).encodeError(toGatewayError(err)), baseHeaders(meta.requestId, meta.startedAt));
    });
  });
  // Requests Node's parser rejects (bad headers, oversized headers) still get a JSON error body.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // A response already on this socket cannot be followed by raw bytes: just drop the connection.
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const reason = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
    const message =
      status === 431 ? 'The request headers are too large.' : status === 408 ? 'The request took too long to arrive.' : 'The request is not valid HTTP/1.1.';
    const body = JSON.stringify(options.ingresses.openai.encodeError(new GatewayError('invalid_request', status, message)).body);
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;
  return server;
}

/**
 * The HTTP listener: routes, timeouts and connection limits, and errors in the caller's API
 * format. Operation routes are thin: they hand the request to the pipeline runner with a way to
 * read the body and a way to write the result.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { GatewayError, toGatewayError } from '../core/errors.js';
import { newRequestId } from '../core/ids.js';
import { estimateInputTokens } from '../core/token-estimate.js';
import type { ChatRequest, ChatResponse, EmbeddingsRequest, EmbeddingsResponse, IngressFormat } from '../core/types.js';
import { type CallerIdentity, RequestContext } from '../pipeline/context.js';
import type { RoutePlan } from '../pipeline/route-plan.js';
import { authenticateOnly, runRequest } from '../pipeline/runner.js';
import type { GatewayServices } from '../pipeline/services.js';
import { limitedCheck, type ReadinessCheck, readinessReport } from '../observability/readiness.js';
import type { EncodeContext, IngressCodec } from './ingress.js';
import { type FeedbackRouteDeps, feedbackRoute } from './feedback/route.js';
import { decodeEmbeddingsRequest, encodeEmbeddingsResponse } from './openai/embeddings.js';
import { encodeOpenAIError } from './openai/encode-error.js';
import { baseHeaders, sendError, sendJson } from './respond.js';
import { NodeRequestIO } from './request-io.js';
import { decodeResponsesBody, responsesResultCodec } from './responses/exchange.js';
import { storedResponseRoutes } from './responses/routes.js';
import type { Handler, PathRouter, RequestMeta } from './route.js';
import type { ResultCodec } from './write-result.js';

/** The compiled route plans the server runs. */
export interface ServerPlans {
  chat: RoutePlan<ChatRequest, ChatResponse>;
  embeddings: RoutePlan<EmbeddingsRequest, EmbeddingsResponse>;
  responses: RoutePlan<ChatRequest, ChatResponse>;
}

/** What the server needs besides the services. */
export interface ServerOptions {
  plans: ServerPlans;
  ingresses: { openai: IngressCodec; anthropic?: IngressCodec };
  ready(): boolean;
  /** Extra facts for GET /healthz (e.g. the request log's dropped-record count). */
  health?(): Record<string, unknown>;
  /** Extra path routers (the admin API under /admin/v1/), tried after the built-in ones. */
  routers?: PathRouter[];
  /** Extra fixed routes (GET /metrics). */
  routes?: readonly { method: string; path: string; handler: Handler }[];
  /** What /readyz waits for besides ready(): storage, Redis, a required exporter. */
  readiness?: readonly ReadinessCheck[];
  /** POST /v1/feedback's store and request lookup (absent: no such route). */
  feedback?: Pick<FeedbackRouteDeps, 'store' | 'lookup' | 'now'>;
}

function operationRoute<Req, Res>(
  services: GatewayServices,
  plan: RoutePlan<Req, Res>,
  ingress: IngressFormat,
  codec: ResultCodec<Req, Res>,
  decode: (body: unknown, ctx: RequestContext<Req, Res>) => Req,
): Handler {
  const limit = services.plan.config.server.body_limit_bytes;
  return async (req, res, meta) => {
    const ctx = new RequestContext<Req, Res>({
      requestId: meta.requestId,
      startedAt: meta.startedAt,
      time: meta.time,
      operation: plan.operation.name,
      ingress,
      requestHeaders: req.headers,
    });
    const io = new NodeRequestIO(req, res, ctx, codec, decode, limit);
    res.on('close', io.onClose);
    try {
      await runRequest(plan, ctx, io);
    } finally {
      res.off('close', io.onClose);
    }
  };
}

function chatCodec(ingress: IngressCodec): ResultCodec<ChatRequest, ChatResponse> {
  return {
    encodeResponse: (response, ctx) => ingress.encodeChat(response, { requestedModel: ctx.request.model, includeUsage: false }),
    createStreamEncoder: (ctx) => {
      const context: EncodeContext = { requestedModel: ctx.request.model, includeUsage: ctx.request.includeUsageInStream === true };
      // Counted only if the encoder asks (an Anthropic-format stream), from the request as decoded.
      if (ctx.target?.compiled.provider.streamReportsInputTokensFirst !== true) context.estimateInputTokens = () => estimateInputTokens(ctx.request);
      return ingress.createStreamEncoder(context);
    },
    encodeError: ingress.encodeError,
  };
}

const embeddingsCodec: ResultCodec<EmbeddingsRequest, EmbeddingsResponse> = {
  encodeResponse: (response, ctx) => encodeEmbeddingsResponse(response, ctx.request),
  encodeError: encodeOpenAIError,
};

/** Runs the authenticate phase for a route that is not an operation; throws the refusal, returns the caller. */
async function authenticateRoute(plan: RoutePlan<ChatRequest, ChatResponse>, req: IncomingMessage, meta: RequestMeta): Promise<CallerIdentity | undefined> {
  const ctx = new RequestContext<ChatRequest, ChatResponse>({ ...meta, operation: 'chat', ingress: 'openai', requestHeaders: req.headers });
  await authenticateOnly(plan, ctx);
  return ctx.identity;
}

function buildRoutes(services: GatewayServices, options: ServerOptions): Map<string, Map<string, Handler>> {
  const routes = new Map<string, Map<string, Handler>>();
  const add = (method: string, path: string, handler: Handler) => {
    if (!routes.has(path)) routes.set(path, new Map());
    routes.get(path)!.set(method, handler);
  };
  const { plans, ingresses } = options;
  add('POST', '/v1/chat/completions', operationRoute(services, plans.chat, 'openai', chatCodec(ingresses.openai), ingresses.openai.decodeChat));
  const anthropic = ingresses.anthropic;
  if (anthropic) add('POST', '/v1/messages', operationRoute(services, plans.chat, 'anthropic', chatCodec(anthropic), anthropic.decodeChat));
  add('POST', '/v1/embeddings', operationRoute(services, plans.embeddings, 'openai', embeddingsCodec, decodeEmbeddingsRequest));
  add('POST', '/v1/responses', operationRoute(services, plans.responses, 'openai-responses', responsesResultCodec, decodeResponsesBody));
  add('GET', '/v1/models', async (req, res, meta) => {
    try {
      await authenticateRoute(plans.chat, req, meta);
    } catch (err) {
      sendError(res, ingresses.openai.encodeError(toGatewayError(err)), baseHeaders(meta.requestId, meta.startedAt));
      return;
    }
    const data = services.plan.modelNames.map((id) => ({ id, object: 'model', created: 0, owned_by: 'switchboard' }));
    sendJson(res, 200, { object: 'list', data }, baseHeaders(meta.requestId, meta.startedAt));
  });
  if (options.feedback) {
    const authenticate = (req: IncomingMessage, meta: RequestMeta) => authenticateRoute(plans.chat, req, meta);
    add('POST', '/v1/feedback', feedbackRoute({ ...options.feedback, authenticate, encodeError: ingresses.openai.encodeError, logger: services.logger }));
  }
  add('GET', '/healthz', (_req, res, meta) => sendJson(res, 200, { status: 'ok', ...options.health?.() }, baseHeaders(meta.requestId, meta.startedAt)));
  // Each dependency probe is time-limited and its answer reused briefly: a probe storm costs one query each.
  const checks = (options.readiness ?? []).map((check) => limitedCheck(check));
  add('GET', '/readyz', async (_req, res, meta) => {
    if (!options.ready()) {
      sendJson(res, 503, { status: 'starting' }, baseHeaders(meta.requestId, meta.startedAt));
      return;
    }
    if (checks.length === 0) {
      sendJson(res, 200, { status: 'ready' }, baseHeaders(meta.requestId, meta.startedAt));
      return;
    }
    const report = await readinessReport(checks);
    sendJson(
      res,
      report.ready ? 200 : 503,
      { status: report.ready ? 'ready' : 'not_ready', checks: report.checks },
      baseHeaders(meta.requestId, meta.startedAt),
    );
  });
  for (const route of options.routes ?? []) add(route.method, route.path, route.handler);
  return routes;
}

/** Answers requests Node's parser rejects (bad or oversized headers, too slow) with a JSON error body. */
function answerClientError(server: Server, openai: IngressCodec): void {
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
      status === 431
        ? 'The request headers are too large.'
        : status === 408
          ? 'The request took too long to arrive (server.headers_timeout_ms, server.request_timeout_ms).'
          : 'The request is not valid HTTP/1.1.';
    const body = JSON.stringify(openai.encodeError(new GatewayError('invalid_request', status, message)).body);
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}

/** Creates the gateway's HTTP server over the services every request shares. */
export function createGatewayServer(services: GatewayServices, options: ServerOptions): Server {
  const routes = buildRoutes(services, options);
  const pathRouters: PathRouter[] = [
    storedResponseRoutes({
      store: services.responseStore,
      authenticate: (req, meta) => authenticateRoute(options.plans.chat, req, meta),
      encodeError: options.ingresses.openai.encodeError,
      logger: services.logger,
    }),
    ...(options.routers ?? []),
  ];
  const matchPath = (path: string) => {
    for (const router of pathRouters) {
      const match = router(path);
      if (match) return match;
    }
    return undefined;
  };
  const limits = services.plan.config.server;
  // Anthropic SDK callers also hit /v1/messages/* routes we lack (count_tokens, batches).
  const errorCodec = (path: string) =>
    ((path === '/v1/messages' || path.startsWith('/v1/messages/')) && options.ingresses.anthropic) || options.ingresses.openai;
  const server = createServer(
    {
      // Slow clients: the whole request (headers and body) must arrive in time, checked this often.
      requestTimeout: limits.request_timeout_ms,
      // Node refuses a headers timeout longer than the request timeout; the shorter one governs anyway.
      headersTimeout: Math.min(limits.headers_timeout_ms, limits.request_timeout_ms),
      connectionsCheckingInterval: Math.min(1_000, limits.headers_timeout_ms, limits.request_timeout_ms),
      keepAliveTimeout: 65_000,
    },
    (req, res) => {
      const meta: RequestMeta = { requestId: newRequestId(), startedAt: performance.now(), time: Date.now() };
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const path = q >= 0 ? url.slice(0, q) : url;
      let byMethod: ReadonlyMap<string, Handler> | undefined = routes.get(path);
      // Parameterised routes only when no fixed one matched: the operation routes pay nothing for them.
      const match = byMethod ? undefined : matchPath(path);
      if (match) byMethod = match.methods;
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
      Promise.resolve(handler(req, res, meta, match?.param)).catch((err: unknown) => {
        // Last line of defence: a bug must cost one request, never the process.
        services.logger.error({ requestId: meta.requestId, err }, 'unhandled error in a route');
        sendError(res, errorCodec(path).encodeError(toGatewayError(err)), baseHeaders(meta.requestId, meta.startedAt));
      });
    },
  );
  answerClientError(server, options.ingresses.openai);
  server.maxConnections = limits.max_connections;
  return server;
}

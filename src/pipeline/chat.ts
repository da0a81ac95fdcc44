/**
 * The chat request path: decode (ingress) → resolve model → prepare (images) → dispatch
 * (encode, authorize, send, fall back) → decode (provider) → encode (ingress) → record.
 * Streams are piped event by event; the request record is queued after the last byte.
 */
import type { ServerResponse } from 'node:http';
import { resolveTargets, type Target } from '../config/compile.js';
import { GatewayError, toGatewayError } from '../core/errors.js';
import type { ChatRequest, FinishReason, Usage } from '../core/types.js';
import type { RequestRecord } from '../observability/request-record.js';
import type { FrameDecoder } from '../providers/spec/sse.js';
import type { StreamFrame } from '../providers/spec/provider.js';
import type { IngressCodec } from '../server/ingress.js';
import { transportError } from '../transport/http-client.js';
import { AttemptsFailed, callUpstream, type UpstreamAttempt } from './call-upstream.js';
import { inlineRemoteImages } from './prepare-images.js';
import { redactError } from './redact.js';
import { sendError, sendJson, serverTiming } from './respond.js';
import type { GatewayServices } from './services.js';
import { createFrameDecoder } from './frame-decoder.js';

function uncork(res: ServerResponse): void {
  if (res.writableCorked > 0) res.uncork();
}

/** Per-request facts the server already knows. */
export interface RequestMeta {
  requestId: string;
  /** performance.now() when the request arrived. */
  startedAt: number;
  /** Date.now() when the request arrived. */
  time: number;
}

function applyUsage(record: RequestRecord, usage: Usage | undefined): void {
  if (!usage) return;
  record.inputTokens = usage.inputTokens;
  record.outputTokens = usage.outputTokens;
  if (usage.cachedInputTokens) record.cachedInputTokens = usage.cachedInputTokens;
  if (usage.cacheWriteTokens) record.cacheWriteTokens = usage.cacheWriteTokens;
  if (usage.reasoningTokens) record.reasoningTokens = usage.reasoningTokens;
}

/** Handles one chat call in any ingress format. Never throws: errors are answered in-format. */
export async function handleChat(services: GatewayServices, ingress: IngressCodec, body: unknown, res: ServerResponse, meta: RequestMeta): Promise<void> {
  const record: RequestRecord = {
    id: meta.requestId,
    time: meta.time,
    operation: 'chat',
    ingress: ingress.format,
    stream: false,
    modelRequested: typeof (body as { model?: unknown })?.model === 'string' ? (body as { model: string }).model : '',
    status: 200,
    attempts: 0,
    gatewayMs: 0,
    totalMs: 0,
  };
  const headers: Record<string, string | number> = { 'x-request-id': meta.requestId };
  const abort = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) abort.abort();
  };
  res.on('close', onClose);
  let upstreamMs = 0;
  try {
    const request = ingress.decodeChat(body);
    record.stream = request.stream;
    const targets = resolveTargets(services.plan, request.model);
    if (!targets) {
      throw new GatewayError('model_not_found', 404, `The model '${request.model}' does not exist. Use GET /v1/models for the models you can call.`, {
        param: 'model',
      });
    }
    const imageOptions = imageFetchOptions(services, abort.signal);
    const attempt = await callUpstream(
      services,
      targets,
      async (target: Target) => {
        let canonical: ChatRequest = { ...request, model: target.model };
        if (target.compiled.provider.capabilities.images === 'inline') canonical = await inlineRemoteImages(canonical, imageOptions);
        return target.compiled.provider.chat.encode(canonical, target.compiled.settings);
      },
      abort.signal,
    );
    upstreamMs += attempt.upstreamMs;
    record.attempts = attempt.attempts;
    record.upstreamTtfbMs = attempt.ttfbMs;
    record.provider = attempt.target.providerId;
    record.providerType = attempt.target.compiled.settings.type;
    headers['x-switchboard-provider'] = attempt.target.providerId;
    headers['x-switchboard-attempts'] = attempt.attempts;
    if (request.stream) {
      upstreamMs += await pipeStream(services, ingress, request, attempt, res, headers, record, meta, upstreamMs);
    } else {
      const readStart = performance.now();
      const json = await attempt.response.body.json().catch((err: unknown) => {
        throw new GatewayError('upstream_invalid_response', 502, `Provider '${attempt.target.providerId}' returned a body that is not JSON.`, {
          provider: attempt.target.providerId,
          cause: err,
        });
      });
      upstreamMs += performance.now() - readStart;
      const response = attempt.target.compiled.provider.chat.decode(json, attempt.target.compiled.settings);
      if (!response.model) response.model = attempt.target.model;
      if (!response.created) response.created = Math.floor(Date.now() / 1000);
      record.modelServed = response.model;
      record.finishReason = response.finishReason;
      applyUsage(record, response.usage);
      const cost = services.cost(attempt.target.compiled, attempt.target.model, response.usage);
      if (cost !== undefined) {
        record.costUsd = cost;
        headers['x-switchboard-cost-usd'] = cost.toFixed(8);
      }
      headers['x-switchboard-model'] = response.model;
      const encoded = ingress.encodeChat(response, { requestedModel: request.model, includeUsage: false });
      headers['server-timing'] = serverTiming(performance.now() - meta.startedAt - upstreamMs, upstreamMs);
      sendJson(res, 200, encoded, headers);
    }
  } catch (err) {
    const error = err instanceof AttemptsFailed ? err.error : toGatewayError(err);
    if (err instanceof AttemptsFailed) {
      upstreamMs += err.upstreamMs;
      record.attempts = err.attempts;
      if (err.target) {
        record.provider = err.target.providerId;
        record.providerType = err.target.compiled.settings.type;
      }
    }
    record.status = abort.signal.aborted ? 499 : error.status;
    record.errorCode = abort.signal.aborted ? 'client_closed' : error.code;
    if (!abort.signal.aborted) {
      if (res.headersSent) res.destroy();
      else
        sendError(res, ingress.encodeError(error), {
          ...headers,
          'server-timing': serverTiming(performance.now() - meta.startedAt - upstreamMs, upstreamMs || undefined),
        });
    }
  } finally {
    res.off('close', onClose);
    record.totalMs = performance.now() - meta.startedAt;
    record.gatewayMs = Math.max(0, record.totalMs - upstreamMs);
    services.log.record(record);
  }
}

function imageFetchOptions(services: GatewayServices, signal: AbortSignal) {
  const images = services.plan.config.images;
  return { maxBytes: images.max_bytes, timeoutMs: images.timeout_ms, allowPrivateAddresses: images.allow_private_addresses, signal };
}

/**
 * Pipes an upstream stream to the client. Returns the ms spent waiting on the upstream body.
 * Usage is always collected (the provider codecs ask for it) even when the client did not ask.
 */
async function pipeStream(
  services: GatewayServices,
  ingress: IngressCodec,
  request: ChatRequest,
  attempt: UpstreamAttempt,
  res: ServerResponse,
  headers: Record<string, string | number>,
  record: RequestRecord,
  meta: RequestMeta,
  upstreamSoFar: number,
): Promise<number> {
  const { target, response } = attempt;
  const provider = target.compiled.provider;
  const decoder = provider.chat.createStreamDecoder(target.compiled.settings);
  const encoder = ingress.createStreamEncoder({ requestedModel: request.model, includeUsage: request.includeUsageInStream === true });
  let out = '';
  let usage: Usage | undefined;
  let finish: FinishReason | undefined;
  let model = target.model;
  let firstTokenAt: number | undefined;
  let pendingError: GatewayError | undefined;

  const onFrame = (frame: StreamFrame) => {
    if (pendingError) return;
    try {
      for (const event of decoder.push(frame)) {
        if (event.type === 'usage') usage = event.usage;
        else if (event.type === 'finish') finish = event.reason;
        else if (event.type === 'start') {
          // Some providers (Cohere) name no model and no time: report what was called, and now.
          if (event.model) model = event.model;
          else event.model = model;
          if (!event.created) event.created = Math.floor(Date.now() / 1000);
        } else if (firstTokenAt === undefined && (event.type === 'text' || event.type === 'tool_call_start' || event.type === 'reasoning'))
          firstTokenAt = performance.now();
        out += encoder.encode(event);
      }
    } catch (err) {
      pendingError = toGatewayError(err);
    }
  };
  const frames: FrameDecoder = createFrameDecoder(provider.streamFraming, onFrame);

  headers['content-type'] = 'text/event-stream; charset=utf-8';
  headers['cache-control'] = 'no-cache';
  headers['x-switchboard-model'] = model;
  headers['server-timing'] = serverTiming(performance.now() - meta.startedAt - upstreamSoFar, upstreamSoFar);
  res.writeHead(200, headers);

  let waited = 0;
  const iterator = response.body[Symbol.asyncIterator]();
  try {
    while (true) {
      const waitStart = performance.now();
      const next = await iterator.next();
      waited += performance.now() - waitStart;
      if (next.done) break;
      frames.push(next.value);
      if (out.length > 0) {
        // Cork until the next turn of the event loop: frames that arrive together (and the end
        // of a short stream) leave in one syscall instead of one each.
        if (res.writableCorked === 0) {
          res.cork();
          setImmediate(uncork, res);
        }
        const ok = res.write(out);
        out = '';
        // A client that stops reading and then hangs up never sends 'drain': wait for 'close' too.
        if (!ok && !res.destroyed) await drainOrClose(res);
        if (res.destroyed) throw new GatewayError('client_closed', 499, 'The client closed the connection.');
      }
      if (pendingError) break;
    }
    if (!pendingError) frames.end();
  } catch (err) {
    pendingError = transportError(err, target.providerId);
  }
  if (pendingError && res.destroyed) throw pendingError;
  for (const event of pendingError ? [] : decoder.end()) {
    if (event.type === 'usage') usage = event.usage;
    else if (event.type === 'finish') finish = event.reason;
    out += encoder.encode(event);
  }
  if (pendingError) {
    // A mid-stream error event carries the upstream's own words, which may repeat the key.
    pendingError = redactError(pendingError, target.compiled.settings);
    out += encoder.error(pendingError);
    record.status = pendingError.status;
    record.errorCode = pendingError.code;
  } else if (finish === undefined) {
    // The upstream closed without finishing: report it rather than pretending the answer is whole.
    const cut = new GatewayError('upstream_invalid_response', 502, `Provider '${target.providerId}' ended the stream before it finished.`, {
      provider: target.providerId,
    });
    out += encoder.error(cut);
    record.status = 502;
    record.errorCode = cut.code;
  }
  out += encoder.end();
  res.end(out);
  record.modelServed = model;
  record.finishReason = finish;
  if (firstTokenAt !== undefined) record.ttftMs = firstTokenAt - meta.startedAt;
  applyUsage(record, usage);
  if (usage) {
    const cost = services.cost(target.compiled, target.model, usage);
    if (cost !== undefined) record.costUsd = cost;
  }
  return waited;
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

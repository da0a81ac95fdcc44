/** The embeddings request path (OpenAI format in and out, any provider with embeddings behind). */
import type { ServerResponse } from 'node:http';
import { resolveTargets } from '../config/compile.js';
import { GatewayError, invalidRequest, toGatewayError } from '../core/errors.js';
import type { EmbeddingsRequest } from '../core/types.js';
import type { RequestRecord } from '../observability/request-record.js';
import { encodeOpenAIError } from '../server/openai/encode-error.js';
import { AttemptsFailed, callUpstream } from './call-upstream.js';
import type { RequestMeta } from './chat.js';
import { sendError, sendJson, serverTiming } from './respond.js';
import type { GatewayServices } from './services.js';

type Obj = Record<string, unknown>;

/** Validates an OpenAI embeddings body. Token-id inputs are refused: few providers take them. */
export function decodeEmbeddingsRequest(body: unknown): EmbeddingsRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidRequest('The request body must be a JSON object.');
  const b = body as Obj;
  if (typeof b.model !== 'string' || b.model.length === 0) throw invalidRequest("'model' is required and must be a string.", 'model');
  const input = typeof b.input === 'string' ? [b.input] : b.input;
  if (!Array.isArray(input) || input.length === 0 || !input.every((s) => typeof s === 'string')) {
    throw invalidRequest("'input' must be a non-empty string or array of strings.", 'input');
  }
  const request: EmbeddingsRequest = { model: b.model, input: input as string[] };
  if (b.dimensions !== undefined) {
    if (typeof b.dimensions !== 'number' || !Number.isInteger(b.dimensions) || b.dimensions < 1)
      throw invalidRequest("'dimensions' must be a positive integer.", 'dimensions');
    request.dimensions = b.dimensions;
  }
  if (b.encoding_format !== undefined) {
    if (b.encoding_format !== 'float' && b.encoding_format !== 'base64')
      throw invalidRequest("'encoding_format' must be 'float' or 'base64'.", 'encoding_format');
    request.encodingFormat = b.encoding_format;
  }
  if (typeof b.input_type === 'string') request.inputType = b.input_type as EmbeddingsRequest['inputType'];
  if (typeof b.user === 'string') request.user = b.user;
  return request;
}

function toBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString('base64');
}

/** Handles POST /v1/embeddings. */
export async function handleEmbeddings(services: GatewayServices, body: unknown, res: ServerResponse, meta: RequestMeta): Promise<void> {
  const record: RequestRecord = {
    id: meta.requestId,
    time: meta.time,
    operation: 'embeddings',
    ingress: 'openai',
    stream: false,
    modelRequested: typeof (body as Obj | null)?.model === 'string' ? ((body as Obj).model as string) : '',
    status: 200,
    attempts: 0,
    gatewayMs: 0,
    totalMs: 0,
  };
  const headers: Record<string, string | number> = { 'x-request-id': meta.requestId };
  const abort = new AbortController();
  res.on('close', () => !res.writableFinished && abort.abort());
  let upstreamMs = 0;
  try {
    const request = decodeEmbeddingsRequest(body);
    const targets = resolveTargets(services.plan, request.model);
    if (!targets) throw new GatewayError('model_not_found', 404, `The model '${request.model}' does not exist.`, { param: 'model' });
    const attempt = await callUpstream(
      services,
      targets,
      (target) => {
        const codec = target.compiled.provider.embeddings;
        if (!codec)
          throw new GatewayError('unsupported_parameter', 400, `Provider '${target.providerId}' does not offer embeddings.`, {
            param: 'model',
            provider: target.providerId,
          });
        return codec.encode({ ...request, model: target.model }, target.compiled.settings);
      },
      abort.signal,
    );
    const readStart = performance.now();
    const json = await attempt.response.body.json();
    upstreamMs = attempt.upstreamMs + performance.now() - readStart;
    const result = attempt.target.compiled.provider.embeddings!.decode(
      json,
      { ...request, model: attempt.target.model },
      attempt.target.compiled.settings,
      attempt.response.headers,
    );
    record.attempts = attempt.attempts;
    record.provider = attempt.target.providerId;
    record.providerType = attempt.target.compiled.settings.type;
    record.modelServed = result.model;
    record.inputTokens = result.usage.inputTokens;
    record.outputTokens = 0;
    const cost = services.cost(attempt.target.compiled, attempt.target.model, { inputTokens: result.usage.inputTokens, outputTokens: 0 });
    if (cost !== undefined) {
      record.costUsd = cost;
      headers['x-switchboard-cost-usd'] = cost.toFixed(8);
    }
    headers['x-switchboard-provider'] = attempt.target.providerId;
    headers['x-switchboard-model'] = result.model;
    headers['x-switchboard-attempts'] = attempt.attempts;
    headers['server-timing'] = serverTiming(performance.now() - meta.startedAt - upstreamMs, upstreamMs);
    const base64 = request.encodingFormat === 'base64';
    sendJson(
      res,
      200,
      {
        object: 'list',
        data: result.embeddings.map((vector, index) => ({ object: 'embedding', index, embedding: base64 ? toBase64(vector) : vector })),
        model: result.model,
        usage: { prompt_tokens: result.usage.inputTokens, total_tokens: result.usage.inputTokens },
      },
      headers,
    );
  } catch (err) {
    const error = err instanceof AttemptsFailed ? err.error : toGatewayError(err);
    if (err instanceof AttemptsFailed) upstreamMs += err.upstreamMs;
    record.status = error.status;
    record.errorCode = error.code;
    if (!abort.signal.aborted)
      sendError(res, encodeOpenAIError(error), {
        ...headers,
        'server-timing': serverTiming(performance.now() - meta.startedAt - upstreamMs, upstreamMs || undefined),
      });
  } finally {
    record.totalMs = performance.now() - meta.startedAt;
    record.gatewayMs = Math.max(0, record.totalMs - upstreamMs);
    services.log.record(record);
  }
}

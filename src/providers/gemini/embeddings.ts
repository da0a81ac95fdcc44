/**
 * Embeddings. AI Studio: `:batchEmbedContents`, one request per input, each repeating
 * `models/{id}`; it reports no token usage. Vertex: `:predict` with `instances` (snake_case
 * fields inside) and per-prediction token counts in `statistics`.
 */
import { GatewayError } from '../../core/errors.js';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../../core/types.js';
import { asArray, asNumber, asObject } from '../spec/json.js';
import type { EmbeddingsCodec, HttpRequestSpec, ProviderSettings } from '../spec/provider.js';
import { requestHeaders } from './encode-request.js';
import { type GeminiFlavor, modelMethodUrl, studioModelName } from './urls.js';

const TASK_TYPES: Record<NonNullable<EmbeddingsRequest['inputType']>, string> = {
  search_document: 'RETRIEVAL_DOCUMENT',
  search_query: 'RETRIEVAL_QUERY',
  classification: 'CLASSIFICATION',
  clustering: 'CLUSTERING',
};

function studioBody(request: EmbeddingsRequest): unknown {
  const model = studioModelName(request.model);
  const taskType = request.inputType ? TASK_TYPES[request.inputType] : undefined;
  return {
    requests: request.input.map((text) => {
      const one: Record<string, unknown> = { model, content: { parts: [{ text }] } };
      if (taskType) one.taskType = taskType;
      if (request.dimensions !== undefined) one.outputDimensionality = request.dimensions;
      return one;
    }),
  };
}

function vertexBody(request: EmbeddingsRequest): unknown {
  const taskType = request.inputType ? TASK_TYPES[request.inputType] : undefined;
  const body: Record<string, unknown> = {
    instances: request.input.map((content) => (taskType ? { content, task_type: taskType } : { content })),
  };
  if (request.dimensions !== undefined) body.parameters = { outputDimensionality: request.dimensions };
  return body;
}

function vectors(list: unknown[], pick: (item: Record<string, unknown> | undefined) => unknown, settings: ProviderSettings): number[][] {
  return list.map((item) => {
    const values = asArray(pick(asObject(item)));
    if (!values.every((v) => typeof v === 'number')) {
      throw new GatewayError('upstream_invalid_response', 502, 'Gemini returned an embedding that is not a list of numbers.', { provider: settings.id });
    }
    return values as number[];
  });
}

/** Creates the embeddings codec for AI Studio or Vertex. */
export function createEmbeddingsCodec(flavor: GeminiFlavor): EmbeddingsCodec {
  return {
    encode(request: EmbeddingsRequest, settings: ProviderSettings): HttpRequestSpec {
      const method = flavor === 'gemini' ? 'batchEmbedContents' : 'predict';
      return {
        method: 'POST',
        url: modelMethodUrl(flavor, settings, request.model, method),
        headers: requestHeaders(flavor, settings),
        body: JSON.stringify(flavor === 'gemini' ? studioBody(request) : vertexBody(request)),
      };
    },
    decode(body: unknown, request: EmbeddingsRequest, settings: ProviderSettings): EmbeddingsResponse {
      const root = asObject(body);
      const list = flavor === 'gemini' ? asArray(root?.embeddings) : asArray(root?.predictions);
      if (list.length !== request.input.length) {
        throw new GatewayError('upstream_invalid_response', 502, `Gemini returned ${list.length} embeddings for ${request.input.length} inputs.`, {
          provider: settings.id,
        });
      }
      if (flavor === 'gemini') {
        return { model: request.model, embeddings: vectors(list, (e) => e?.values, settings), usage: { inputTokens: 0 } };
      }
      let inputTokens = 0;
      for (const p of list) inputTokens += asNumber(asObject(asObject(asObject(p)?.embeddings)?.statistics)?.token_count) ?? 0;
      return { model: request.model, embeddings: vectors(list, (p) => asObject(p?.embeddings)?.values, settings), usage: { inputTokens } };
    },
  };
}

/** OpenAI embeddings request/response codecs. */
import { GatewayError } from '../../../core/errors.js';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../../../core/types.js';
import { asArray, asNumber, asObject } from '../json.js';

/** Builds the body for POST /embeddings. Floats are always requested; base64 is re-encoded for the client. */
export function encodeEmbeddingsBody(request: EmbeddingsRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { model: request.model, input: request.input, encoding_format: 'float' };
  if (request.dimensions !== undefined) body.dimensions = request.dimensions;
  if (request.user !== undefined) body.user = request.user;
  return body;
}

/** Reads data[].embedding (ordered by index) and usage.prompt_tokens. */
export function decodeEmbeddingsBody(raw: unknown, request: EmbeddingsRequest, providerId: string): EmbeddingsResponse {
  const body = asObject(raw);
  const data = asArray(body?.data);
  const embeddings: number[][] = new Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const item = asObject(data[i]);
    const vector = item?.embedding;
    if (!Array.isArray(vector)) {
      throw new GatewayError('upstream_invalid_response', 502, `Provider '${providerId}' returned an embedding that is not a float array.`, {
        provider: providerId,
      });
    }
    embeddings[asNumber(item?.index) ?? i] = vector as number[];
  }
  return {
    model: typeof body?.model === 'string' ? body.model : request.model,
    embeddings,
    usage: { inputTokens: asNumber(asObject(body?.usage)?.prompt_tokens) ?? 0 },
  };
}

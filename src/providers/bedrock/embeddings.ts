/**
 * Embeddings through InvokeModel (Converse has none), for Titan Text Embeddings (V1, V2) and
 * Cohere Embed. Titan embeds one text per call and the codec contract is one HTTP request per
 * canonical request, so several inputs to a Titan model are refused with a 400 rather than
 * sent as a hidden fan-out; Cohere takes up to 96 texts in one call.
 */
import { GatewayError, invalidRequest } from '../../core/errors.js';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../../core/types.js';
import { asArray, asNumber, asObject } from '../spec/json.js';
import { dropOrReject } from '../spec/params.js';
import type { HttpRequestSpec, ProviderSettings } from '../spec/provider.js';
import { embeddingFamily } from './model-family.js';
import { modelUrl } from './settings.js';

type Json = Record<string, unknown>;

/** Most texts Cohere Embed takes in one call. */
export const COHERE_MAX_TEXTS = 96;

const TITAN_V2_DIMENSIONS = new Set([256, 512, 1024]);

function unsupported(settings: ProviderSettings, param: string, message: string): GatewayError {
  return new GatewayError('unsupported_parameter', 400, message, { param, provider: settings.id });
}

/** Builds the model-native body for the request's model. */
export function encodeEmbeddingsBody(request: EmbeddingsRequest, settings: ProviderSettings): Json {
  const family = embeddingFamily(request.model);
  if (!family) {
    throw unsupported(settings, 'model', `Bedrock model '${request.model}' is not a supported embedding model (Titan Text Embeddings or Cohere Embed).`);
  }
  if (request.input.length === 0) throw invalidRequest('input must not be empty.', 'input');
  // The user id has no place in InvokeModel bodies.
  // `user` has no field here and never changes the output: left out by design (docs/providers.md).
  if (family === 'cohere') {
    if (request.input.length > COHERE_MAX_TEXTS) {
      throw unsupported(settings, 'input', `Cohere Embed on Bedrock takes at most ${COHERE_MAX_TEXTS} inputs per request; got ${request.input.length}.`);
    }
    if (request.dimensions !== undefined) dropOrReject(settings, 'dimensions');
    return { texts: request.input, input_type: request.inputType ?? 'search_document' };
  }
  if (request.input.length > 1) {
    throw unsupported(
      settings,
      'input',
      `Titan Text Embeddings ('${request.model}') takes one input per request; got ${request.input.length}. Send the inputs in separate requests.`,
    );
  }
  // Titan embeddings are symmetric: inputType (a retrieval hint) changes nothing and is not sent.
  const body: Json = { inputText: request.input[0] };
  if (request.dimensions !== undefined) {
    if (family === 'titan-v1') dropOrReject(settings, 'dimensions');
    else if (!TITAN_V2_DIMENSIONS.has(request.dimensions)) {
      throw unsupported(settings, 'dimensions', `Titan Text Embeddings V2 supports dimensions 256, 512 or 1024, not ${request.dimensions}.`);
    } else body.dimensions = request.dimensions;
  }
  return body;
}

/** The InvokeModel request. Floats are always requested; base64 output is encoded for the client. */
export function encodeEmbeddingsRequest(request: EmbeddingsRequest, settings: ProviderSettings): HttpRequestSpec {
  return {
    method: 'POST',
    url: modelUrl(settings, request.model, 'invoke'),
    headers: { 'content-type': 'application/json', accept: 'application/json', ...settings.headers },
    body: JSON.stringify(encodeEmbeddingsBody(request, settings)),
  };
}

function invalidVector(providerId: string): GatewayError {
  return new GatewayError('upstream_invalid_response', 502, `Provider '${providerId}' returned an embedding that is not a float array.`, {
    provider: providerId,
  });
}

function vector(value: unknown, providerId: string): number[] {
  if (!Array.isArray(value) || !value.every((n) => typeof n === 'number')) throw invalidVector(providerId);
  return value as number[];
}

/**
 * Decodes Titan ({embedding, inputTextTokenCount}) or Cohere ({embeddings} as a list, or by type)
 * bodies. Cohere's token count arrives only in the x-amzn-bedrock-input-token-count response
 * header, read when the caller passes headers; without them it is 0.
 */
export function decodeEmbeddingsBody(raw: unknown, request: EmbeddingsRequest, providerId: string, headers?: Record<string, string>): EmbeddingsResponse {
  const body = asObject(raw);
  if (!body) throw invalidVector(providerId);
  const headerCount = Number(headers?.['x-amzn-bedrock-input-token-count']);
  const fromHeader = Number.isFinite(headerCount) && headerCount >= 0 ? headerCount : undefined;
  if ('embedding' in body) {
    return {
      model: request.model,
      embeddings: [vector(body.embedding, providerId)],
      usage: { inputTokens: asNumber(body.inputTextTokenCount) ?? fromHeader ?? 0 },
    };
  }
  const byType = asObject(body.embeddings);
  const list = byType ? byType.float : body.embeddings;
  const embeddings = asArray(list).map((item) => vector(item, providerId));
  if (!Array.isArray(list) || embeddings.length !== request.input.length) throw invalidVector(providerId);
  return { model: request.model, embeddings, usage: { inputTokens: fromHeader ?? 0 } };
}

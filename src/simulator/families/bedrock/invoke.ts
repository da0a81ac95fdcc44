/**
 * InvokeModel for the embedding models the gateway uses: Titan Text Embeddings (V1, V2) and
 * Cohere Embed v3, with their native request checks (extraneous or missing keys are refused
 * with Bedrock's "Malformed input request" text) and response bodies and headers.
 */
import { randomUUID } from 'node:crypto';
import type { BedrockError } from './errors.js';

type Json = Record<string, unknown>;

/** A successful InvokeModel answer. */
export interface InvokeResult {
  body: Json;
  inputTokens: number;
}

function malformed(message: string): BedrockError {
  return { status: 400, type: 'ValidationException', message: `Malformed input request: ${message}, please reformat your input and try again.` };
}

function extraneous(body: Json, allowed: readonly string[]): BedrockError | undefined {
  const extra = Object.keys(body).find((key) => !allowed.includes(key));
  return extra === undefined ? undefined : malformed(`extraneous key [${extra}] is not permitted`);
}

/** A deterministic unit vector for a text. */
export function simEmbedding(text: string, dimensions: number, normalize = true): number[] {
  let seed = 2166136261;
  for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 16777619);
  const out = new Array<number>(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    seed = Math.imul(seed ^ (seed >>> 15), 2246822507) ^ (i + 1);
    const value = (seed >>> 0) / 4294967296 - 0.5;
    out[i] = value;
    norm += value * value;
  }
  const scale = normalize && norm > 0 ? 1 / Math.sqrt(norm) : 1;
  for (let i = 0; i < dimensions; i++) out[i] = Math.round(out[i]! * scale * 1e6) / 1e6;
  return out;
}

const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function titan(body: Json, v2: boolean): InvokeResult | BedrockError {
  const problem = extraneous(body, v2 ? ['inputText', 'dimensions', 'normalize', 'embeddingTypes'] : ['inputText']);
  if (problem) return problem;
  if (typeof body.inputText !== 'string') return malformed('required key [inputText] not found');
  if (body.inputText.length === 0) return malformed('expected minLength: 1, actual: 0');
  const dimensions = body.dimensions ?? (v2 ? 1024 : 1536);
  if (![256, 512, 1024, 1536].includes(dimensions as number) || (v2 && dimensions === 1536))
    return malformed(`#/dimensions: ${String(dimensions)} is not a valid enum value`);
  if (body.normalize !== undefined && typeof body.normalize !== 'boolean') return malformed('#/normalize: expected type: Boolean');
  const embedding = simEmbedding(body.inputText, dimensions as number, body.normalize !== false);
  const inputTokens = tokens(body.inputText);
  const out: Json = { embedding, inputTextTokenCount: inputTokens };
  if (v2) out.embeddingsByType = { float: embedding };
  return { body: out, inputTokens };
}

function cohere(body: Json): InvokeResult | BedrockError {
  const problem = extraneous(body, ['texts', 'images', 'input_type', 'truncate', 'embedding_types']);
  if (problem) return problem;
  if (!Array.isArray(body.texts)) return malformed('required key [texts] not found');
  if (body.texts.length > 96) return malformed(`#/texts: expected maximum item count: 96, found: ${body.texts.length}`);
  if (!body.texts.every((t) => typeof t === 'string' && t.length <= 2048)) return malformed('#/texts: expected type: String (at most 2048 characters)');
  if (!['search_document', 'search_query', 'classification', 'clustering'].includes(body.input_type as string))
    return malformed('required key [input_type] not found or invalid');
  if (body.truncate !== undefined && !['NONE', 'START', 'END'].includes(body.truncate as string))
    return malformed(`#/truncate: ${String(body.truncate)} is not a valid enum value`);
  const texts = body.texts as string[];
  const vectors = texts.map((t) => simEmbedding(t, 1024));
  const types = Array.isArray(body.embedding_types) ? (body.embedding_types as string[]) : undefined;
  const out: Json = types
    ? { id: randomUUID(), response_type: 'embeddings_by_type', embeddings: Object.fromEntries(types.map((t) => [t, vectors])), texts }
    : { id: randomUUID(), response_type: 'embeddings_floats', embeddings: vectors, texts };
  return { body: out, inputTokens: texts.reduce((n, t) => n + tokens(t), 0) };
}

/** Handles an InvokeModel body for a model id. */
export function invokeModel(modelId: string, body: unknown): InvokeResult | BedrockError {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return malformed('expected a JSON object');
  const id = modelId.slice(modelId.lastIndexOf('/') + 1);
  if (/(^|\.)amazon\.titan-embed-text-v2/.test(id)) return titan(body as Json, true);
  if (/(^|\.)amazon\.titan-embed-(text-v1|g1-text)/.test(id)) return titan(body as Json, false);
  if (/(^|\.)cohere\.embed-/.test(id)) return cohere(body as Json);
  return {
    status: 400,
    type: 'ValidationException',
    message: `The simulator's InvokeModel serves only embedding models (amazon.titan-embed-*, cohere.embed-*), not ${modelId}.`,
  };
}

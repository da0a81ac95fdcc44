/** Cohere v2 /v2/embed: validation as the real API does it, and deterministic vectors. */
import { randomUUID } from 'node:crypto';
import { badRequest, type CohereFailure, firstUnknownKey, unknownField } from './errors.js';

type Obj = Record<string, unknown>;

const TOP_LEVEL = new Set(['model', 'input_type', 'texts', 'images', 'inputs', 'embedding_types', 'output_dimension', 'max_tokens', 'truncate', 'priority']);
const INPUT_TYPES = new Set(['search_document', 'search_query', 'classification', 'clustering', 'image']);
const EMBEDDING_TYPES = new Set(['float', 'int8', 'uint8', 'binary', 'ubinary', 'base64']);
const DIMENSIONS = new Set([256, 512, 1024, 1536]);
const MAX_INPUTS = 96;

/** A validated embed request. */
export interface CohereEmbedInput {
  model: string;
  /** One text per input (images count as their data URL). */
  items: string[];
  texts?: string[];
  types: string[];
  dimension: number;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The embed model generation (embed-english-v3.0 → 3, embed-v4.0 → 4); 0 when unknown. */
function modelVersion(model: string): number {
  const match = /v(\d+)(?:\.\d+)?/.exec(model);
  return match ? Number(match[1]) : 0;
}

function stringArray(value: unknown, field: string): string[] | CohereFailure {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return badRequest(`${field} must be an array of strings`);
  if (value.length === 0) return badRequest(`${field} must not be empty`);
  if (value.length > MAX_INPUTS) return badRequest(`${field} can contain at most ${MAX_INPUTS} items`);
  return value as string[];
}

function inputsText(value: unknown): string[] | CohereFailure {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_INPUTS) return badRequest(`inputs must be an array of 1 to ${MAX_INPUTS} items`);
  const out: string[] = [];
  for (const input of value) {
    if (!isObj(input) || !Array.isArray(input.content)) return badRequest('inputs[].content must be an array');
    let text = '';
    for (const part of input.content) {
      if (isObj(part) && part.type === 'text' && typeof part.text === 'string') text += part.text;
      else if (isObj(part) && part.type === 'image_url' && isObj(part.image_url) && typeof part.image_url.url === 'string') text += part.image_url.url;
      else return badRequest("inputs[].content[] must be {type:'text', text} or {type:'image_url', image_url:{url}}");
    }
    out.push(text);
  }
  return out;
}

/** Validates a /v2/embed body. */
export function validateCohereEmbed(json: unknown): CohereEmbedInput | { failure: CohereFailure } {
  if (!isObj(json)) return { failure: badRequest('body must be a JSON object') };
  const extra = firstUnknownKey(json, TOP_LEVEL);
  if (extra) return { failure: unknownField(extra, 'embed') };
  const { model } = json;
  if (typeof model !== 'string' || model === '') return { failure: badRequest('model is required') };
  const version = modelVersion(model);
  if (json.input_type === undefined) {
    if (version >= 3) return { failure: badRequest('input_type is required for embed models v3 and higher') };
  } else if (typeof json.input_type !== 'string' || !INPUT_TYPES.has(json.input_type)) {
    return { failure: badRequest(`input_type must be one of ${[...INPUT_TYPES].join(', ')}`) };
  }
  const sources = ['texts', 'images', 'inputs'].filter((k) => json[k] !== undefined);
  if (sources.length !== 1) return { failure: badRequest('exactly one of texts, images or inputs must be provided') };
  let items: string[] | CohereFailure;
  if (json.texts !== undefined) items = stringArray(json.texts, 'texts');
  else if (json.images !== undefined) items = stringArray(json.images, 'images');
  else items = inputsText(json.inputs);
  if (!Array.isArray(items)) return { failure: items };
  const types = json.embedding_types ?? ['float'];
  if (!Array.isArray(types) || types.length === 0 || !types.every((t) => typeof t === 'string' && EMBEDDING_TYPES.has(t))) {
    return { failure: badRequest(`embedding_types must be a non-empty array of ${[...EMBEDDING_TYPES].join(', ')}`) };
  }
  let dimension = version >= 4 ? 1536 : 1024;
  if (json.output_dimension !== undefined) {
    if (version < 4) return { failure: badRequest('output_dimension is only supported by embed-v4.0 and newer models') };
    if (typeof json.output_dimension !== 'number' || !DIMENSIONS.has(json.output_dimension)) {
      return { failure: badRequest('output_dimension must be one of 256, 512, 1024, 1536') };
    }
    dimension = json.output_dimension;
  }
  if (json.truncate !== undefined && !['NONE', 'START', 'END'].includes(json.truncate as string)) {
    return { failure: badRequest("truncate must be one of 'NONE', 'START' or 'END'") };
  }
  const out: CohereEmbedInput = { model, items, types: types as string[], dimension };
  if (json.texts !== undefined) out.texts = items;
  return out;
}

/** A unit-scale deterministic vector for a text (xorshift seeded by an FNV hash). */
function vectorFor(text: string, dimension: number): number[] {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  let state = h >>> 0 || 1;
  const out = new Array<number>(dimension);
  for (let i = 0; i < dimension; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out[i] = Math.round(((state / 0xffffffff) * 2 - 1) * 1e6) / 1e6;
  }
  return out;
}

function packBits(vector: number[], signed: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < vector.length; i += 8) {
    let byte = 0;
    for (let b = 0; b < 8; b++) byte = (byte << 1) | ((vector[i + b] ?? 0) > 0 ? 1 : 0);
    out.push(signed ? byte - 128 : byte);
  }
  return out;
}

function encodeAs(type: string, vector: number[]): unknown {
  switch (type) {
    case 'int8':
      return vector.map((x) => Math.round(x * 127));
    case 'uint8':
      return vector.map((x) => Math.round((x + 1) * 127.5));
    case 'binary':
      return packBits(vector, true);
    case 'ubinary':
      return packBits(vector, false);
    case 'base64':
      return Buffer.from(Int8Array.from(vector.map((x) => Math.round(x * 127))).buffer).toString('base64');
    default:
      return vector;
  }
}

/** The embeddings_by_type response, with one list per requested type, aligned with the inputs. */
export function renderCohereEmbed(input: CohereEmbedInput): Obj {
  const vectors = input.items.map((text) => vectorFor(text, input.dimension));
  const embeddings: Obj = {};
  for (const type of input.types) embeddings[type] = vectors.map((v) => encodeAs(type, v));
  const inputTokens = input.items.reduce((n, text) => n + Math.max(1, Math.ceil(text.length / 4)), 0);
  const out: Obj = {
    id: randomUUID(),
    response_type: 'embeddings_by_type',
    embeddings,
    meta: { api_version: { version: '2' }, billed_units: { input_tokens: inputTokens } },
  };
  if (input.texts) out.texts = input.texts;
  return out;
}

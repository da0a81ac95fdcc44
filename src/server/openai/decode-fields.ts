/**
 * The top-level fields of an OpenAI Chat Completions body: which exist, which the gateway refuses
 * because the canonical response could not carry their result, and the decoding of the options
 * that only some providers honour (logprobs, logit_bias, service_tier, prediction, metadata, ...).
 * Like the Anthropic ingress, a field OpenAI does not define is refused with OpenAI's own words.
 */
import { GatewayError, invalidRequest } from '../../core/errors.js';
import type { ChatRequest } from '../../core/types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const given = (v: unknown) => v !== undefined && v !== null;

/** Every top-level field of OpenAI's CreateChatCompletionRequest, plus top_k (a common extension). */
const FIELDS = new Set([
  'model',
  'messages',
  'temperature',
  'top_p',
  'top_k',
  'n',
  'stop',
  'max_tokens',
  'max_completion_tokens',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'seed',
  'user',
  'safety_identifier',
  'prompt_cache_key',
  'prompt_cache_retention',
  'prompt_cache_options',
  'metadata',
  'store',
  'stream',
  'stream_options',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'reasoning_effort',
  'verbosity',
  'service_tier',
  'modalities',
  'audio',
  'prediction',
  'web_search_options',
  'moderation',
  'functions',
  'function_call',
  // Switchboard's extension: a stored prompt to call (server/prompt-reference.ts).
  'prompt',
]);

/** Real OpenAI fields whose results have no place in the canonical response: refused, never dropped. */
const NOT_CARRIED: Record<string, string> = {
  audio: 'Audio output',
  web_search_options: 'Web search (and its url_citation annotations)',
  moderation: 'A moderated completion',
  functions: "The deprecated 'functions' (use 'tools')",
  function_call: "The deprecated 'function_call' (use 'tool_choice')",
};

/** OpenAI-only fields carried verbatim in ChatRequest.openaiExtras. */
const OPENAI_EXTRAS = ['prompt_cache_retention', 'prompt_cache_options'];

const VERBOSITY = new Set(['low', 'medium', 'high']);

/** A 400 for a real OpenAI field that Switchboard itself cannot honour, whatever the provider. */
export function notByGateway(param: string, what: string): GatewayError {
  return new GatewayError('unsupported_parameter', 400, `${what} is not supported by Switchboard (parameter '${param}').`, { param });
}

/** Refuses fields OpenAI does not define (as OpenAI does) and real ones the gateway cannot carry. */
export function checkFields(body: Obj): void {
  for (const key of Object.keys(body)) {
    if (!FIELDS.has(key)) throw invalidRequest(`Unrecognized request argument supplied: ${key}`, key);
    const what = NOT_CARRIED[key];
    if (what && given(body[key])) throw notByGateway(key, what);
  }
  const n = body.n;
  if (given(n)) {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw invalidRequest("'n' must be an integer >= 1.", 'n');
    // One choice per request: several would need a canonical response with several choices.
    if (n !== 1) throw notByGateway('n', "'n' > 1 (several choices in one response; send separate requests)");
  }
  const modalities = body.modalities;
  if (given(modalities)) {
    if (!Array.isArray(modalities) || !modalities.every((m) => typeof m === 'string'))
      throw invalidRequest("'modalities' must be an array of strings.", 'modalities');
    // ['text'] is the default and asks for nothing more; audio output has no canonical place.
    if (modalities.some((m) => m !== 'text')) throw notByGateway('modalities', 'Output modalities other than text');
  }
}

function boolean(body: Obj, key: string): boolean | undefined {
  const v = body[key];
  if (!given(v)) return undefined;
  if (typeof v !== 'boolean') throw invalidRequest(`'${key}' must be a boolean.`, key);
  return v;
}

function string(body: Obj, key: string, maxLength?: number): string | undefined {
  const v = body[key];
  if (!given(v)) return undefined;
  if (typeof v !== 'string') throw invalidRequest(`'${key}' must be a string.`, key);
  if (maxLength !== undefined && v.length > maxLength) throw invalidRequest(`'${key}' must be at most ${maxLength} characters.`, key);
  return v;
}

function decodeLogprobs(body: Obj, request: ChatRequest): void {
  const logprobs = boolean(body, 'logprobs');
  const top = body.top_logprobs;
  if (given(top)) {
    if (typeof top !== 'number' || !Number.isInteger(top) || top < 0 || top > 20)
      throw invalidRequest("'top_logprobs' must be an integer between 0 and 20.", 'top_logprobs');
    if (logprobs !== true) throw invalidRequest("'top_logprobs' requires 'logprobs' to be true.", 'top_logprobs');
    request.topLogprobs = top;
  }
  // false is the default everywhere: there is nothing to forward for it.
  if (logprobs) request.logprobs = true;
}

function decodeLogitBias(raw: unknown): Record<string, number> | undefined {
  if (!given(raw)) return undefined;
  if (!isObj(raw)) throw invalidRequest("'logit_bias' must be an object mapping token ids to numbers.", 'logit_bias');
  const out: Record<string, number> = {};
  for (const [token, bias] of Object.entries(raw)) {
    if (!/^\d+$/.test(token)) throw invalidRequest(`'logit_bias' keys must be token ids; got '${token}'.`, 'logit_bias');
    if (typeof bias !== 'number' || !Number.isFinite(bias) || bias < -100 || bias > 100) {
      throw invalidRequest(`'logit_bias.${token}' must be a number between -100 and 100.`, 'logit_bias');
    }
    out[token] = bias;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function decodePrediction(raw: unknown): string | undefined {
  if (!given(raw)) return undefined;
  if (!isObj(raw) || raw.type !== 'content') throw invalidRequest('\'prediction\' must be {"type":"content","content":...}.', 'prediction');
  const content = raw.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content) && content.every((p) => isObj(p) && p.type === 'text' && typeof p.text === 'string')) {
    return content.map((p) => (p as { text: string }).text).join('');
  }
  throw invalidRequest("'prediction.content' must be a string or an array of text parts.", 'prediction.content');
}

/** Validates `metadata` (at most 16 pairs; keys up to 64 characters, string values up to 512); undefined when empty. */
export function decodeMetadata(raw: unknown): Record<string, string> | undefined {
  if (!given(raw)) return undefined;
  if (!isObj(raw)) throw invalidRequest("'metadata' must be an object of string values.", 'metadata');
  const entries = Object.entries(raw);
  if (entries.length > 16) throw invalidRequest("'metadata' takes at most 16 key-value pairs.", 'metadata');
  for (const [key, value] of entries) {
    if (key.length > 64) throw invalidRequest(`'metadata' keys must be at most 64 characters; '${key.slice(0, 20)}...' is longer.`, 'metadata');
    if (typeof value !== 'string' || value.length > 512)
      throw invalidRequest(`'metadata.${key}' must be a string of at most 512 characters.`, `metadata.${key}`);
  }
  return entries.length > 0 ? (raw as Record<string, string>) : undefined;
}

/** Decodes the options only some providers honour; each provider forwards or refuses them by name. */
export function decodeProviderOptions(body: Obj, request: ChatRequest): void {
  decodeLogprobs(body, request);
  const bias = decodeLogitBias(body.logit_bias);
  if (bias) request.logitBias = bias;
  const tier = string(body, 'service_tier');
  if (tier !== undefined) request.serviceTier = tier;
  const prediction = decodePrediction(body.prediction);
  if (prediction !== undefined) request.prediction = prediction;
  const metadata = decodeMetadata(body.metadata);
  if (metadata) request.metadata = metadata;
  const store = boolean(body, 'store');
  if (store !== undefined) request.store = store;
  const verbosity = string(body, 'verbosity');
  if (verbosity !== undefined) {
    if (!VERBOSITY.has(verbosity)) throw invalidRequest("'verbosity' must be one of low, medium, high.", 'verbosity');
    request.verbosity = verbosity as 'low' | 'medium' | 'high';
  }
  const cacheKey = string(body, 'prompt_cache_key');
  if (cacheKey !== undefined) request.promptCacheKey = cacheKey;
  const extras: Obj = {};
  for (const key of OPENAI_EXTRAS) if (given(body[key])) extras[key] = body[key];
  if (Object.keys(extras).length > 0) request.openaiExtras = extras;
}

/**
 * The end user: `user`, or `safety_identifier` (its successor). The canonical request carries one
 * end-user id, so two different ones would lose one: that is refused rather than guessed.
 */
export function decodeUser(body: Obj): string | undefined {
  const user = string(body, 'user');
  const safety = string(body, 'safety_identifier', 64);
  if (user !== undefined && safety !== undefined && user !== safety) {
    throw invalidRequest("'user' and 'safety_identifier' both name the end user; send one of them (or the same value).", 'safety_identifier');
  }
  return safety ?? user;
}

/**
 * stream_options → whether the client wants the usage chunk. include_obfuscation is a hint that
 * is dropped: OpenAI pads its chunks by default against length side channels on the network path
 * to OpenAI; the gateway's chunks carry no padding whatever the client asks (an OpenAI upstream's
 * padding ends at the gateway), and the answer is the same. docs/providers.md says so.
 */
export function decodeStreamOptions(raw: unknown): boolean {
  if (!given(raw)) return false;
  if (!isObj(raw)) throw invalidRequest("'stream_options' must be an object.", 'stream_options');
  for (const key of Object.keys(raw)) {
    if (key !== 'include_usage' && key !== 'include_obfuscation')
      throw invalidRequest(`Unrecognized request argument supplied: stream_options.${key}`, `stream_options.${key}`);
  }
  for (const key of ['include_usage', 'include_obfuscation']) {
    if (given(raw[key]) && typeof raw[key] !== 'boolean') throw invalidRequest(`'stream_options.${key}' must be a boolean.`, `stream_options.${key}`);
  }
  return raw.include_usage === true;
}

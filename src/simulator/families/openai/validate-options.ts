/**
 * Checks of Chat Completions options beyond the core ones (logprobs, top_logprobs, logit_bias,
 * service_tier, metadata, store, verbosity, prediction, prompt_cache_key), in OpenAI's words.
 */
import type { OpenAIValidationError } from './errors.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const given = (v: unknown) => v !== undefined && v !== null;
const fail = (message: string, param: string, code: string | null = 'invalid_value'): OpenAIValidationError => ({ status: 400, message, param, code });

const TIERS = ['auto', 'default', 'flex', 'scale', 'priority', 'fast'];
/** Groq names its tiers its own way. */
const GROQ_TIERS = ['auto', 'on_demand', 'flex', 'performance'];
const VERBOSITY = ['low', 'medium', 'high'];

function typeError(field: string, expected: string, value: unknown): OpenAIValidationError {
  return fail(
    `Invalid type for '${field}': expected ${expected}, but got ${Array.isArray(value) ? 'an array' : `a ${typeof value}`} instead.`,
    field,
    'invalid_type',
  );
}

/** The first problem with the request's options, or undefined. */
export function checkOptions(body: Obj, flavor: string): OpenAIValidationError | undefined {
  for (const field of ['logprobs', 'store']) {
    if (given(body[field]) && typeof body[field] !== 'boolean') return typeError(field, 'a boolean', body[field]);
  }
  const top = body.top_logprobs;
  if (given(top)) {
    if (!Number.isInteger(top)) return typeError('top_logprobs', 'an integer', top);
    if ((top as number) < 0 || (top as number) > 20)
      return fail(`Invalid 'top_logprobs': integer out of range. Expected a value between 0 and 20, but got ${top} instead.`, 'top_logprobs');
    if (body.logprobs !== true) return fail("Invalid value for 'top_logprobs': 'logprobs' must be set to true when 'top_logprobs' is used.", 'top_logprobs');
  }
  const bias = body.logit_bias;
  if (given(bias)) {
    if (!isObj(bias)) return typeError('logit_bias', 'an object', bias);
    for (const [token, value] of Object.entries(bias)) {
      if (!/^\d+$/.test(token) || typeof value !== 'number' || value < -100 || value > 100) {
        return fail(`Invalid 'logit_bias': expected token ids mapped to numbers between -100 and 100, got '${token}': ${JSON.stringify(value)}.`, 'logit_bias');
      }
    }
  }
  for (const [field, values] of [
    ['service_tier', flavor === 'groq' ? GROQ_TIERS : TIERS],
    ['verbosity', VERBOSITY],
  ] as const) {
    const v = body[field];
    if (given(v) && !(values as readonly unknown[]).includes(v)) {
      return fail(`Invalid value: '${String(v)}'. Supported values are: ${values.map((x) => `'${x}'`).join(', ')}.`, field);
    }
  }
  const metadata = body.metadata;
  if (given(metadata)) {
    if (!isObj(metadata)) return typeError('metadata', 'an object', metadata);
    const entries = Object.entries(metadata);
    if (entries.length > 16)
      return fail(`Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got ${entries.length} instead.`, 'metadata');
    for (const [key, value] of entries) {
      if (typeof value !== 'string') return typeError(`metadata.${key}`, 'a string', value);
    }
  }
  const prediction = body.prediction;
  if (
    given(prediction) &&
    !(isObj(prediction) && prediction.type === 'content' && (typeof prediction.content === 'string' || Array.isArray(prediction.content)))
  ) {
    return fail('Invalid value for \'prediction\': expected {"type": "content", "content": ...}.', 'prediction');
  }
  if (given(body.prompt_cache_key) && typeof body.prompt_cache_key !== 'string') return typeError('prompt_cache_key', 'a string', body.prompt_cache_key);
  return undefined;
}

/** The top_logprobs count when logprobs were asked for, else undefined. */
export function requestedLogprobs(body: Obj): number | undefined {
  if (body.logprobs !== true) return undefined;
  return typeof body.top_logprobs === 'number' ? body.top_logprobs : 0;
}

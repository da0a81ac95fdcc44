/**
 * Request checks that differ per OpenAI-compatible flavor, run before the common OpenAI checks.
 * Each answers with that vendor's own status and error body. Where a vendor's documentation is
 * unclear whether a field is refused or ignored (Groq's stream_options, Perplexity's fields
 * outside its documented set), the simulator refuses it: a gateway that sends such a field is
 * relying on undocumented behaviour, and a test should say so.
 */
import type { SimRequest } from '../../responder.js';
import { openaiErrorBody } from './errors.js';
import { mistralErrorBody } from './flavors.js';

type Obj = Record<string, unknown>;

/** A refused request: status and native body. */
export interface FlavorRejection {
  status: number;
  body: unknown;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const messagesOf = (body: Obj): unknown[] => (Array.isArray(body.messages) ? body.messages : []);
const bad = (message: string, param: string | null = null, code: string | null = null): FlavorRejection => ({
  status: 400,
  body: openaiErrorBody(400, message, param, code),
});

// --- Mistral: strict pydantic models (422 with FastAPI details), 9-character tool-call ids ---

const MISTRAL_FIELDS = new Set([
  'model',
  'messages',
  'temperature',
  'top_p',
  'max_tokens',
  'stream',
  'stop',
  'random_seed',
  'metadata',
  'response_format',
  'tools',
  'tool_choice',
  'presence_penalty',
  'frequency_penalty',
  'n',
  'prediction',
  'parallel_tool_calls',
  'prompt_mode',
  'safe_prompt',
  'reasoning_effort',
  'guardrails',
  'prompt_cache_key',
]);
const MISTRAL_MESSAGE_FIELDS: Record<string, ReadonlySet<string>> = {
  system: new Set(['role', 'content']),
  user: new Set(['role', 'content']),
  assistant: new Set(['role', 'content', 'tool_calls', 'prefix']),
  tool: new Set(['role', 'content', 'tool_call_id', 'name']),
};
const MISTRAL_ID = /^[a-zA-Z0-9]{9}$/;

function unprocessable(type: string, loc: Array<string | number>, msg: string, input: unknown): FlavorRejection {
  return { status: 422, body: { detail: [{ type, loc, msg, input }] } };
}

function checkMistral(body: Obj): FlavorRejection | undefined {
  for (const key of Object.keys(body)) {
    if (!MISTRAL_FIELDS.has(key)) return unprocessable('extra_forbidden', ['body', key], 'Extra inputs are not permitted', body[key]);
  }
  const messages = messagesOf(body);
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (!isObj(m)) continue;
    const allowed = MISTRAL_MESSAGE_FIELDS[String(m.role)];
    if (!allowed) {
      return unprocessable(
        'union_tag_invalid',
        ['body', 'messages', i],
        `Input tag '${String(m.role)}' found using 'role' does not match any of the expected tags: 'system', 'user', 'assistant', 'tool'`,
        m,
      );
    }
    for (const key of Object.keys(m)) {
      if (!allowed.has(key)) return unprocessable('extra_forbidden', ['body', 'messages', i, String(m.role), key], 'Extra inputs are not permitted', m[key]);
    }
    const ids: unknown[] = [];
    if (Array.isArray(m.tool_calls)) for (const call of m.tool_calls) ids.push(isObj(call) ? call.id : undefined);
    if (m.role === 'tool') ids.push(m.tool_call_id);
    for (const id of ids) {
      if (typeof id === 'string' && !MISTRAL_ID.test(id)) {
        return { status: 400, body: mistralErrorBody(400, `Tool call id was ${id} but must be a-z, A-Z, 0-9, with a length of 9.`) };
      }
    }
  }
  return undefined;
}

// --- Groq: documented 400s ---

function checkGroq(body: Obj): FlavorRejection | undefined {
  for (const key of ['logprobs', 'logit_bias', 'top_logprobs', 'stream_options']) {
    if (body[key] !== undefined && body[key] !== null && body[key] !== false) return bad(`property '${key}' is unsupported`, key, 'invalid_request_error');
  }
  if (body.n !== undefined && body.n !== null && body.n !== 1) return bad("'n' : number must be at most 1", 'n');
  const messages = messagesOf(body);
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (isObj(m) && m.name !== undefined)
      return bad(
        `'messages.${i}' : for 'role:${String(m.role)}' the following must be satisfied[('messages.${i}.name' : property 'name' is unsupported)]`,
        `messages.${i}.name`,
      );
  }
  return undefined;
}

// --- xAI: reasoning models refuse penalties and stop; some refuse reasoning_effort ---

function checkXai(body: Obj): FlavorRejection | undefined {
  const model = String(body.model);
  const reasoning = !model.includes('non-reasoning') && /grok-3-mini|grok-4|grok-code/.test(model);
  if (reasoning) {
    for (const key of ['presence_penalty', 'frequency_penalty', 'stop']) {
      if (body[key] !== undefined) return bad(`Argument not supported on this model: ${key}`, key);
    }
  }
  const takesEffort = model.includes('grok-3-mini') || /grok-4\.([3-9]|\d{2,})/.test(model);
  if (body.reasoning_effort !== undefined && !takesEffort) return bad(`Model ${model} does not support parameter reasoningEffort.`, 'reasoning_effort');
  if (model.includes('grok-3-mini') && body.reasoning_effort !== undefined && !['low', 'high'].includes(String(body.reasoning_effort)))
    return bad(`Invalid reasoning_effort '${String(body.reasoning_effort)}': expected 'low' or 'high'.`, 'reasoning_effort');
  return undefined;
}

// --- DeepSeek: tool-call turns must carry their reasoning back in thinking mode ---

function checkDeepseek(body: Obj): FlavorRejection | undefined {
  const thinking = isObj(body.thinking) ? body.thinking.type : undefined;
  const thinkingOn = thinking !== 'disabled' && (thinking === 'enabled' || String(body.model).includes('reasoner'));
  if (!thinkingOn) return undefined;
  const messages = messagesOf(body);
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i];
    if (isObj(m) && m.role === 'assistant' && Array.isArray(m.tool_calls) && m.tool_calls.length > 0 && typeof m.reasoning_content !== 'string') {
      return bad(`Missing \`reasoning_content\` field in the assistant message at message index ${i}`, `messages[${i}].reasoning_content`);
    }
  }
  return undefined;
}

// --- Perplexity: only its documented fields; user/assistant must alternate ---

const PERPLEXITY_REFUSED = ['tools', 'tool_choice', 'parallel_tool_calls', 'stop', 'seed', 'user', 'stream_options', 'n', 'logit_bias'];

function checkPerplexity(body: Obj): FlavorRejection | undefined {
  for (const key of PERPLEXITY_REFUSED) if (body[key] !== undefined) return bad(`Unsupported parameter: ${key}`, key);
  const turns = messagesOf(body).filter((m) => isObj(m) && m.role !== 'system');
  for (let i = 0; i < turns.length; i++) {
    const expected = i % 2 === 0 ? 'user' : 'assistant';
    if ((turns[i] as Obj).role !== expected) {
      return bad('After the (optional) system message(s), user and assistant roles should be alternating.', 'messages');
    }
  }
  return undefined;
}

// --- Ollama: image URLs are not fetched, only base64 data URLs ---

function checkOllama(body: Obj): FlavorRejection | undefined {
  for (const m of messagesOf(body)) {
    if (!isObj(m) || !Array.isArray(m.content)) continue;
    for (const part of m.content) {
      const image = isObj(part) && isObj(part.image_url) ? part.image_url.url : isObj(part) ? part.image_url : undefined;
      if (typeof image === 'string' && !image.startsWith('data:')) return bad('image URLs are not currently supported, please use base64 encoded data instead');
    }
  }
  return undefined;
}

// --- LM Studio: structured output is json_schema only ---

function checkLmstudio(body: Obj): FlavorRejection | undefined {
  const format = isObj(body.response_format) ? body.response_format.type : undefined;
  if (format !== undefined && format !== 'json_schema' && format !== 'text')
    return bad("'response_format.type' must be 'json_schema' or 'text'", 'response_format');
  return undefined;
}

// --- Azure: fields newer than the api-version are unrecognized ---

/** True when a dated api-version has a feature (previews from previewSince, GA from gaSince). */
function azureHas(version: string, previewSince: string, gaSince: string): boolean {
  const date = version.slice(0, 10);
  return version.endsWith('-preview') ? date >= previewSince : date >= gaSince;
}

function checkAzure(body: Obj, req: SimRequest): FlavorRejection | undefined {
  const version = req.query.get('api-version');
  if (!req.path.startsWith('/openai/deployments/') || !version) return undefined;
  const gates: Array<[string, boolean, string, string]> = [
    ['stream_options', body.stream_options !== undefined, '2024-09-01', '2024-10-22'],
    ['max_completion_tokens', body.max_completion_tokens !== undefined, '2024-09-01', '2024-10-21'],
    ['parallel_tool_calls', body.parallel_tool_calls !== undefined, '2024-09-01', '2024-10-21'],
    ['reasoning_effort', body.reasoning_effort !== undefined, '2024-12-01', '2024-10-22'],
    ['developer', messagesOf(body).some((m) => isObj(m) && m.role === 'developer'), '2024-12-01', '2024-10-22'],
    ['store', body.store !== undefined, '2024-12-01', '2024-10-22'],
    ['metadata', body.metadata !== undefined, '2024-12-01', '2024-10-22'],
    ['prediction', body.prediction !== undefined, '2025-01-01', '2024-10-22'],
    // Newer than every dated version: the v1 API only.
    ...(['verbosity', 'service_tier', 'prompt_cache_key', 'prompt_cache_retention', 'prompt_cache_options'] as const).map(
      (name): [string, boolean, string, string] => [name, body[name] !== undefined, '9999-12-31', '9999-12-31'],
    ),
  ];
  for (const [name, present, preview, ga] of gates) {
    if (present && !azureHas(version, preview, ga)) {
      return { status: 400, body: { error: { code: 'BadRequest', message: `Unrecognized request argument supplied: ${name}`, type: null, param: null } } };
    }
  }
  return undefined;
}

const MISTRAL_EMBEDDING_FIELDS = new Set(['model', 'input', 'output_dimension', 'output_dtype', 'encoding_format', 'metadata']);

/** Embeddings checks: Mistral's strict model (no `dimensions`, no `user`). */
export function checkFlavorEmbeddings(body: Obj, flavor: string): FlavorRejection | undefined {
  if (flavor !== 'mistral') return undefined;
  for (const key of Object.keys(body)) {
    if (!MISTRAL_EMBEDDING_FIELDS.has(key)) return unprocessable('extra_forbidden', ['body', key], 'Extra inputs are not permitted', body[key]);
  }
  return undefined;
}

/** Runs the flavor's own checks; undefined when the request passes them. */
export function checkFlavorRequest(body: unknown, flavor: string, req: SimRequest): FlavorRejection | undefined {
  if (!isObj(body)) return undefined;
  if (flavor === 'azure') return checkAzure(body, req);
  switch (flavor) {
    case 'mistral':
      return checkMistral(body);
    case 'groq':
      return checkGroq(body);
    case 'xai':
      return checkXai(body);
    case 'deepseek':
      return checkDeepseek(body);
    case 'perplexity':
      return checkPerplexity(body);
    case 'ollama':
      return checkOllama(body);
    case 'lmstudio':
      return checkLmstudio(body);
    default:
      return undefined;
  }
}

/**
 * Per-flavor rules of the OpenAI family: how each OpenAI-compatible vendor's answers differ from
 * OpenAI's (error envelope, where reasoning text goes, where stream usage goes, tool-call id form,
 * finish-reason vocabulary, extras such as Azure's content-filter annotations). Request checks
 * live in flavor-checks.ts. The plain OpenAI flavor ('' / 'openai') keeps OpenAI's behaviour.
 */
import type { SimReply } from '../../reply.js';
import { openaiErrorBody } from './errors.js';

type Obj = Record<string, unknown>;

/** How one flavor answers. */
export interface FlavorRules {
  /** Non-OpenAI top-level request fields this flavor accepts. */
  extraFields: ReadonlySet<string>;
  /** The flavor's error body for a status. */
  errorBody(status: number, message: string, param?: string | null, code?: string | null): unknown;
  /** Where reasoning text is shown: not at all, as a message field, as Mistral thinking chunks, or inline <think> tags. */
  reasoning: 'hidden' | 'reasoning_content' | 'reasoning' | 'thinking' | 'think-tags';
  /** Whether reasoning was asked for, when the flavor has its own switch. */
  reasoningRequested?(body: Obj): boolean;
  /**
   * Where stream usage goes: 'option' = OpenAI's extra chunk when stream_options.include_usage;
   * 'final-chunk' = always on the finish chunk; 'x_groq' = x_groq.usage of the finish chunk;
   * 'always' = always the extra chunk (OpenRouter).
   */
  streamUsage: 'option' | 'final-chunk' | 'x_groq' | 'always';
  /** The usage object. */
  usage(u: SimReply['usage']): Obj;
  /** Tool-call id as this vendor mints them. */
  toolCallId(id: string): string;
  /** finish_reason in the vendor's vocabulary. */
  finishReason(finish: SimReply['finish']): string;
  /** SSE comment lines sent before the first chunk (keep-alives). */
  streamComment?: string;
  /** Extra top-level fields of a non-streamed body (Azure prompt_filter_results, Perplexity citations). */
  bodyExtras?(): Obj;
  /** Extra fields of each choice (Azure content_filter_results). */
  choiceExtras?(): Obj;
  /** A local server that runs without a key (a sent key must still be a Bearer one). */
  keyOptional?: boolean;
  /** Whether asked-for logprobs come back in OpenAI's shape (false: the field stays null). */
  logprobs: boolean;
}

/** OpenAI's usage object. */
export function openaiUsage(u: SimReply['usage']): Obj {
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cachedInputTokens, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

const plainUsage = (u: SimReply['usage']): Obj => ({
  prompt_tokens: u.inputTokens,
  completion_tokens: u.outputTokens,
  total_tokens: u.inputTokens + u.outputTokens,
});

const SAFE = { filtered: false, severity: 'safe' };
const PROMPT_FILTER = { hate: SAFE, jailbreak: { filtered: false, detected: false }, self_harm: SAFE, sexual: SAFE, violence: SAFE };
const COMPLETION_FILTER = {
  hate: SAFE,
  protected_material_code: { filtered: false, detected: false },
  protected_material_text: { filtered: false, detected: false },
  self_harm: SAFE,
  sexual: SAFE,
  violence: SAFE,
};

/** Azure's prompt annotations, as on the first stream chunk and the non-streamed body. */
export const AZURE_PROMPT_FILTER_RESULTS = [{ prompt_index: 0, content_filter_results: PROMPT_FILTER }];
/** Azure's per-choice completion annotations. */
export const AZURE_COMPLETION_FILTER_RESULTS = COMPLETION_FILTER;

const OPENAI: FlavorRules = {
  extraFields: new Set(),
  errorBody: (status, message, param = null, code = null) => openaiErrorBody(status, message, param, code),
  reasoning: 'hidden',
  streamUsage: 'option',
  usage: openaiUsage,
  toolCallId: (id) => id,
  finishReason: (finish) => finish,
  logprobs: true,
};

/** Fields many compatible servers accept beyond OpenAI's own. */
const SAMPLING_EXTRAS = ['top_k', 'min_p', 'repetition_penalty'];

const COMPAT: FlavorRules = { ...OPENAI, extraFields: new Set(SAMPLING_EXTRAS), reasoning: 'reasoning_content' };

const effortOn = (body: Obj) => typeof body.reasoning_effort === 'string' && body.reasoning_effort !== 'none';
const objectField = (body: Obj, key: string): Obj | undefined => {
  const v = body[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
};

/** Mistral's flat error envelope. */
export function mistralErrorBody(status: number, message: string, param: string | null = null, code: string | null = null): Obj {
  return { object: 'error', message, type: status === 401 ? 'authentication_error' : 'invalid_request_error', param, code };
}

/** Mistral mints ids of exactly 9 letters and digits. */
function mistralId(id: string): string {
  return id
    .replace(/[^a-zA-Z0-9]/g, '')
    .slice(-9)
    .padStart(9, '0');
}

const RULES: Record<string, FlavorRules> = {
  '': OPENAI,
  openai: OPENAI,
  azure: {
    ...OPENAI,
    extraFields: new Set(['data_sources', 'user_security_context']),
    bodyExtras: () => ({ prompt_filter_results: AZURE_PROMPT_FILTER_RESULTS }),
    choiceExtras: () => ({ content_filter_results: COMPLETION_FILTER }),
  },
  groq: {
    ...COMPAT,
    extraFields: new Set(['reasoning_format', 'include_reasoning', 'search_settings', 'documents', 'citation_options', 'disable_tool_validation']),
    reasoning: 'reasoning',
    logprobs: false,
    streamUsage: 'x_groq',
    usage: (u) => ({ queue_time: 0.01, prompt_time: 0.001, completion_time: 0.005, total_time: 0.016, ...plainUsage(u) }),
  },
  together: {
    ...COMPAT,
    extraFields: new Set([...SAMPLING_EXTRAS, 'reasoning', 'echo', 'context_length_exceeded_behavior', 'safety_model', 'chat_template_kwargs']),
    reasoning: 'reasoning',
    reasoningRequested: (body) => effortOn(body) || objectField(body, 'reasoning')?.enabled === true,
    streamUsage: 'final-chunk',
    usage: plainUsage,
    finishReason: (finish) => (finish === 'stop' ? 'eos' : finish),
    // Together's logprobs are its own shape (a count in, numbers out); not rendered here.
    logprobs: false,
  },
  fireworks: {
    ...COMPAT,
    extraFields: new Set([...SAMPLING_EXTRAS, 'context_length_exceeded_behavior', 'chat_template_kwargs']),
    streamUsage: 'final-chunk',
    usage: plainUsage,
  },
  deepseek: {
    ...COMPAT,
    extraFields: new Set(['thinking']),
    reasoningRequested: (body) =>
      objectField(body, 'thinking')?.type !== 'disabled' &&
      (objectField(body, 'thinking')?.type === 'enabled' || String(body.model).includes('reasoner') || effortOn(body)),
    usage: (u) => ({
      ...plainUsage(u),
      prompt_cache_hit_tokens: u.cachedInputTokens,
      prompt_cache_miss_tokens: u.inputTokens - u.cachedInputTokens,
      completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
    }),
    streamComment: ': keep-alive\n\n',
  },
  xai: { ...COMPAT, extraFields: new Set() },
  openrouter: {
    ...COMPAT,
    extraFields: new Set([...SAMPLING_EXTRAS, 'top_a', 'reasoning', 'provider', 'models', 'transforms', 'usage']),
    reasoning: 'reasoning',
    reasoningRequested: (body) => effortOn(body) || objectField(body, 'reasoning') !== undefined,
    streamUsage: 'always',
    usage: (u) => ({ ...openaiUsage(u), cost: 0.0001 }),
    streamComment: ': OPENROUTER PROCESSING\n\n',
  },
  perplexity: {
    ...COMPAT,
    extraFields: new Set([
      'top_k',
      'search_domain_filter',
      'search_recency_filter',
      'return_images',
      'return_related_questions',
      'web_search_options',
      'search_mode',
    ]),
    reasoning: 'think-tags',
    logprobs: false,
    reasoningRequested: (body) => String(body.model).includes('reasoning') || effortOn(body),
    streamUsage: 'final-chunk',
    usage: (u) => ({ ...plainUsage(u), citation_tokens: 0, num_search_queries: 1 }),
    bodyExtras: () => ({
      citations: ['https://example.com/simulated-source'],
      search_results: [{ title: 'Simulated source', url: 'https://example.com/simulated-source', date: '2025-01-01' }],
    }),
  },
  ollama: { ...COMPAT, extraFields: new Set(['reasoning']), reasoning: 'reasoning', usage: plainUsage, keyOptional: true, logprobs: false },
  vllm: {
    ...COMPAT,
    extraFields: new Set([...SAMPLING_EXTRAS, 'chat_template_kwargs', 'guided_json', 'guided_choice', 'guided_regex']),
    reasoning: 'reasoning',
    keyOptional: true,
  },
  lmstudio: { ...COMPAT, keyOptional: true, logprobs: false },
  compat: { ...COMPAT, keyOptional: true },
  mistral: {
    ...OPENAI,
    extraFields: new Set(),
    errorBody: mistralErrorBody,
    reasoning: 'thinking',
    reasoningRequested: (body) => effortOn(body) || body.prompt_mode === 'reasoning',
    streamUsage: 'final-chunk',
    usage: plainUsage,
    toolCallId: mistralId,
    logprobs: false,
  },
};

/** Whether a request is Azure's: the azure flavor, or an unprefixed /openai/... path (Groq's base also holds /openai/v1). */
export function isAzureRequest(flavor: string, path: string): boolean {
  return flavor === 'azure' || (flavor === '' && path.startsWith('/openai/'));
}

/** The rules for a flavor. */
export function flavorRules(flavor: string): FlavorRules {
  return RULES[flavor] ?? COMPAT;
}

/**
 * How an OpenAI-compatible API differs from OpenAI's own Chat Completions. Presets (Groq,
 * Together, vLLM, ...) are a dialect plus a default base URL; the shared codec reads the dialect.
 */
import type { ChatRequest, ReasoningEffort } from '../../../core/types.js';
import type { ProviderSettings } from '../provider.js';

/** Differences from OpenAI that the shared codec must respect. */
export interface OpenAIDialect {
  /** Which field carries the output-token limit. */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
  /** Whether stream_options.include_usage is accepted (else usage must arrive unasked). */
  streamUsageOption: boolean;
  /** Whether the `developer` role is accepted (else it is sent as `system`). */
  developerRole: boolean;
  /** Optional parameters this API accepts; anything else present in a request is refused or dropped. */
  supports: {
    seed: boolean;
    topK: boolean;
    frequencyPenalty: boolean;
    presencePenalty: boolean;
    reasoningEffort: boolean;
    parallelToolCalls: boolean;
    jsonSchema: boolean;
    jsonObject: boolean;
    user: boolean;
    images: boolean;
    tools: boolean;
    toolChoiceRequired: boolean;
    stop: boolean;
    /** `name` on user messages (Groq and Mistral refuse it). Absent = supported. */
    messageName?: boolean;
    /** tool_choice other than the default 'auto' (Ollama ignores it). Absent = supported. */
    toolChoice?: boolean;
    /** logprobs and top_logprobs, answered in OpenAI's shape. */
    logprobs: boolean;
    logitBias: boolean;
    serviceTier: boolean;
    prediction: boolean;
    /** metadata (string tags on the call). */
    metadata: boolean;
    /** store: true (stored completions). */
    store: boolean;
    verbosity: boolean;
    promptCacheKey: boolean;
    /** The OpenAI-only fields of ChatRequest.openaiExtras (prompt_cache_retention, prompt_cache_options). */
    openaiExtras: boolean;
  };
  /** Value to send for tool_choice "required" (Mistral says "any"). */
  requiredToolChoice: 'required' | 'any';
  /** Field name for the seed (Mistral: random_seed). */
  seedField: 'seed' | 'random_seed';
  /** Where stream usage sits when not in `usage` (Groq: x_groq.usage); returns the raw usage object. */
  streamUsage?(chunk: Record<string, unknown>): unknown;
  /**
   * Vendor fields for a reasoning request, replacing `reasoning_effort` (DeepSeek's thinking toggle,
   * OpenRouter's reasoning object, value sets narrower than OpenAI's). May call dropOrReject.
   */
  encodeReasoning?(effort: ReasoningEffort, request: ChatRequest, settings: ProviderSettings): Record<string, unknown>;
  /** Vendor fields for a service tier, replacing `service_tier` (Groq's own tier names). May call dropOrReject. */
  encodeServiceTier?(tier: string, settings: ProviderSettings): Record<string, unknown>;
  /** Field on assistant tool-call turns that carries their reasoning back (DeepSeek requires it in thinking mode). */
  assistantReasoningField?: 'reasoning_content';
  /** Rewrites tool-call ids the API would refuse (Mistral: exactly 9 alphanumerics). Must be deterministic. */
  toolCallId?(id: string): string;
  /** Constant fields added to every chat body (Fireworks: context_length_exceeded_behavior). */
  extraBody?: Readonly<Record<string, unknown>>;
  /** Reasoning arrives inline in content between <think> and </think> (Perplexity's reasoning models). */
  thinkTags?: boolean;
}

/** OpenAI's own dialect: everything supported. */
export const OPENAI_DIALECT: OpenAIDialect = {
  maxTokensField: 'max_completion_tokens',
  streamUsageOption: true,
  developerRole: true,
  supports: {
    seed: true,
    topK: false,
    frequencyPenalty: true,
    presencePenalty: true,
    reasoningEffort: true,
    parallelToolCalls: true,
    jsonSchema: true,
    jsonObject: true,
    user: true,
    images: true,
    tools: true,
    toolChoiceRequired: true,
    stop: true,
    logprobs: true,
    logitBias: true,
    serviceTier: true,
    prediction: true,
    metadata: true,
    store: true,
    verbosity: true,
    promptCacheKey: true,
    openaiExtras: true,
  },
  requiredToolChoice: 'required',
  seedField: 'seed',
};

/**
 * The options that few APIs besides OpenAI's own take, switched off: vendors start from this and
 * switch on the ones their API documents.
 */
export const WITHOUT_OPENAI_OPTIONS = {
  serviceTier: false,
  prediction: false,
  metadata: false,
  store: false,
  verbosity: false,
  promptCacheKey: false,
  openaiExtras: false,
} as const satisfies Partial<OpenAIDialect['supports']>;

/** Changes to a dialect: any top-level field, and any subset of `supports`. */
export type DialectChanges = Partial<Omit<OpenAIDialect, 'supports'>> & { supports?: Partial<OpenAIDialect['supports']> };

/** A dialect derived from another with some fields changed. */
export function deriveDialect(base: OpenAIDialect, changes: DialectChanges): OpenAIDialect {
  return { ...base, ...changes, supports: { ...base.supports, ...changes.supports } };
}

/** A dialect derived from OpenAI's with some fields changed. */
export function dialectOf(changes: DialectChanges): OpenAIDialect {
  return deriveDialect(OPENAI_DIALECT, changes);
}

/**
 * How an OpenAI-compatible API differs from OpenAI's own Chat Completions. Presets (Groq,
 * Together, vLLM, ...) are a dialect plus a default base URL; the shared codec reads the dialect.
 */

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
  };
  /** Value to send for tool_choice "required" (Mistral says "any"). */
  requiredToolChoice: 'required' | 'any';
  /** Field name for the seed (Mistral: random_seed). */
  seedField: 'seed' | 'random_seed';
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
  },
  requiredToolChoice: 'required',
  seedField: 'seed',
};

/** A dialect derived from OpenAI's with some fields changed. */
export function dialectOf(changes: Partial<Omit<OpenAIDialect, 'supports'>> & { supports?: Partial<OpenAIDialect['supports']> }): OpenAIDialect {
  return {
    ...OPENAI_DIALECT,
    ...changes,
    supports: { ...OPENAI_DIALECT.supports, ...changes.supports },
  };
}

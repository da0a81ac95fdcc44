/**
 * The input format: LiteLLM's model_prices_and_context_window.json. Only the fields we read are
 * checked; unknown fields pass, since the upstream file gains new ones all the time and a new
 * field must not break a refresh. A field we read having the wrong type does fail the entry.
 */
import { z } from 'zod';

const perToken = z.number().nonnegative().optional();
const tokenCount = z.number().nonnegative().optional();
const flag = z.boolean().optional();

/** One model entry of the LiteLLM file (the fields we read). */
export const litellmEntrySchema = z.looseObject({
  litellm_provider: z.string().min(1),
  mode: z.string().optional(),
  max_input_tokens: tokenCount,
  max_output_tokens: tokenCount,
  input_cost_per_token: perToken,
  output_cost_per_token: perToken,
  cache_read_input_token_cost: perToken,
  cache_creation_input_token_cost: perToken,
  /** DeepSeek-style name for the cache-hit price, used when cache_read_input_token_cost is absent. */
  input_cost_per_token_cache_hit: perToken,
  output_cost_per_reasoning_token: perToken,
  input_cost_per_token_above_200k_tokens: perToken,
  output_cost_per_token_above_200k_tokens: perToken,
  cache_read_input_token_cost_above_200k_tokens: perToken,
  cache_creation_input_token_cost_above_200k_tokens: perToken,
  input_cost_per_token_above_128k_tokens: perToken,
  output_cost_per_token_above_128k_tokens: perToken,
  supports_function_calling: flag,
  supports_tool_choice: flag,
  supports_vision: flag,
  supports_response_schema: flag,
  supports_reasoning: flag,
  supports_prompt_caching: flag,
});

/** One model entry of the LiteLLM file. */
export type LitellmEntry = z.infer<typeof litellmEntrySchema>;

/** The documentation pseudo-entry at the top of the file. */
export const SAMPLE_SPEC_KEY = 'sample_spec';

/** Canonical ChatResponse / Usage → OpenAI chat.completion JSON. */
import type { ChatResponse, TokenAlternative, TokenLogprob, Usage } from '../../core/types.js';

/** OpenAI usage object with cached and reasoning details. */
export function encodeOpenAIUsage(usage: Usage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0, ...(usage.cacheWriteTokens ? { cache_write_tokens: usage.cacheWriteTokens } : {}) },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}

const alternative = (t: TokenAlternative) => ({ token: t.token, logprob: t.logprob, bytes: t.bytes ?? null });

/** Canonical token log-probabilities → OpenAI's ChatCompletionTokenLogprob list. */
export function encodeOpenAITokenLogprobs(tokens: TokenLogprob[]) {
  return tokens.map((t) => ({ ...alternative(t), top_logprobs: (t.top ?? []).map(alternative) }));
}

/**
 * The chat.completion body. Reasoning text goes in `reasoning_content` (the field DeepSeek and
 * most OpenAI-compatible clients read), so it is never lost on the way to an OpenAI client.
 */
export function encodeOpenAIChatResponse(response: ChatResponse) {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: response.text.length === 0 && response.toolCalls.length > 0 ? null : response.text,
    refusal: response.refusal ?? null,
  };
  if (response.reasoning) message.reasoning_content = response.reasoning;
  if (response.toolCalls.length > 0) {
    message.tool_calls = response.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  const logprobs =
    response.logprobs || response.refusalLogprobs
      ? {
          content: response.logprobs ? encodeOpenAITokenLogprobs(response.logprobs) : null,
          refusal: response.refusalLogprobs ? encodeOpenAITokenLogprobs(response.refusalLogprobs) : null,
        }
      : null;
  return {
    id: response.id.startsWith('chatcmpl') ? response.id : `chatcmpl-${response.id}`,
    object: 'chat.completion',
    created: response.created,
    model: response.model,
    choices: [{ index: 0, message, logprobs, finish_reason: response.finishReason === 'error' ? 'stop' : response.finishReason }],
    usage: encodeOpenAIUsage(response.usage),
    ...(response.serviceTier !== undefined ? { service_tier: response.serviceTier } : {}),
    ...(response.systemFingerprint !== undefined ? { system_fingerprint: response.systemFingerprint } : {}),
  };
}

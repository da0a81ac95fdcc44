/**
 * The OpenAI family's answers to injected faults: OpenAI's context_length_exceeded 400 (Chat
 * Completions and Responses word it differently), and Azure's filtered-prompt 400 for
 * fault=content_filter. Other flavors report a content filter as finish_reason "content_filter".
 */
import type { FamilyFaults } from '../../responder.js';
import { azureFilteredPrompt } from './access.js';
import type { FlavorRules } from './flavors.js';

/** The context window the simulator's models claim. */
const CONTEXT_TOKENS = 128_000;

/** Fault answers of Chat Completions in a flavor's error envelope. */
export function chatFaults(rules: FlavorRules, azure: boolean): FamilyFaults {
  return {
    error: (status, message) => ({ body: rules.errorBody(status, message) }),
    contextWindow: (inputTokens) => ({
      status: 400,
      body: rules.errorBody(
        400,
        `This model's maximum context length is ${CONTEXT_TOKENS} tokens. However, your messages resulted in ${CONTEXT_TOKENS + inputTokens} tokens. Please reduce the length of the messages.`,
        'messages',
        'context_length_exceeded',
      ),
    }),
    contentFilter: azure ? azureFilteredPrompt : undefined,
  };
}

/** Fault answers of the Responses API. */
export function responsesFaults(rules: FlavorRules, azure: boolean): FamilyFaults {
  return {
    error: (status, message) => ({ body: rules.errorBody(status, message) }),
    contextWindow: () => ({
      status: 400,
      body: rules.errorBody(
        400,
        'Your input exceeds the context window of this model. Please adjust your input and try again.',
        'input',
        'context_length_exceeded',
      ),
    }),
    contentFilter: azure ? azureFilteredPrompt : undefined,
  };
}

/** The ingress codecs the server offers, by format. */
import { anthropicIngress } from './anthropic/index.js';
import { openaiIngress } from './openai/index.js';

/** OpenAI chat at /v1/chat/completions and Anthropic messages at /v1/messages. */
export const INGRESSES = { openai: openaiIngress, anthropic: anthropicIngress } as const;

/** The ingress codecs the server offers, by format. */
import { openaiIngress } from './openai/index.js';

/** OpenAI chat at /v1/chat/completions and Anthropic messages at /v1/messages. */
export const INGRESSES = { openai: openaiIngress } as const;

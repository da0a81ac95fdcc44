/**
 * A conservative upper bound on a request's input tokens, for budget reservations. The tokenizers
 * of every major family (OpenAI's o200k/cl100k, Anthropic's, Llama's, Gemini's SentencePiece with
 * byte fallback) never make a token of less than one UTF-8 byte, so a text's byte length bounds its
 * tokens from above. To that are added the chat template's framing per message and tool, and a
 * fixed bound per image (2,000 tokens: above OpenAI's high-detail cost of a full-size image after
 * its resize, Anthropic's ~1,600 cap, and Gemini's 258 per image). The bound overstates English
 * text about fourfold; settlement books the actual usage, so only headroom near a cap is affected.
 */
import type { ChatRequest, ContentPart, EmbeddingsRequest, Message } from '../../core/types.js';

/** Template tokens per message: role markers and separators (real templates use 3-7). */
const PER_MESSAGE = 8;
/** Tokens that open the reply. */
const REPLY_PRIMING = 8;
/** Framing around a tool definition. */
const PER_TOOL = 16;
/** An image, whatever its size (see above). */
export const IMAGE_TOKEN_BOUND = 2_000;

function bytes(text: string | undefined): number {
  return text ? Buffer.byteLength(text, 'utf8') : 0;
}

function partBound(part: ContentPart): number {
  switch (part.type) {
    case 'text':
    case 'reasoning':
      return bytes(part.text);
    case 'image':
      return IMAGE_TOKEN_BOUND;
    default:
      return bytes(JSON.stringify(part.item));
  }
}

function messageBound(message: Message): number {
  let tokens = PER_MESSAGE;
  for (const part of message.content) tokens += partBound(part);
  if (message.role === 'assistant') {
    for (const call of message.toolCalls ?? []) tokens += PER_MESSAGE + bytes(call.name) + bytes(call.arguments);
    tokens += bytes(message.refusal);
  }
  return tokens;
}

/** Upper bound on a chat request's input tokens: messages, tools and a JSON-schema answer format. */
export function chatInputTokenBound(request: ChatRequest): number {
  let tokens = REPLY_PRIMING;
  for (const message of request.messages) tokens += messageBound(message);
  for (const tool of request.tools ?? []) tokens += PER_TOOL + bytes(tool.name) + bytes(tool.description) + bytes(JSON.stringify(tool.parameters));
  if (request.responseFormat?.type === 'json_schema') tokens += bytes(JSON.stringify(request.responseFormat.schema));
  return tokens;
}

/** Upper bound on an embeddings request's input tokens (a few framing tokens per input). */
export function embeddingsInputTokenBound(request: EmbeddingsRequest): number {
  let tokens = 0;
  for (const input of request.input) tokens += 4 + bytes(input);
  return tokens;
}

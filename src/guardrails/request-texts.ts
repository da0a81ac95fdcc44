/**
 * The texts of a chat-form request that input guards read, each with where it came from, and the
 * way back: rewritten texts are put into a copy of the request (messages are copied only where a
 * text changed, so history shared with a stored conversation is never modified in place).
 * Images are not read.
 */
import type { ChatRequest, ContentPart, Message, ToolCall } from '../core/types.js';
import type { GuardText, TextSource } from './engine.js';

/** One text of the request and where it sits. */
export interface RequestText extends GuardText {
  message: number;
  /** The content part's index, or -1 - the tool call's index for tool-call arguments. */
  part: number;
  /** Set when a guard rewrote it. */
  changed?: boolean;
}

function sourceOf(message: Message): TextSource {
  return message.role === 'developer' ? 'system' : message.role;
}

/** Every text of the request's messages: text parts, and the arguments of earlier tool calls. */
export function requestTexts(request: ChatRequest): RequestText[] {
  const texts: RequestText[] = [];
  const messages = request.messages;
  for (let m = 0; m < messages.length; m++) {
    const message = messages[m]!;
    const source = sourceOf(message);
    const content = message.content as ContentPart[];
    for (let p = 0; p < content.length; p++) {
      const part = content[p]!;
      if (part.type === 'text' && part.text.length > 0) texts.push({ text: part.text, source, message: m, part: p });
    }
    if (message.role === 'assistant' && message.toolCalls)
      for (let c = 0; c < message.toolCalls.length; c++) {
        const args = message.toolCalls[c]!.arguments;
        if (args.length > 0) texts.push({ text: args, source, message: m, part: -1 - c });
      }
  }
  return texts;
}

/** The request with the changed texts put back (the same object when none changed). */
export function withTexts(request: ChatRequest, texts: readonly RequestText[]): ChatRequest {
  if (!texts.some((t) => t.changed)) return request;
  const messages = request.messages.slice();
  const copied = new Set<number>();
  for (const text of texts) {
    if (!text.changed) continue;
    let message = messages[text.message]!;
    if (!copied.has(text.message)) {
      message = { ...message, content: message.content.slice() } as Message;
      if (message.role === 'assistant' && message.toolCalls) message.toolCalls = message.toolCalls.slice();
      messages[text.message] = message;
      copied.add(text.message);
    }
    if (text.part >= 0) {
      const content = message.content as ContentPart[];
      content[text.part] = { ...(content[text.part] as ContentPart & { type: 'text' }), text: text.text };
    } else {
      const calls = (message as { toolCalls: ToolCall[] }).toolCalls;
      const index = -1 - text.part;
      calls[index] = { ...calls[index]!, arguments: text.text };
    }
  }
  return { ...request, messages };
}

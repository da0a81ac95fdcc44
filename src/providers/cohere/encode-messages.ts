/** Canonical messages → Cohere v2 `messages[]` (system, user, assistant, tool). */
import type { AssistantMessage, ContentPart, Message, UserMessage } from '../../core/types.js';
import { dropOrReject } from '../spec/params.js';
import type { ProviderSettings } from '../spec/provider.js';

type Json = Record<string, unknown>;

function textOf(parts: ContentPart[]): string {
  let text = '';
  for (const part of parts) if (part.type === 'text') text += part.text;
  return text;
}

function reasoningOf(parts: ContentPart[]): string {
  let text = '';
  for (const part of parts) if (part.type === 'reasoning') text += part.text;
  return text;
}

function imageUrl(part: Extract<ContentPart, { type: 'image' }>): string {
  return part.url ?? `data:${part.mediaType ?? 'image/png'};base64,${part.data ?? ''}`;
}

function encodeUser(message: UserMessage, settings: ProviderSettings): Json {
  // Cohere's user message has no participant name; refuse rather than lose it unnoticed.
  if (message.name !== undefined) dropOrReject(settings, 'messages[].name');
  const parts = message.content;
  if (parts.every((p) => p.type === 'text')) return { role: 'user', content: textOf(parts) };
  const content: Json[] = [];
  for (const part of parts) {
    if (part.type === 'text') content.push({ type: 'text', text: part.text });
    else if (part.type === 'image') {
      content.push({ type: 'image_url', image_url: part.detail ? { url: imageUrl(part), detail: part.detail } : { url: imageUrl(part) } });
    }
    // Reasoning parts never occur in a valid user turn.
  }
  return { role: 'user', content };
}

function encodeAssistant(message: AssistantMessage): Json {
  const calls = message.toolCalls ?? [];
  // A refusal is what the assistant said, so it is replayed as its text.
  const text = textOf(message.content) || message.refusal || '';
  const reasoning = reasoningOf(message.content);
  const out: Json = { role: 'assistant' };
  if (calls.length > 0) {
    // The documented tool follow-up carries the model's plan in tool_plan next to tool_calls.
    if (reasoning) out.tool_plan = reasoning;
    if (text) out.content = text;
    out.tool_calls = calls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
    return out;
  }
  if (reasoning) {
    const content: Json[] = [{ type: 'thinking', thinking: reasoning }];
    if (text) content.push({ type: 'text', text });
    out.content = content;
  } else {
    out.content = text;
  }
  return out;
}

function encodeTool(message: Extract<Message, { role: 'tool' }>, settings: ProviderSettings): Json {
  if (message.content.some((p) => p.type === 'image')) {
    dropOrReject(settings, 'messages[].content[].image_url', 'is not supported in tool results');
  }
  // isError has no Cohere field; the error text itself is what the model sees.
  return { role: 'tool', tool_call_id: message.toolCallId, content: textOf(message.content) };
}

/** Encodes one canonical message; `developer` becomes `system` (Cohere has no developer role). */
export function encodeCohereMessage(message: Message, settings: ProviderSettings): Json {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textOf(message.content) };
    case 'user':
      return encodeUser(message, settings);
    case 'assistant':
      return encodeAssistant(message);
    case 'tool':
      return encodeTool(message, settings);
  }
}

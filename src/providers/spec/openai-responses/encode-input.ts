/**
 * Canonical messages → OpenAI Responses `instructions` and `input` items. System and developer
 * messages before the first turn become `instructions`; later ones stay in place as messages of
 * their role. Reasoning items and built-in tool items ride in the assistant's content parts, in
 * the order the model produced them, and go back as the items they were.
 */
import type { AssistantMessage, ContentPart, ImagePart, Message, ReasoningPart } from '../../../core/types.js';
import { dropOrReject } from '../params.js';
import type { ProviderSettings } from '../provider.js';

type Json = Record<string, unknown>;

/** The input half of a Responses request body. */
export interface EncodedInput {
  instructions?: string;
  input: Json[];
}

function textOf(parts: ContentPart[]): string {
  let text = '';
  for (const part of parts) if (part.type === 'text') text += part.text;
  return text;
}

function inputImage(part: ImagePart): Json {
  const url = part.url ?? `data:${part.mediaType ?? 'image/png'};base64,${part.data ?? ''}`;
  // The API lists detail as required on input images; 'auto' is its own default.
  return { type: 'input_image', image_url: url, detail: part.detail ?? 'auto' };
}

/**
 * A reasoning item as the API takes it back. With store: false upstream, the item is only
 * usable with its encrypted_content (an id alone names nothing the API kept), and reasoning from
 * other providers (Anthropic signatures, Gemini thoughts) has no Responses form: both are left out,
 * as the Chat Completions codec leaves all reasoning out.
 */
function reasoningItem(part: ReasoningPart): Json | undefined {
  if (!part.openaiReasoningId || !part.encryptedContent) return undefined;
  return {
    type: 'reasoning',
    id: part.openaiReasoningId,
    summary: part.text ? [{ type: 'summary_text', text: part.text }] : [],
    encrypted_content: part.encryptedContent,
  };
}

/**
 * Whether a native part is message content the canonical form lacks (an input_file, an image by
 * file_id, as the Responses ingress carries them) rather than an item of its own.
 */
function isInputContent(item: Json): boolean {
  return typeof item.type === 'string' && item.type.startsWith('input_');
}

/** A user, system or developer turn: its input parts, split around any native items it carries. */
function encodeInputMessage(role: string, parts: ContentPart[], out: Json[]): void {
  let content: Json[] = [];
  const flush = () => {
    if (content.length > 0) out.push({ type: 'message', role, content });
    content = [];
  };
  for (const part of parts) {
    if (part.type === 'text') content.push({ type: 'input_text', text: part.text });
    else if (part.type === 'image') content.push(inputImage(part));
    else if (part.type === 'native_item') {
      if (isInputContent(part.item)) content.push(part.item);
      else {
        flush();
        out.push(part.item);
      }
    }
    // Reasoning has no place in an input turn.
  }
  flush();
}

/** An assistant turn: reasoning, built-in tool items and text in content order, then its function calls. */
function encodeAssistant(message: AssistantMessage, out: Json[]): void {
  let text = '';
  const flush = (refusal?: string) => {
    const content: Json[] = [];
    if (text) content.push({ type: 'output_text', text, annotations: [] });
    if (refusal) content.push({ type: 'refusal', refusal });
    if (content.length > 0) out.push({ type: 'message', role: 'assistant', content });
    text = '';
  };
  for (const part of message.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'reasoning') {
      const item = reasoningItem(part);
      if (item) {
        flush();
        out.push(item);
      }
    } else if (part.type === 'native_item') {
      flush();
      out.push(part.item);
    }
    // An image in an assistant turn has no Responses form; valid input has none.
  }
  flush(message.refusal);
  for (const call of message.toolCalls ?? []) out.push({ type: 'function_call', call_id: call.id, name: call.name, arguments: call.arguments });
}

/** The output of a tool call: its text, or input parts when it carries images or files. */
function toolOutput(parts: ContentPart[]): string | Json[] {
  if (!parts.some((part) => part.type === 'image' || part.type === 'native_item')) return textOf(parts);
  const out: Json[] = [];
  for (const part of parts) {
    if (part.type === 'text') out.push({ type: 'input_text', text: part.text });
    else if (part.type === 'image') out.push(inputImage(part));
    else if (part.type === 'native_item' && isInputContent(part.item)) out.push(part.item);
  }
  return out;
}

/** Encodes the conversation; `messages[].name` has no Responses field and is refused (or dropped). */
export function encodeInput(messages: readonly Message[], settings: ProviderSettings): EncodedInput {
  const instructions: string[] = [];
  const input: Json[] = [];
  let leading = true;
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        if (leading) instructions.push(textOf(message.content));
        else encodeInputMessage(message.role, message.content, input);
        continue;
      case 'user':
        if (message.name) dropOrReject(settings, 'messages[].name');
        encodeInputMessage('user', message.content, input);
        break;
      case 'assistant':
        encodeAssistant(message, input);
        break;
      case 'tool':
        input.push({ type: 'function_call_output', call_id: message.toolCallId, output: toolOutput(message.content) });
        break;
    }
    leading = false;
  }
  return instructions.length > 0 ? { instructions: instructions.join('\n\n'), input } : { input };
}

/** Whether the conversation carries encrypted reasoning back (so the answer should carry it on). */
export function carriesEncryptedReasoning(messages: readonly Message[]): boolean {
  return messages.some((m) => m.role === 'assistant' && m.content.some((part) => part.type === 'reasoning' && part.encryptedContent !== undefined));
}

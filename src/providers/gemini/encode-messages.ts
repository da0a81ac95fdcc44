/**
 * Canonical messages → Gemini `contents` and `systemInstruction`. Gemini knows two roles (user,
 * model); tool results are `functionResponse` parts in a user turn and are matched to calls by
 * function name, so names are looked up from the assistant tool calls that came before.
 */
import { invalidRequest } from '../../core/errors.js';
import type { ContentPart, ImagePart, Message, ToolCall, ToolMessage } from '../../core/types.js';
import { asObject, tryParseJson } from '../spec/json.js';
import { dropOrReject } from '../spec/params.js';
import type { ProviderSettings } from '../spec/provider.js';

/** A Gemini Part as sent on the wire. */
export type GeminiPart = Record<string, unknown>;

/** A Gemini Content (one turn). */
export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

/** The message-derived part of a Gemini request. */
export interface EncodedMessages {
  contents: GeminiContent[];
  systemInstruction?: { parts: GeminiPart[] };
}

function encodeImage(part: ImagePart, settings: ProviderSettings, param: string): GeminiPart | undefined {
  if (part.data !== undefined) {
    if (!part.mediaType) throw invalidRequest('An inline image needs a media type.', param);
    return { inlineData: { mimeType: part.mediaType, data: part.data } };
  }
  // The gateway inlines remote images before encoding (capability images: 'inline'); one that
  // still arrives as a URL cannot be fetched by Gemini.
  dropOrReject(settings, 'image_url', 'must be sent inline (remote image URLs are not fetched)');
  return undefined;
}

function encodeUserParts(content: ContentPart[], settings: ProviderSettings, param: string): GeminiPart[] {
  const parts: GeminiPart[] = [];
  content.forEach((part, j) => {
    if (part.type === 'text') {
      if (part.text !== '') parts.push({ text: part.text });
    } else if (part.type === 'image') {
      const image = encodeImage(part, settings, `${param}[${j}]`);
      if (image) parts.push(image);
    }
    // Reasoning parts only have meaning in model turns; a user turn cannot carry thoughts.
  });
  return parts;
}

function encodeToolCall(call: ToolCall, param: string): GeminiPart {
  const text = call.arguments.trim();
  const parsed = text === '' ? {} : tryParseJson(text);
  const args = asObject(parsed);
  if (!args) throw invalidRequest(`Tool call arguments must be a JSON object for Gemini (call '${call.id}').`, param);
  const part: GeminiPart = { functionCall: { name: call.name, args } };
  if (call.signature) part.thoughtSignature = call.signature;
  return part;
}

function encodeModelParts(message: Extract<Message, { role: 'assistant' }>, settings: ProviderSettings, param: string): GeminiPart[] {
  const parts: GeminiPart[] = [];
  message.content.forEach((part, j) => {
    if (part.type === 'text') {
      if (part.text !== '') parts.push({ text: part.text });
    } else if (part.type === 'reasoning') {
      // Thought summaries go back as thought parts so their signature stays on the same part;
      // a signature without text is replayed as Gemini sent it (an empty text part).
      if (part.text !== '') {
        const thought: GeminiPart = { text: part.text, thought: true };
        if (part.signature) thought.thoughtSignature = part.signature;
        parts.push(thought);
      } else if (part.signature) {
        parts.push({ text: '', thoughtSignature: part.signature });
      }
    } else if (part.type === 'image') {
      const image = encodeImage(part, settings, `${param}.content[${j}]`);
      if (image) parts.push(image);
    }
  });
  if (message.refusal && !parts.some((p) => typeof p.text === 'string' && p.thought !== true)) parts.push({ text: message.refusal });
  for (const [k, call] of (message.toolCalls ?? []).entries()) parts.push(encodeToolCall(call, `${param}.tool_calls[${k}].function.arguments`));
  return parts;
}

function toolResultText(message: ToolMessage, settings: ProviderSettings): string {
  let text = '';
  for (const part of message.content) {
    if (part.type === 'text') text += part.text;
    // functionResponse holds JSON only; images are refused unless dropping is configured.
    else if (part.type === 'image') dropOrReject(settings, 'tool_result_images', 'cannot carry images in tool results');
  }
  return text;
}

function encodeToolResult(message: ToolMessage, name: string, settings: ProviderSettings): GeminiPart {
  const text = toolResultText(message, settings);
  // `response` must be a JSON object: a JSON object result is sent as is, anything else wrapped.
  const parsed = asObject(tryParseJson(text));
  const response = message.isError ? { error: parsed ?? text } : (parsed ?? { output: text });
  return { functionResponse: { name, response } };
}

// Consecutive turns of one role are merged: Gemini expects parallel function responses in one
// user turn, and some models reject two user (or model) turns in a row.
function pushTurn(contents: GeminiContent[], role: GeminiContent['role'], parts: GeminiPart[]): void {
  if (parts.length === 0) return;
  const last = contents[contents.length - 1];
  if (last && last.role === role) last.parts.push(...parts);
  else contents.push({ role, parts });
}

/** Encodes the conversation. Throws 400 for a tool result whose call id was never issued. */
export function encodeMessages(messages: Message[], settings: ProviderSettings): EncodedMessages {
  const contents: GeminiContent[] = [];
  const systemParts: GeminiPart[] = [];
  const callNames = new Map<string, string>();
  messages.forEach((message, i) => {
    const param = `messages[${i}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        for (const part of message.content) if (part.text !== '') systemParts.push({ text: part.text });
        break;
      case 'user':
        pushTurn(contents, 'user', encodeUserParts(message.content, settings, `${param}.content`));
        break;
      case 'assistant':
        for (const call of message.toolCalls ?? []) callNames.set(call.id, call.name);
        pushTurn(contents, 'model', encodeModelParts(message, settings, param));
        break;
      case 'tool': {
        const name = callNames.get(message.toolCallId);
        if (name === undefined) {
          throw invalidRequest(`No earlier assistant tool call has id '${message.toolCallId}'.`, `${param}.tool_call_id`);
        }
        pushTurn(contents, 'user', [encodeToolResult(message, name, settings)]);
        break;
      }
    }
  });
  if (contents.length === 0) throw invalidRequest('Gemini needs at least one user or assistant message with content.', 'messages');
  return systemParts.length > 0 ? { contents, systemInstruction: { parts: systemParts } } : { contents };
}

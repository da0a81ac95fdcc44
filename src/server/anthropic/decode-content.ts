/** Anthropic content blocks → canonical content parts, tool calls and tool results. */
import { GatewayError } from '../../core/errors.js';
import type { ContentPart, ImagePart, TextPart, ToolCall, ToolMessage } from '../../core/types.js';
import { isValidBase64 } from '../image-url.js';
import { bad, cacheControl, type Json, object, onlyKeys, string, unsupported } from './validate.js';

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

function badImage(param: string, reason: string): GatewayError {
  return new GatewayError('invalid_image', 400, `${param}: ${reason}`, { param });
}

/** A text block; empty text is rejected as Anthropic does. */
export function decodeText(block: Json, param: string): TextPart {
  onlyKeys(block, ['type', 'text', 'cache_control', 'citations'], param);
  const text = string(block.text, `${param}.text`);
  if (text === '') throw bad(`${param}.text`, 'text content blocks must be non-empty');
  if (block.citations !== undefined && block.citations !== null && !(Array.isArray(block.citations) && block.citations.length === 0)) {
    throw unsupported(`${param}.citations`, 'citations on input text');
  }
  const part: TextPart = { type: 'text', text };
  const cache = cacheControl(block.cache_control, `${param}.cache_control`);
  if (cache) part.cacheControl = cache;
  return part;
}

/**
 * An image block from base64 or a URL. Its cache_control has no canonical slot and is
 * dropped: a cache hint changes cost, never the answer.
 */
export function decodeImage(block: Json, param: string): ImagePart {
  onlyKeys(block, ['type', 'source', 'cache_control'], param);
  cacheControl(block.cache_control, `${param}.cache_control`);
  const source = object(block.source, `${param}.source`);
  if (source.type === 'base64') {
    onlyKeys(source, ['type', 'media_type', 'data'], `${param}.source`);
    const mediaType = string(source.media_type, `${param}.source.media_type`);
    if (!IMAGE_TYPES.includes(mediaType)) {
      throw badImage(`${param}.source.media_type`, `Input should be ${IMAGE_TYPES.map((t) => `'${t}'`).join(', ')}`);
    }
    const data = string(source.data, `${param}.source.data`);
    if (!isValidBase64(data)) throw badImage(`${param}.source.data`, 'image data must be valid base64 without a data: prefix');
    return { type: 'image', data, mediaType };
  }
  if (source.type === 'url') {
    onlyKeys(source, ['type', 'url'], `${param}.source`);
    const url = string(source.url, `${param}.source.url`);
    if (!/^https?:\/\//i.test(url)) throw badImage(`${param}.source.url`, 'image URLs must be http(s) URLs');
    return { type: 'image', url };
  }
  if (source.type === 'file') throw unsupported(`${param}.source`, 'file image sources (Files API)');
  throw bad(`${param}.source.type`, "Input should be 'base64' or 'url'");
}

/** A tool_result block → a canonical tool message. */
export function decodeToolResult(block: Json, param: string): ToolMessage {
  onlyKeys(block, ['type', 'tool_use_id', 'content', 'is_error', 'cache_control'], param);
  const toolCallId = string(block.tool_use_id, `${param}.tool_use_id`);
  const content: ContentPart[] = [];
  if (typeof block.content === 'string') {
    if (block.content !== '') content.push({ type: 'text', text: block.content });
  } else if (Array.isArray(block.content)) {
    block.content.forEach((item, k) => {
      const inner = object(item, `${param}.content.${k}`);
      if (inner.type === 'text') content.push(decodeText(inner, `${param}.content.${k}`));
      else if (inner.type === 'image') content.push(decodeImage(inner, `${param}.content.${k}`));
      else throw unsupported(`${param}.content.${k}.type`, `tool_result content of type '${String(inner.type)}'`);
    });
  } else if (block.content !== undefined && block.content !== null) {
    throw bad(`${param}.content`, 'Input should be a valid string or list');
  }
  // The breakpoint of the whole result lands on its last text part, which ends the same prefix.
  const cache = cacheControl(block.cache_control, `${param}.cache_control`);
  const lastText = [...content].reverse().find((p): p is TextPart => p.type === 'text');
  if (cache && lastText) lastText.cacheControl = cache;
  const message: ToolMessage = { role: 'tool', toolCallId, content };
  if (block.is_error !== undefined) {
    if (typeof block.is_error !== 'boolean') throw bad(`${param}.is_error`, 'Input should be a valid boolean');
    if (block.is_error) message.isError = true;
  }
  return message;
}

/** A tool_use block from assistant history → a canonical tool call. */
export function decodeToolUse(block: Json, param: string): ToolCall {
  onlyKeys(block, ['type', 'id', 'name', 'input', 'cache_control', 'caller'], param);
  cacheControl(block.cache_control, `${param}.cache_control`);
  const id = string(block.id, `${param}.id`);
  const name = string(block.name, `${param}.name`);
  const input = object(block.input, `${param}.input`);
  return { id, name, arguments: JSON.stringify(input) };
}

/** thinking / redacted_thinking blocks, kept byte-exact with their signature. */
export function decodeThinking(block: Json, param: string): ContentPart {
  if (block.type === 'redacted_thinking') {
    onlyKeys(block, ['type', 'data'], param);
    return { type: 'reasoning', text: '', redactedData: string(block.data, `${param}.data`) };
  }
  onlyKeys(block, ['type', 'thinking', 'signature'], param);
  return { type: 'reasoning', text: string(block.thinking, `${param}.thinking`), signature: string(block.signature, `${param}.signature`) };
}

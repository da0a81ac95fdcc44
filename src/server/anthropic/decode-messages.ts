/** Anthropic `system` and `messages` → canonical messages. */
import type { AssistantMessage, ContentPart, Message, SystemMessage, ToolMessage } from '../../core/types.js';
import { decodeImage, decodeText, decodeThinking, decodeToolResult, decodeToolUse } from './decode-content.js';
import { array, bad, object, onlyKeys, unsupported } from './validate.js';

/** `system` as a string or a list of text blocks. */
export function decodeSystem(value: unknown): SystemMessage | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value === '' ? undefined : { role: 'system', content: [{ type: 'text', text: value }] };
  const blocks = array(value, 'system');
  const content = blocks.map((item, j) => {
    const block = object(item, `system.${j}`);
    if (block.type !== 'text') throw bad(`system.${j}.type`, "Input should be 'text'");
    return decodeText(block, `system.${j}`);
  });
  return content.length > 0 ? { role: 'system', content } : undefined;
}

function decodeUser(blocks: unknown[], param: string): Message[] {
  const toolMessages: ToolMessage[] = [];
  const parts: ContentPart[] = [];
  blocks.forEach((item, j) => {
    const path = `${param}.content.${j}`;
    const block = object(item, path);
    switch (block.type) {
      case 'text':
        parts.push(decodeText(block, path));
        break;
      case 'image':
        parts.push(decodeImage(block, path));
        break;
      case 'tool_result':
        toolMessages.push(decodeToolResult(block, path));
        break;
      case 'tool_use':
      case 'thinking':
      case 'redacted_thinking':
        throw bad(`${path}.type`, `${block.type} blocks are only allowed in assistant messages`);
      default:
        throw unsupported(`${path}.type`, `content block type '${String(block.type)}'`);
    }
  });
  // Tool results answer the previous assistant turn, so they come before the user's own text.
  return parts.length > 0 ? [...toolMessages, { role: 'user', content: parts }] : toolMessages;
}

function decodeAssistant(blocks: unknown[], param: string): AssistantMessage {
  const message: AssistantMessage = { role: 'assistant', content: [] };
  blocks.forEach((item, j) => {
    const path = `${param}.content.${j}`;
    const block = object(item, path);
    switch (block.type) {
      case 'text':
        message.content.push(decodeText(block, path));
        break;
      case 'thinking':
      case 'redacted_thinking':
        message.content.push(decodeThinking(block, path));
        break;
      case 'tool_use':
        (message.toolCalls ??= []).push(decodeToolUse(block, path));
        break;
      case 'image':
      case 'tool_result':
        throw bad(`${path}.type`, `${block.type} blocks are only allowed in user messages`);
      default:
        throw unsupported(`${path}.type`, `content block type '${String(block.type)}'`);
    }
  });
  return message;
}

/** Validates and decodes `messages`. Tool results inside user turns become canonical tool messages. */
export function decodeMessages(value: unknown): Message[] {
  const items = array(value, 'messages');
  if (items.length === 0) throw bad('messages', 'at least one message is required');
  const out: Message[] = [];
  items.forEach((item, i) => {
    const param = `messages.${i}`;
    const msg = object(item, param);
    onlyKeys(msg, ['role', 'content'], param);
    if (msg.role !== 'user' && msg.role !== 'assistant') throw bad(`${param}.role`, "Input should be 'user' or 'assistant'");
    if (msg.content === undefined) throw bad(`${param}.content`, 'Field required');
    const blocks = typeof msg.content === 'string' ? (msg.content === '' ? [] : [{ type: 'text', text: msg.content }]) : msg.content;
    if (!Array.isArray(blocks)) throw bad(`${param}.content`, 'Input should be a valid string or list');
    const finalAssistant = i === items.length - 1 && msg.role === 'assistant';
    if (blocks.length === 0 && !finalAssistant) {
      throw bad(param, 'all messages must have non-empty content except for the optional final assistant message');
    }
    if (msg.role === 'user') out.push(...decodeUser(blocks, param));
    else if (blocks.length > 0) out.push(decodeAssistant(blocks, param));
  });
  return out;
}

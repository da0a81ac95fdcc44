/**
 * Canonical messages → Anthropic `system` + `messages`. System and developer messages move to the
 * top-level system field; tool results become user tool_result blocks; consecutive same-role
 * turns are merged so the conversation alternates user/assistant as Anthropic expects.
 */
import { invalidRequest } from '../../core/errors.js';
import type { AssistantMessage, Message, TextPart, ToolMessage } from '../../core/types.js';
import { tryParseJson } from '../spec/json.js';
import { type Block, encodeText, encodeUserParts } from './encode-content.js';

/** One Anthropic conversation turn. */
export interface AnthropicTurn {
  role: 'user' | 'assistant';
  content: Block[];
}

/** The encoded conversation. */
export interface EncodedConversation {
  system?: string | Block[];
  messages: AnthropicTurn[];
}

function encodeSystem(parts: TextPart[]): string | Block[] | undefined {
  const blocks = parts.map(encodeText).filter((b): b is Block => b !== undefined);
  if (blocks.length === 0) return undefined;
  // A plain string is the common form; blocks are needed only to carry cache breakpoints.
  if (parts.some((p) => p.cacheControl)) return blocks;
  return blocks.map((b) => b.text as string).join('\n\n');
}

function encodeAssistant(message: AssistantMessage, param: string): Block[] {
  const blocks: Block[] = [];
  for (const part of message.content) {
    if (part.type === 'reasoning') {
      if (part.redactedData !== undefined) blocks.push({ type: 'redacted_thinking', data: part.redactedData });
      // Anthropic verifies thinking by its signature; unsigned reasoning (from another provider)
      // cannot be replayed, and the API works without it, so it stays out of the history.
      else if (part.signature) blocks.push({ type: 'thinking', thinking: part.text, signature: part.signature });
    } else if (part.type === 'text') {
      const block = encodeText(part);
      if (block) blocks.push(block);
    } else {
      throw invalidRequest('Images are not allowed in assistant messages for Anthropic.', `${param}.content`);
    }
  }
  if (!blocks.some((b) => b.type === 'text') && message.refusal) blocks.push({ type: 'text', text: message.refusal });
  (message.toolCalls ?? []).forEach((call, k) => {
    const input = call.arguments.trim() === '' ? {} : tryParseJson(call.arguments);
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw invalidRequest('Tool call arguments must be a JSON object.', `${param}.tool_calls[${k}].arguments`);
    }
    blocks.push({ type: 'tool_use', id: call.id, name: call.name, input });
  });
  return blocks;
}

function encodeToolResult(message: ToolMessage, param: string): Block {
  const block: Block = { type: 'tool_result', tool_use_id: message.toolCallId };
  const content = encodeUserParts(message.content, `${param}.content`);
  const only = content[0];
  if (content.length === 1 && only?.type === 'text' && !only.cache_control) block.content = only.text;
  else if (content.length > 0) block.content = content;
  if (message.isError) block.is_error = true;
  return block;
}

/** Encodes the conversation. Throws a 400 naming the message at fault. */
export function encodeMessages(messages: Message[]): EncodedConversation {
  const systemParts: TextPart[] = [];
  const turns: AnthropicTurn[] = [];
  const push = (role: AnthropicTurn['role'], blocks: Block[]) => {
    if (blocks.length === 0) return;
    const last = turns[turns.length - 1];
    if (last?.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  };

  messages.forEach((message, i) => {
    const param = `messages[${i}]`;
    switch (message.role) {
      case 'system':
      case 'developer':
        systemParts.push(...message.content);
        break;
      case 'user':
        push('user', encodeUserParts(message.content, `${param}.content`));
        break;
      case 'assistant':
        push('assistant', encodeAssistant(message, param));
        break;
      case 'tool':
        push('user', [encodeToolResult(message, param)]);
        break;
    }
  });

  // tool_result blocks must open the user turn that answers a tool_use turn.
  for (const turn of turns) {
    if (turn.role !== 'user') continue;
    const results = turn.content.filter((b) => b.type === 'tool_result');
    if (results.length > 0) turn.content = [...results, ...turn.content.filter((b) => b.type !== 'tool_result')];
  }
  if (turns.length === 0) throw invalidRequest('At least one non-empty user or assistant message is required.', 'messages');

  const system = encodeSystem(systemParts);
  return system === undefined ? { messages: turns } : { system, messages: turns };
}

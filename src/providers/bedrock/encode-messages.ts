/**
 * Canonical messages → Converse `system` and `messages`. Converse wants strictly alternating
 * user/assistant turns, so consecutive turns of one side are merged, and tool results (which
 * Converse carries in user turns) merge with each other and with user text that follows them.
 */
import { invalidRequest } from '../../core/errors.js';
import type { AssistantMessage, Message, ToolMessage } from '../../core/types.js';
import { encodeReasoning, encodeText, encodeUserParts } from './encode-content.js';

type Json = Record<string, unknown>;

/** The encoded conversation and what the tool configuration needs to know about it. */
export interface EncodedConversation {
  system: Json[];
  messages: Json[];
  /** Tool names used by toolUse blocks in the history, in order of first use. */
  historyToolNames: string[];
  /** True when the history holds toolUse or toolResult blocks (Converse then needs toolConfig). */
  hasToolBlocks: boolean;
}

/**
 * A ToolUseId Converse accepts ([a-zA-Z0-9_.:-], 1–64 chars). Ids from other providers are
 * rewritten the same way in toolUse and toolResult blocks, so the pair still matches.
 */
export function toolUseIdFor(id: string): string {
  const clean = id.replace(/[^a-zA-Z0-9_.:-]/g, '_').slice(0, 64);
  return clean.length > 0 ? clean : 'tool_call';
}

function parseArguments(text: string, param: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw invalidRequest('Tool call arguments must be valid JSON to be sent to Bedrock.', param);
  }
}

function assistantBlocks(message: AssistantMessage, index: number): Json[] {
  const reasoning: Json[] = [];
  const rest: Json[] = [];
  for (const part of message.content) {
    if (part.type === 'reasoning') {
      const block = encodeReasoning(part);
      if (block) reasoning.push(block);
    } else if (part.type === 'text') encodeText(part, rest);
    // Images never appear in assistant turns of valid canonical input.
  }
  if (rest.length === 0 && message.refusal) rest.push({ text: message.refusal });
  (message.toolCalls ?? []).forEach((call, j) => {
    rest.push({
      toolUse: {
        toolUseId: toolUseIdFor(call.id),
        name: call.name,
        input: parseArguments(call.arguments, `messages[${index}].tool_calls[${j}].function.arguments`),
      },
    });
  });
  // Claude requires thinking blocks to open the assistant turn.
  return [...reasoning, ...rest];
}

function toolResultBlock(message: ToolMessage, index: number): Json {
  const result: Json = {
    toolUseId: toolUseIdFor(message.toolCallId),
    content: encodeUserParts(message.content, `messages[${index}].content`),
  };
  // status is only sent for errors: several non-Claude models reject the field altogether.
  if (message.isError) result.status = 'error';
  return { toolResult: result };
}

/** Encodes the conversation. */
export function encodeConversation(messages: Message[]): EncodedConversation {
  const system: Json[] = [];
  const out: Array<{ role: 'user' | 'assistant'; content: Json[] }> = [];
  const historyToolNames: string[] = [];
  let hasToolBlocks = false;

  function append(role: 'user' | 'assistant', blocks: Json[]): void {
    const last = out[out.length - 1];
    if (last && last.role === role) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  }

  messages.forEach((message, i) => {
    switch (message.role) {
      case 'system':
      case 'developer':
        for (const part of message.content) encodeText(part, system);
        break;
      case 'user':
        append('user', encodeUserParts(message.content, `messages[${i}].content`));
        break;
      case 'tool':
        hasToolBlocks = true;
        append('user', [toolResultBlock(message, i)]);
        break;
      case 'assistant':
        for (const call of message.toolCalls ?? []) {
          hasToolBlocks = true;
          if (!historyToolNames.includes(call.name)) historyToolNames.push(call.name);
        }
        append('assistant', assistantBlocks(message, i));
        break;
    }
  });
  return { system, messages: out, historyToolNames, hasToolBlocks };
}

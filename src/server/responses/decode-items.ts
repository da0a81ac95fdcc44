/**
 * Responses input items → canonical messages. Messages map by role; a run of assistant-side items
 * (an assistant message, reasoning, function calls, built-in tool items) becomes one assistant
 * turn, the way Chat Completions has text and tool calls in one message; function_call_output
 * becomes a tool message. Items the canonical form does not model (web_search_call, mcp_call, ...)
 * and item_reference ride verbatim as native parts, for a provider with a Responses API (or the
 * store, for references) to handle. The same decoder reads stored turns for previous_response_id.
 */
import { invalidRequest } from '../../core/errors.js';
import type { AssistantMessage, Message, ReasoningPart } from '../../core/types.js';
import { decodeAssistantContent, decodeInstructionContent, decodeUserContent, isObj } from './decode-content.js';
import { unpackReasoning } from './reasoning-carrier.js';

type Obj = Record<string, unknown>;

/** The canonical messages of a list of items, and how many item_references it holds. */
export interface DecodedItems {
  messages: Message[];
  references: number;
}

/** An item type the gateway may carry verbatim: lower-case words, as OpenAI names them. */
const ITEM_TYPE = /^[a-z][a-z0-9_.]{0,63}$/;

function requiredString(item: Obj, key: string, path: string): string {
  const value = item[key];
  if (typeof value !== 'string' || value.length === 0) throw invalidRequest(`'${path}.${key}' is required and must be a non-empty string.`, `${path}.${key}`);
  return value;
}

function texts(list: unknown, kind: string, path: string): string[] | undefined {
  if (list === undefined || list === null) return undefined;
  if (!Array.isArray(list)) throw invalidRequest(`'${path}' must be an array.`, path);
  return list.map((part, i) => {
    if (!isObj(part) || part.type !== kind || typeof part.text !== 'string') {
      throw invalidRequest(`'${path}[${i}]' must be {"type":"${kind}","text":"..."}.`, `${path}[${i}]`);
    }
    return part.text;
  });
}

/** Builds the assistant turn a run of assistant-side items makes. */
class AssistantRun {
  message: AssistantMessage | undefined;
  private callSignatures: Record<string, string> | undefined;

  constructor(private readonly messages: Message[]) {}

  open(): AssistantMessage {
    if (!this.message) {
      this.message = { role: 'assistant', content: [] };
      this.messages.push(this.message);
    }
    return this.message;
  }

  signatures(signatures: Record<string, string>): void {
    this.callSignatures = { ...this.callSignatures, ...signatures };
  }

  /** Ends the run: function calls get the thought signatures carried for them. */
  close(): void {
    const signatures = this.callSignatures;
    if (this.message && signatures) {
      for (const call of this.message.toolCalls ?? []) if (Object.hasOwn(signatures, call.id)) call.signature = signatures[call.id];
    }
    this.message = undefined;
    this.callSignatures = undefined;
  }
}

function decodeReasoning(item: Obj, path: string, run: AssistantRun): void {
  const content = texts(item.content, 'reasoning_text', `${path}.content`);
  const summary = texts(item.summary, 'summary_text', `${path}.summary`);
  const part: ReasoningPart = { type: 'reasoning', text: (content ?? summary ?? []).join('\n\n') };
  if (item.id !== undefined && item.id !== null && typeof item.id !== 'string') throw invalidRequest(`'${path}.id' must be a string.`, `${path}.id`);
  const target = run.open();
  const encrypted = item.encrypted_content;
  if (encrypted !== undefined && encrypted !== null && typeof encrypted !== 'string') {
    throw invalidRequest(`'${path}.encrypted_content' must be a string.`, `${path}.encrypted_content`);
  }
  const carried = typeof encrypted === 'string' ? unpackReasoning(encrypted, `${path}.encrypted_content`) : undefined;
  if (carried) {
    // The gateway's own item: OpenAI's reasoning (if any) is inside, under OpenAI's id.
    if (carried.openaiId) part.openaiReasoningId = carried.openaiId;
    if (carried.openaiEncrypted) part.encryptedContent = carried.openaiEncrypted;
    if (carried.signature) part.signature = carried.signature;
    for (const data of carried.redacted ?? []) target.content.push({ type: 'reasoning', text: '', redactedData: data });
    if (carried.callSignatures) run.signatures(carried.callSignatures);
  } else {
    // An item as OpenAI returns it (a client that talked to OpenAI directly).
    if (typeof item.id === 'string') part.openaiReasoningId = item.id;
    if (typeof encrypted === 'string') part.encryptedContent = encrypted;
  }
  // A reasoning item that carries nothing a provider could use (no text, id or signature) adds nothing.
  if (part.text !== '' || part.signature || part.encryptedContent || part.openaiReasoningId) target.content.push(part);
}

function decodeMessageItem(item: Obj, path: string, messages: Message[], run: AssistantRun): void {
  const role = item.role;
  if (role === 'assistant') {
    const { parts, refusal } = decodeAssistantContent(item.content, `${path}.content`);
    const message = run.open();
    message.content.push(...parts);
    if (refusal !== undefined) message.refusal = (message.refusal ?? '') + refusal;
    return;
  }
  run.close();
  if (role === 'user') messages.push({ role: 'user', content: decodeUserContent(item.content, `${path}.content`) });
  else if (role === 'system' || role === 'developer') messages.push({ role, content: decodeInstructionContent(item.content, `${path}.content`) });
  else throw invalidRequest(`'${path}.role' must be one of user, assistant, system, developer.`, `${path}.role`);
}

function decodeToolOutput(item: Obj, path: string): Message {
  const output = item.output;
  if (typeof output !== 'string' && !Array.isArray(output)) {
    throw invalidRequest(`'${path}.output' must be a string or an array of input parts.`, `${path}.output`);
  }
  return { role: 'tool', toolCallId: requiredString(item, 'call_id', path), content: decodeUserContent(output, `${path}.output`) };
}

/** Decodes items; `path` names the list in errors (e.g. "input"). */
export function decodeItems(items: readonly unknown[], path: string): DecodedItems {
  const messages: Message[] = [];
  const run = new AssistantRun(messages);
  let references = 0;
  items.forEach((item, i) => {
    const p = `${path}[${i}]`;
    if (!isObj(item)) throw invalidRequest(`'${p}' must be an object.`, p);
    const type = item.type ?? (item.role !== undefined ? 'message' : undefined);
    if (typeof type !== 'string') throw invalidRequest(`'${p}.type' is required.`, `${p}.type`);
    switch (type) {
      case 'message':
        decodeMessageItem(item, p, messages, run);
        break;
      case 'function_call': {
        const call = { id: requiredString(item, 'call_id', p), name: requiredString(item, 'name', p), arguments: '' };
        if (typeof item.arguments !== 'string') throw invalidRequest(`'${p}.arguments' must be a JSON string.`, `${p}.arguments`);
        call.arguments = item.arguments;
        const message = run.open();
        (message.toolCalls ??= []).push(call);
        break;
      }
      case 'function_call_output':
        run.close();
        messages.push(decodeToolOutput(item, p));
        break;
      case 'reasoning':
        decodeReasoning(item, p, run);
        break;
      case 'item_reference':
        requiredString(item, 'id', p);
        references++;
        run.open().content.push({ type: 'native_item', item });
        break;
      default:
        if (!ITEM_TYPE.test(type)) throw invalidRequest(`'${p}.type' is not a valid item type.`, `${p}.type`);
        run.open().content.push({ type: 'native_item', item });
    }
  });
  run.close();
  return { messages, references };
}

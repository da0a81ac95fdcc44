/**
 * The Responses operation (`POST /v1/responses`): the chat canonical form, served by the target's
 * native Responses codec when it has one (OpenAI, Azure OpenAI), else by its chat codec. What only
 * a Responses API can carry (built-in tools, their items, Responses-only fields) goes to a native
 * codec; for any other target it is refused with a 400 naming it and the provider, or dropped
 * when the provider's drop_params lists it. The facts the conversation-state hooks need travel in
 * the `responsesTurn` context slot, which the ingress fills.
 */
import type { Target } from '../../config/compile.js';
import { GatewayError } from '../../core/errors.js';
import type { ChatRequest, ChatResponse, ContentPart, Message } from '../../core/types.js';
import type { ChatCodec, ProviderSettings } from '../../providers/spec/provider.js';
import { dropOrReject } from '../../providers/spec/params.js';
import { type RequestContext, slotKey } from '../context.js';
import type { Operation } from '../contract.js';
import type { GatewayServices } from '../services.js';
import { chatFormOperation } from './chat.js';

/** A Responses API input or output item, in wire form. */
export type ResponsesItem = Record<string, unknown>;

/** What the Responses hooks need to know about this turn beyond the canonical request. */
export interface ResponsesTurn {
  /** The id this response gets (`resp_…`). */
  readonly id: string;
  /** previous_response_id as the client sent it. */
  readonly previousResponseId?: string;
  /** Whether the answer is stored: the client's `store` (default true), false when the gateway has no store. */
  store: boolean;
  /** This turn's input items in wire form (a string input as one user message), `instructions` excluded. */
  input: ResponsesItem[];
  /** How many canonical messages at the start come from `instructions`; earlier turns go after them. */
  readonly instructionMessages: number;
  /** Whether the input holds item_reference items (resolved from stored responses). */
  readonly hasReferences: boolean;
  /** Responses-only fields (wire names) that only a provider with a Responses API can honour (prepare may remove one it served itself, e.g. a stored prompt). */
  nativeFields: Readonly<Record<string, unknown>>;
  /** Converts wire items to canonical messages exactly as the input was decoded; `param` names them in errors. */
  itemsToMessages(items: readonly ResponsesItem[], param: string): Message[];
  /** The response object as the client gets it, once the answer is whole (undefined before). */
  result(): ResponsesItem | undefined;
}

/** The slot the Responses ingress fills when it decodes a request. */
export const responsesTurn = slotKey<ResponsesTurn>('responses.turn');

/**
 * Native-only fields that ask nothing of a provider without a Responses API: `include` names extra
 * data of items such a provider never produces (encrypted reasoning and logprobs are honoured by
 * the gateway itself), and `max_tool_calls` caps built-in tool calls, which it never makes.
 */
const MOOT_WITHOUT_NATIVE: ReadonlySet<string> = new Set(['include', 'max_tool_calls']);

function dropsOrRefuses(settings: ProviderSettings, dropName: string, param: string, why: string): void {
  if (settings.dropParams.has('*') || settings.dropParams.has(dropName)) return;
  throw new GatewayError('unsupported_parameter', 400, `Parameter '${param}' ${why} by provider '${settings.id}'.`, { param, provider: settings.id });
}

function refuseNativePart(settings: ProviderSettings, part: ContentPart & { type: 'native_item' }): void {
  const type = String(part.item.type);
  if (type !== 'item_reference') {
    dropsOrRefuses(settings, type, 'input', `(item type '${type}') is not supported`);
    return;
  }
  if (settings.dropParams.has('*') || settings.dropParams.has(type)) return;
  throw new GatewayError(
    'unsupported_parameter',
    400,
    `The input holds an item_reference ('${String(part.item.id).slice(0, 80)}') the gateway could not resolve (it resolves references to responses it stored), and provider '${settings.id}' has no Responses API to resolve it; send the item itself.`,
    { param: 'input', provider: settings.id },
  );
}

function hasNativeParts(messages: readonly Message[]): boolean {
  for (const message of messages) for (const part of message.content) if (part.type === 'native_item') return true;
  return false;
}

/** The messages without native parts (each refused unless dropped); messages left empty go too. */
function withoutNativeParts(messages: readonly Message[], settings: ProviderSettings): Message[] {
  const out: Message[] = [];
  for (const message of messages) {
    if (!message.content.some((part) => part.type === 'native_item')) {
      out.push(message);
      continue;
    }
    const content: ContentPart[] = [];
    for (const part of message.content) {
      if (part.type === 'native_item') refuseNativePart(settings, part);
      else content.push(part);
    }
    const empty = content.length === 0 && (message.role !== 'assistant' || (!message.toolCalls?.length && !message.refusal));
    if (!empty) out.push({ ...message, content } as Message);
  }
  return out;
}

/** The request as a target without a Responses API may see it, or a 400 for what it cannot carry. */
function adaptForChatCodec(request: ChatRequest, settings: ProviderSettings, turn: ResponsesTurn | undefined): ChatRequest {
  for (const key of Object.keys(turn?.nativeFields ?? {})) {
    if (!MOOT_WITHOUT_NATIVE.has(key)) dropOrReject(settings, key, 'is a Responses API parameter and is not supported');
  }
  let adapted = request;
  if (request.builtinTools && request.builtinTools.length > 0) {
    for (const tool of request.builtinTools) {
      const type = String(tool.type);
      dropsOrRefuses(settings, type, 'tools', `(built-in tool '${type}') is not supported`);
    }
    adapted = { ...adapted, builtinTools: undefined };
  }
  if (hasNativeParts(request.messages)) adapted = { ...adapted, messages: withoutNativeParts(request.messages, settings) };
  return adapted;
}

function adapt(request: ChatRequest, target: Target, ctx: RequestContext<ChatRequest, ChatResponse>): ChatRequest {
  const turn = ctx.get(responsesTurn);
  if (!target.compiled.provider.responses) return adaptForChatCodec(request, target.compiled.settings, turn);
  const fields = turn?.nativeFields;
  if (!fields || Object.keys(fields).length === 0) return request;
  // A native Responses codec sends openaiExtras verbatim, so the Responses-only fields ride there.
  return { ...request, openaiExtras: { ...request.openaiExtras, ...fields } };
}

const codecFor = (target: Target): ChatCodec => target.compiled.provider.responses ?? target.compiled.provider.chat;

/** Builds the Responses operation over the shared services. */
export function responsesOperation(services: GatewayServices): Operation<ChatRequest, ChatResponse> {
  return chatFormOperation(services, { name: 'responses', codecFor, adapt });
}

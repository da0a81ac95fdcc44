/** Canonical ChatRequest → the HTTP request for POST {base}/model/{modelId}/converse[-stream]. */
import type { ChatRequest } from '../../core/types.js';
import { dropOrReject, refuseOptions } from '../spec/params.js';
import type { HttpRequestSpec, ProviderSettings } from '../spec/provider.js';
import { reasoningBudget } from '../spec/reasoning.js';
import { encodeConversation } from './encode-messages.js';
import { encodeToolConfig } from './encode-tools.js';
import { JSON_TOOL_NAME, JSON_TOOL_SPEC } from './json-mode.js';
import { isClaudeModel } from './model-family.js';
import { modelUrl } from './settings.js';

type Json = Record<string, unknown>;

/** Claude's smallest accepted thinking budget. */
export const MIN_THINKING_BUDGET = 1024;

/** Output room assumed when thinking is on and the client gave no max_tokens. */
export const DEFAULT_MAX_TOKENS = 4096;

/**
 * Claude's thinking budget must stay below maxTokens. When it does not fit, maxTokens grows by
 * the budget so the answer keeps the room the client asked for (the same rule as the Anthropic
 * provider). Models other than Claude have no Converse-level reasoning switch here.
 */
function sizeThinking(request: ChatRequest, settings: ProviderSettings, claude: boolean): { maxTokens?: number; budget?: number } {
  const raw = reasoningBudget(request.reasoning);
  if (raw === undefined || raw <= 0) return { maxTokens: request.maxTokens };
  if (!claude) {
    dropOrReject(settings, request.reasoning?.effort !== undefined ? 'reasoning_effort' : 'thinking', 'is only supported for Claude models on Bedrock');
    return { maxTokens: request.maxTokens };
  }
  const budget = Math.max(MIN_THINKING_BUDGET, Math.round(raw));
  const requested = request.maxTokens ?? DEFAULT_MAX_TOKENS;
  return { maxTokens: budget >= requested ? budget + requested : requested, budget };
}

/** requestMetadata values allow only this character set (service model pattern), 256 chars. */
function metadataValue(text: string): string {
  return text.replace(/[^a-zA-Z0-9\s:_@$#=/+,.-]/g, '_').slice(0, 256);
}

/** Converse's serviceTier types that match OpenAI's names; 'auto' is what Bedrock does when none is named. */
const SERVICE_TIERS = new Set(['default', 'priority', 'flex']);

const HANDLED_OPTIONS: ReadonlySet<string> = new Set(['service_tier', 'metadata']);

/**
 * requestMetadata: the client's metadata tags plus the end user. Both reach Bedrock's invocation
 * logs, which is what they are for; a `user` tag that differs from the end user would lose one.
 */
function requestMetadata(request: ChatRequest, settings: ProviderSettings): Json | undefined {
  const out: Json = {};
  for (const [key, value] of Object.entries(request.metadata ?? {})) out[metadataValue(key) || '_'] = metadataValue(value);
  if (request.user !== undefined) {
    const user = metadataValue(request.user);
    if (out.user !== undefined && out.user !== user)
      dropOrReject(settings, 'metadata', "key 'user' collides with the end-user id sent in the same requestMetadata");
    out.user = user;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Builds the Converse JSON body. Throws GatewayError (400) for what Converse cannot honour. */
export function encodeConverseBody(request: ChatRequest, settings: ProviderSettings): Json {
  const claude = isClaudeModel(request.model);
  const conversation = encodeConversation(request.messages);
  const { maxTokens, budget } = sizeThinking(request, settings, claude);
  const thinking = budget !== undefined;

  const body: Json = { messages: conversation.messages };
  if (conversation.system.length > 0) body.system = conversation.system;

  const inference: Json = {};
  if (maxTokens !== undefined) inference.maxTokens = maxTokens;
  // Converse takes temperature in 0–1; OpenAI's 0–2 range is clamped into it.
  if (request.temperature !== undefined) {
    if (!thinking || request.temperature === 1) inference.temperature = Math.min(1, Math.max(0, request.temperature));
    else dropOrReject(settings, 'temperature', 'cannot be combined with reasoning (thinking)');
  }
  if (request.topP !== undefined) {
    if (!thinking || request.topP >= 0.95) inference.topP = request.topP;
    else dropOrReject(settings, 'top_p', 'below 0.95 cannot be combined with reasoning (thinking)');
  }
  if (request.stop && request.stop.length > 0) inference.stopSequences = [...request.stop];
  if (Object.keys(inference).length > 0) body.inferenceConfig = inference;

  let toolConfig = encodeToolConfig(request, conversation, settings, thinking);
  const format = request.responseFormat;
  if (format?.type === 'json_object') {
    // The forced reserved tool would shadow the client's tools and cannot be forced while thinking.
    if ((request.tools?.length ?? 0) > 0 || thinking) dropOrReject(settings, 'response_format', 'json_object cannot be combined with tools or reasoning');
    else toolConfig = { tools: [...((toolConfig?.tools as Json[] | undefined) ?? []), JSON_TOOL_SPEC], toolChoice: { tool: { name: JSON_TOOL_NAME } } };
  }
  if (toolConfig) body.toolConfig = toolConfig;

  const additional: Json = {};
  if (request.topK !== undefined) {
    if (!claude) dropOrReject(settings, 'top_k', 'is only supported for Claude models on Bedrock');
    else if (thinking) dropOrReject(settings, 'top_k', 'cannot be combined with reasoning (thinking)');
    else additional.top_k = request.topK;
  }
  if (thinking) additional.thinking = { type: 'enabled', budget_tokens: budget };
  if (Object.keys(additional).length > 0) body.additionalModelRequestFields = additional;
  // Claude reports which stop sequence matched only when asked for this response field.
  if (claude && request.stop && request.stop.length > 0) body.additionalModelResponseFieldPaths = ['/stop_sequence'];

  if (request.seed !== undefined) dropOrReject(settings, 'seed');
  if (request.frequencyPenalty !== undefined) dropOrReject(settings, 'frequency_penalty');
  if (request.presencePenalty !== undefined) dropOrReject(settings, 'presence_penalty');

  if (format?.type === 'json_schema') {
    const jsonSchema: Json = { schema: JSON.stringify(format.schema), name: format.name };
    if (format.description) jsonSchema.description = format.description;
    body.outputConfig = { textFormat: { type: 'json_schema', structure: { jsonSchema } } };
  }
  // Converse has no end-user field; requestMetadata reaches the invocation logs, which is the purpose.
  const metadata = requestMetadata(request, settings);
  if (metadata) body.requestMetadata = metadata;
  if (request.serviceTier !== undefined && request.serviceTier !== 'auto') {
    if (SERVICE_TIERS.has(request.serviceTier)) body.serviceTier = { type: request.serviceTier };
    else dropOrReject(settings, 'service_tier', `value '${request.serviceTier}' is not supported (Bedrock takes auto, default, priority or flex)`);
  }
  refuseOptions(request, settings, HANDLED_OPTIONS);
  return body;
}

/** Builds the upstream request. Credentials are added later by authorize(). */
export function encodeChatRequest(request: ChatRequest, settings: ProviderSettings): HttpRequestSpec {
  return {
    method: 'POST',
    url: modelUrl(settings, request.model, request.stream ? 'converse-stream' : 'converse'),
    headers: { 'content-type': 'application/json', ...settings.headers },
    body: JSON.stringify(encodeConverseBody(request, settings)),
  };
}

/** Canonical ChatRequest → the HTTP request for POST {baseUrl}/v1/messages. */
import type { ChatRequest } from '../../core/types.js';
import { dropOrReject, refuseOptions } from '../spec/params.js';
import type { HttpRequestSpec, ProviderSettings } from '../spec/provider.js';
import { reasoningBudget } from '../spec/reasoning.js';
import { encodeMessages } from './encode-messages.js';
import { encodeToolChoice, encodeTools } from './encode-tools.js';
import { JSON_TOOL, JSON_TOOL_NAME } from './json-mode.js';

/** The API version header value; the official SDK hard-codes the same one. */
export const ANTHROPIC_VERSION = '2023-06-01';

/** max_tokens is required by Anthropic; this is sent when the client gave none. */
export const DEFAULT_MAX_TOKENS = 4096;

/** Anthropic's smallest accepted thinking budget. */
export const MIN_THINKING_BUDGET = 1024;

/**
 * thinking.budget_tokens must stay below max_tokens. When the budget does not fit, max_tokens
 * grows by the budget so the answer keeps the room the client asked for (or the default).
 */
function sizeThinking(request: ChatRequest): { maxTokens: number; budget?: number } {
  const requested = request.maxTokens ?? DEFAULT_MAX_TOKENS;
  const raw = reasoningBudget(request.reasoning);
  if (raw === undefined || raw <= 0) return { maxTokens: requested };
  const budget = Math.max(MIN_THINKING_BUDGET, Math.round(raw));
  return { maxTokens: budget >= requested ? budget + requested : requested, budget };
}

/** Anthropic's service_tier is auto (priority capacity when available) or standard_only (OpenAI's 'default'). */
const SERVICE_TIERS: Record<string, string> = { auto: 'auto', default: 'standard_only', standard_only: 'standard_only' };

const HANDLED_OPTIONS: ReadonlySet<string> = new Set(['service_tier']);

/** Builds the JSON body. Throws GatewayError (400) for what Anthropic cannot honour. */
export function encodeBody(request: ChatRequest, settings: ProviderSettings): Record<string, unknown> {
  const { system, messages } = encodeMessages(request.messages);
  const { maxTokens, budget } = sizeThinking(request);
  const thinking = budget !== undefined;
  const body: Record<string, unknown> = { model: request.model, max_tokens: maxTokens };
  if (system !== undefined) body.system = system;
  body.messages = messages;
  if (thinking) body.thinking = { type: 'enabled', budget_tokens: budget };

  // Anthropic rejects sampling changes while thinking (temperature must stay 1, top_p >= 0.95).
  if (request.temperature !== undefined) {
    if (!thinking || request.temperature === 1) body.temperature = Math.min(1, Math.max(0, request.temperature));
    else dropOrReject(settings, 'temperature', 'cannot be combined with reasoning (thinking)');
  }
  if (request.topP !== undefined) {
    if (!thinking || request.topP >= 0.95) body.top_p = request.topP;
    else dropOrReject(settings, 'top_p', 'below 0.95 cannot be combined with reasoning (thinking)');
  }
  if (request.topK !== undefined) {
    if (!thinking) body.top_k = request.topK;
    else dropOrReject(settings, 'top_k', 'cannot be combined with reasoning (thinking)');
  }
  if (request.seed !== undefined) dropOrReject(settings, 'seed');
  if (request.frequencyPenalty !== undefined) dropOrReject(settings, 'frequency_penalty');
  if (request.presencePenalty !== undefined) dropOrReject(settings, 'presence_penalty');
  if (request.stop && request.stop.length > 0) body.stop_sequences = [...request.stop];
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  if (request.serviceTier !== undefined) {
    const tier = Object.hasOwn(SERVICE_TIERS, request.serviceTier) ? SERVICE_TIERS[request.serviceTier] : undefined;
    if (tier) body.service_tier = tier;
    else dropOrReject(settings, 'service_tier', `value '${request.serviceTier}' is not supported (Anthropic takes auto or default)`);
  }
  // No logprobs, logit_bias, prediction, verbosity, stored completions or free-form metadata here.
  refuseOptions(request, settings, HANDLED_OPTIONS);

  const tools = request.tools ?? [];
  let toolChoice = request.toolChoice;
  if (thinking && (toolChoice === 'required' || typeof toolChoice === 'object')) {
    dropOrReject(settings, 'tool_choice', 'cannot force a tool call while reasoning (thinking) is on');
    toolChoice = 'auto';
  }
  if (tools.length > 0) body.tools = encodeTools(tools);
  const choice = encodeToolChoice(toolChoice, request.parallelToolCalls, tools.length > 0);
  if (choice) body.tool_choice = choice;

  const format = request.responseFormat;
  if (format?.type === 'json_schema') {
    body.output_config = { format: { type: 'json_schema', schema: format.schema } };
  } else if (format?.type === 'json_object') {
    // The forced reserved tool would shadow the client's tools and cannot be forced while thinking.
    if (tools.length > 0 || thinking) {
      dropOrReject(settings, 'response_format', 'json_object cannot be combined with tools or reasoning');
    } else {
      body.tools = [JSON_TOOL];
      body.tool_choice = { type: 'tool', name: JSON_TOOL_NAME };
    }
  }
  if (request.stream) body.stream = true;
  return body;
}

/** Encodes a chat request as the HTTP request to send. */
export function encodeRequest(request: ChatRequest, settings: ProviderSettings): HttpRequestSpec {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
  };
  if (settings.apiKey !== undefined) headers['x-api-key'] = settings.apiKey;
  if (request.stream) headers.accept = 'text/event-stream';
  return {
    method: 'POST',
    url: `${settings.baseUrl}/v1/messages`,
    headers: { ...headers, ...settings.headers },
    body: JSON.stringify(encodeBody(request, settings)),
  };
}

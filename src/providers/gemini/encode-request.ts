/** Canonical ChatRequest → Gemini generateContent / streamGenerateContent HTTP request. */
import type { ChatRequest } from '../../core/types.js';
import { wantsOneToolCallAtATime } from '../spec/parallel-tool-calls.js';
import { dropOrReject, refuseOptions } from '../spec/params.js';
import type { HttpRequestSpec, ProviderSettings } from '../spec/provider.js';
import { reasoningBudget } from '../spec/reasoning.js';
import { encodeMessages } from './encode-messages.js';
import { encodeTools } from './encode-tools.js';
import { type GeminiFlavor, modelMethodUrl } from './urls.js';

/** Builds `generationConfig`; undefined when the request sets nothing in it. */
export function encodeGenerationConfig(request: ChatRequest): Record<string, unknown> | undefined {
  const config: Record<string, unknown> = {};
  if (request.stop && request.stop.length > 0) config.stopSequences = request.stop;
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.seed !== undefined) config.seed = request.seed;
  if (request.presencePenalty !== undefined) config.presencePenalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) config.frequencyPenalty = request.frequencyPenalty;
  const format = request.responseFormat;
  if (format?.type === 'json_object') config.responseMimeType = 'application/json';
  else if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    // responseJsonSchema takes standard JSON Schema, so the client's schema goes unchanged.
    config.responseJsonSchema = format.schema;
  }
  if (request.logprobs || request.topLogprobs !== undefined) {
    config.responseLogprobs = true;
    // Without a count Gemini returns only the chosen tokens, as OpenAI does with top_logprobs 0.
    if (request.topLogprobs) config.logprobs = request.topLogprobs;
  }
  const budget = reasoningBudget(request.reasoning);
  if (budget !== undefined) {
    // includeThoughts surfaces the thought summaries as reasoning text; a 0 budget turns thinking off.
    config.thinkingConfig = budget === 0 ? { thinkingBudget: 0 } : { thinkingBudget: budget, includeThoughts: true };
  }
  return Object.keys(config).length > 0 ? config : undefined;
}

const HANDLED_OPTIONS: ReadonlySet<string> = new Set(['logprobs']);

/** Headers for a Gemini call: AI Studio carries its API key; Vertex gets a bearer in authorize(). */
export function requestHeaders(flavor: GeminiFlavor, settings: ProviderSettings): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...settings.headers };
  if (flavor === 'gemini' && settings.apiKey) headers['x-goog-api-key'] = settings.apiKey;
  return headers;
}

/** Encodes a chat request for AI Studio or Vertex. */
export function encodeChatRequest(flavor: GeminiFlavor, request: ChatRequest, settings: ProviderSettings): HttpRequestSpec {
  const { contents, systemInstruction } = encodeMessages(request.messages, settings);
  const body: Record<string, unknown> = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;
  const { tools, toolConfig } = encodeTools(request.tools, request.toolChoice);
  if (tools) body.tools = tools;
  if (toolConfig) body.toolConfig = toolConfig;
  // Gemini has no switch for one-call-at-a-time; refusing beats ignoring the client's wish, unless
  // the tool choice already allows only one call.
  if (tools && wantsOneToolCallAtATime(request)) dropOrReject(settings, 'parallel_tool_calls', 'cannot be disabled');
  const generationConfig = encodeGenerationConfig(request);
  if (generationConfig) body.generationConfig = generationConfig;
  // logprobs map to responseLogprobs; the other options have no Gemini field (Vertex labels are billing tags, not call metadata).
  refuseOptions(request, settings, HANDLED_OPTIONS);
  // `user` (an abuse-tracking id) has no field in Gemini's request and does not affect output.
  const method = request.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  return {
    method: 'POST',
    url: modelMethodUrl(flavor, settings, request.model, method),
    headers: requestHeaders(flavor, settings),
    body: JSON.stringify(body),
  };
}

/** Canonical ChatRequest → Cohere v2 `POST /v2/chat` request. */
import { invalidRequest } from '../../core/errors.js';
import type { ChatRequest, ToolDefinition } from '../../core/types.js';
import { wantsOneToolCallAtATime } from '../spec/parallel-tool-calls.js';
import { dropOrReject, refuseOptions } from '../spec/params.js';
import type { HttpRequestSpec, ProviderSettings } from '../spec/provider.js';
import { reasoningBudget } from '../spec/reasoning.js';
import { encodeCohereMessage } from './encode-messages.js';

type Json = Record<string, unknown>;

/** Cohere's documented limit on stop_sequences. */
const MAX_STOP_SEQUENCES = 5;

/** Request headers shared by chat and embed: Bearer auth plus configured extras. */
export function cohereHeaders(settings: ProviderSettings, accept: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept,
    authorization: `Bearer ${settings.apiKey ?? ''}`,
    ...settings.headers,
  };
}

function encodeTool(tool: ToolDefinition): Json {
  return {
    type: 'function',
    function: {
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      parameters: tool.parameters,
    },
  };
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** Adds tools and tool_choice. Cohere cannot force one named tool, so only that tool is offered with REQUIRED. */
function encodeTools(request: ChatRequest, body: Json, settings: ProviderSettings): void {
  const tools = request.tools ?? [];
  if (tools.length === 0) {
    if (request.toolChoice === 'required' || typeof request.toolChoice === 'object') {
      throw invalidRequest('tool_choice requires tools.', 'tool_choice');
    }
    return;
  }
  let offered = tools;
  const choice = request.toolChoice;
  if (typeof choice === 'object') {
    const forced = tools.find((t) => t.name === choice.name);
    if (!forced) throw invalidRequest(`tool_choice names '${choice.name}', which is not in tools.`, 'tool_choice');
    // With a single tool on offer, REQUIRED is exactly "call this function".
    offered = [forced];
    body.tool_choice = 'REQUIRED';
  } else if (choice === 'required') body.tool_choice = 'REQUIRED';
  else if (choice === 'none') body.tool_choice = 'NONE';
  body.tools = offered.map(encodeTool);
  // Cohere's strictness is one switch for all tools; any strict tool turns it on (stricter is safe).
  if (offered.some((t) => t.strict === true)) body.strict_tools = true;
  // Cohere may call several tools at once and has no switch to stop it (a forced single tool needs none).
  if (wantsOneToolCallAtATime(request)) {
    dropOrReject(settings, 'parallel_tool_calls', 'value false is not supported (Cohere has no switch for parallel tool calls)');
  }
}

function encodeResponseFormat(request: ChatRequest, body: Json, settings: ProviderSettings): void {
  const format = request.responseFormat;
  if (!format || format.type === 'text') return;
  if (body.tools) {
    dropOrReject(settings, 'response_format', 'cannot be combined with tools');
    return;
  }
  body.response_format = format.type === 'json_schema' ? { type: 'json_object', json_schema: format.schema } : { type: 'json_object' };
}

function encodeSampling(request: ChatRequest, body: Json, settings: ProviderSettings): void {
  if (request.stop && request.stop.length > 0) {
    if (request.stop.length > MAX_STOP_SEQUENCES) dropOrReject(settings, 'stop', `accepts at most ${MAX_STOP_SEQUENCES} sequences`);
    else body.stop_sequences = request.stop;
  }
  if (request.temperature !== undefined) body.temperature = request.temperature;
  // p must lie in 0.01..0.99; OpenAI's 1.0 (no truncation) and 0 (greedy) are the nearest allowed values.
  if (request.topP !== undefined) body.p = clamp(request.topP, 0.01, 0.99);
  // k above Cohere's ceiling of 500 is as good as unrestricted; 500 is the nearest allowed value.
  if (request.topK !== undefined) body.k = clamp(Math.round(request.topK), 0, 500);
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.seed !== undefined) body.seed = request.seed;
  for (const [field, value] of [
    ['frequency_penalty', request.frequencyPenalty],
    ['presence_penalty', request.presencePenalty],
  ] as const) {
    if (value === undefined) continue;
    // Cohere's range is 0..1: values above 1 keep their meaning (strongest penalty); negative
    // values ask for the opposite of a penalty, which Cohere cannot do.
    if (value < 0) dropOrReject(settings, field, 'must be between 0 and 1');
    else body[field] = Math.min(1, value);
  }
}

function encodeThinking(request: ChatRequest, body: Json): void {
  const budget = reasoningBudget(request.reasoning);
  if (budget === undefined) return;
  body.thinking = budget <= 0 ? { type: 'disabled' } : { type: 'enabled', token_budget: budget };
}

/** Builds the JSON body for POST /v2/chat. */
export function encodeCohereChatBody(request: ChatRequest, settings: ProviderSettings): Json {
  if (request.messages.length === 0) throw invalidRequest('messages must not be empty.', 'messages');
  const body: Json = {
    model: request.model,
    messages: request.messages.map((m) => encodeCohereMessage(m, settings)),
  };
  // Cohere always reports usage in message-end, so nothing needs asking for it.
  if (request.stream) body.stream = true;
  encodeTools(request, body, settings);
  encodeResponseFormat(request, body, settings);
  encodeSampling(request, body, settings);
  encodeThinking(request, body);
  // `user` has no field here and never changes the output: left out by design (docs/providers.md).
  // Cohere's own logprobs are per token id with no alternatives, not OpenAI's per-token text, so
  // logprobs is refused with the rest rather than answered in a shape no client expects.
  refuseOptions(request, settings);
  return body;
}

/** Builds the HTTP request for POST {base}/v2/chat. */
export function encodeCohereChat(request: ChatRequest, settings: ProviderSettings): HttpRequestSpec {
  return {
    method: 'POST',
    url: `${settings.baseUrl}/v2/chat`,
    headers: cohereHeaders(settings, request.stream ? 'text/event-stream' : 'application/json'),
    body: JSON.stringify(encodeCohereChatBody(request, settings)),
  };
}

/**
 * Canonical ChatRequest → OpenAI Responses request body (`POST …/responses`). The gateway keeps
 * conversation state itself, so `store` is always false upstream, and encrypted reasoning is asked
 * for whenever reasoning is, so a later turn can carry it back.
 */
import { invalidRequest } from '../../../core/errors.js';
import type { ChatRequest, ToolChoice } from '../../../core/types.js';
import { dropOrReject } from '../params.js';
import type { ProviderSettings } from '../provider.js';
import { effortForBudget } from '../reasoning.js';
import { carriesEncryptedReasoning, encodeInput } from './encode-input.js';

type Json = Record<string, unknown>;

/**
 * Chat Completions parameters the Responses API has no field for, by their OpenAI name, and
 * whether a request sets them. They are refused, or left out under drop_params.
 */
const UNSUPPORTED: ReadonlyArray<readonly [string, (request: ChatRequest) => boolean]> = [
  ['stop', (r) => r.stop !== undefined && r.stop.length > 0],
  ['seed', (r) => r.seed !== undefined],
  ['top_k', (r) => r.topK !== undefined],
  ['frequency_penalty', (r) => r.frequencyPenalty !== undefined],
  ['presence_penalty', (r) => r.presencePenalty !== undefined],
  ['logprobs', (r) => r.logprobs === true || r.topLogprobs !== undefined],
  ['logit_bias', (r) => r.logitBias !== undefined],
  ['prediction', (r) => r.prediction !== undefined],
];

/**
 * Function tools in the flattened Responses form. `strict` is always sent: the Responses API
 * makes function tools strict by default where Chat Completions does not, so an unset `strict`
 * (the Chat Completions default) is sent as false rather than left to the other default.
 */
function encodeTools(request: ChatRequest): Json[] {
  const tools: Json[] = (request.tools ?? []).map((tool) => ({
    type: 'function',
    name: tool.name,
    ...(tool.description !== undefined ? { description: tool.description } : {}),
    parameters: tool.parameters,
    strict: tool.strict ?? false,
  }));
  for (const tool of request.builtinTools ?? []) tools.push(tool);
  return tools;
}

function encodeToolChoice(choice: ToolChoice): unknown {
  return typeof choice === 'string' ? choice : { type: 'function', name: choice.name };
}

/** The `text` object: output format and verbosity. */
function encodeText(request: ChatRequest): Json | undefined {
  const text: Json = {};
  const format = request.responseFormat;
  if (format?.type === 'json_object') text.format = { type: 'json_object' };
  else if (format?.type === 'json_schema')
    text.format = {
      type: 'json_schema',
      name: format.name,
      schema: format.schema,
      ...(format.strict !== undefined ? { strict: format.strict } : {}),
      ...(format.description !== undefined ? { description: format.description } : {}),
    };
  if (request.verbosity !== undefined) text.verbosity = request.verbosity;
  return Object.keys(text).length > 0 ? text : undefined;
}

/** The `reasoning` object, and whether the answer's reasoning should come back encrypted. */
function encodeReasoning(request: ChatRequest): { reasoning?: Json; encrypted: boolean } {
  const asked = request.reasoning;
  const effort = asked?.effort ?? (asked?.budgetTokens !== undefined ? effortForBudget(asked.budgetTokens) : undefined);
  const reasoning: Json = {};
  if (effort !== undefined) reasoning.effort = effort;
  if (asked?.summary !== undefined) reasoning.summary = asked.summary;
  const requested = (effort !== undefined && effort !== 'none') || asked?.summary !== undefined;
  return {
    ...(Object.keys(reasoning).length > 0 ? { reasoning } : {}),
    encrypted: requested || carriesEncryptedReasoning(request.messages),
  };
}

/** Builds the JSON body for POST /responses. */
export function encodeResponsesBody(request: ChatRequest, settings: ProviderSettings): Json {
  if (request.messages.length === 0) throw invalidRequest('messages must not be empty.', 'messages');
  for (const [param, present] of UNSUPPORTED) if (present(request)) dropOrReject(settings, param);
  const { instructions, input } = encodeInput(request.messages, settings);
  const body: Json = { model: request.model };
  if (instructions !== undefined) body.instructions = instructions;
  body.input = input;
  // The gateway keeps conversation state; nothing is left stored at the provider.
  body.store = false;
  if (request.stream) body.stream = true;
  const tools = encodeTools(request);
  if (tools.length > 0) {
    body.tools = tools;
    if (request.toolChoice !== undefined) body.tool_choice = encodeToolChoice(request.toolChoice);
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  const text = encodeText(request);
  if (text) body.text = text;
  const { reasoning, encrypted } = encodeReasoning(request);
  if (reasoning) body.reasoning = reasoning;
  if (encrypted) body.include = ['reasoning.encrypted_content'];
  if (request.maxTokens !== undefined) body.max_output_tokens = request.maxTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.metadata !== undefined) body.metadata = request.metadata;
  // safety_identifier is the Responses API's end-user field (its `user` is deprecated).
  if (request.user !== undefined) body.safety_identifier = request.user;
  if (request.serviceTier !== undefined) body.service_tier = request.serviceTier;
  if (request.promptCacheKey !== undefined) body.prompt_cache_key = request.promptCacheKey;
  // prompt_cache_retention, prompt_cache_options: the Responses API has them under the same names.
  // Responses callers' own fields (include, truncation, ...) come the same way; an `include` of
  // theirs joins the one asked for above rather than replacing it.
  for (const [key, value] of Object.entries(request.openaiExtras ?? {})) {
    if (key === 'include' && Array.isArray(value) && Array.isArray(body.include)) body.include = [...new Set([...body.include, ...value])];
    else body[key] = value;
  }
  return body;
}

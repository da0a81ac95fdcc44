/**
 * OpenAI Responses request body (`POST /v1/responses`) → canonical ChatRequest, plus the facts
 * the Responses exchange keeps beside it: the turn's input items in wire form, previous_response_id,
 * store, the settings the response object echoes, and the Responses-only fields that only a
 * provider with a Responses API can honour (each refused by name, or dropped under drop_params,
 * for any other provider: never silently ignored).
 */
import { invalidRequest } from '../../core/errors.js';
import type { ChatRequest, Message, ReasoningEffort, ReasoningRequest } from '../../core/types.js';
import type { ResponsesItem } from '../../pipeline/operations/responses.js';
import { decodeMetadata, decodeUser, notByGateway } from '../openai/decode-fields.js';
import { decodePromptField } from '../prompt-reference.js';
import { isObj } from './decode-content.js';
import { decodeItems } from './decode-items.js';
import { decodeText, decodeToolChoice, decodeTools } from './decode-tools.js';
import type { ResponsesEcho } from './response-object.js';

type Obj = Record<string, unknown>;
const given = (v: unknown) => v !== undefined && v !== null;

/** A decoded Responses request: the canonical request and the exchange's own facts. */
export interface DecodedResponsesRequest {
  request: ChatRequest;
  previousResponseId?: string;
  store: boolean;
  input: ResponsesItem[];
  instructionMessages: number;
  hasReferences: boolean;
  nativeFields: Record<string, unknown>;
  echo: ResponsesEcho;
}

/** Top-level fields decoded into the canonical request or the echo. */
const KNOWN = new Set([
  'model',
  'input',
  'instructions',
  'previous_response_id',
  'store',
  'stream',
  'stream_options',
  'max_output_tokens',
  'temperature',
  'top_p',
  'top_logprobs',
  'metadata',
  'user',
  'safety_identifier',
  'prompt_cache_key',
  'prompt_cache_retention',
  'service_tier',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_tool_calls',
  'text',
  'reasoning',
  'include',
  'truncation',
  'background',
  'conversation',
  'prompt',
]);

/** A field name a provider with a Responses API may be sent verbatim. */
const FIELD_NAME = /^[a-z][a-z0-9_]{0,63}$/;

function number(body: Obj, key: string, min: number, max: number): number | undefined {
  const v = body[key];
  if (!given(v)) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw invalidRequest(`'${key}' must be a number between ${min} and ${max}.`, key);
  return v;
}

function integer(body: Obj, key: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = body[key];
  if (!given(v)) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw invalidRequest(
      max === Number.MAX_SAFE_INTEGER ? `'${key}' must be an integer >= ${min}.` : `'${key}' must be an integer between ${min} and ${max}.`,
      key,
    );
  }
  return v;
}

function boolean(body: Obj, key: string): boolean | undefined {
  const v = body[key];
  if (!given(v)) return undefined;
  if (typeof v !== 'boolean') throw invalidRequest(`'${key}' must be a boolean.`, key);
  return v;
}

function string(body: Obj, key: string, maxLength = 1024): string | undefined {
  const v = body[key];
  if (!given(v)) return undefined;
  if (typeof v !== 'string') throw invalidRequest(`'${key}' must be a string.`, key);
  if (v.length > maxLength) throw invalidRequest(`'${key}' must be at most ${maxLength} characters.`, key);
  return v;
}

const EFFORTS = new Set(['none', 'minimal', 'low', 'medium', 'high']);
const SUMMARIES = new Set(['auto', 'concise', 'detailed']);

function decodeReasoning(raw: unknown): { reasoning?: ReasoningRequest; echo: ResponsesEcho['reasoning'] } {
  if (!given(raw)) return { echo: { effort: null, summary: null } };
  if (!isObj(raw)) throw invalidRequest("'reasoning' must be an object.", 'reasoning');
  for (const key of Object.keys(raw)) {
    if (key !== 'effort' && key !== 'summary' && key !== 'generate_summary')
      throw invalidRequest(`Unknown parameter: 'reasoning.${key.slice(0, 64)}'.`, 'reasoning');
  }
  const reasoning: ReasoningRequest = {};
  if (given(raw.effort)) {
    if (typeof raw.effort !== 'string' || !EFFORTS.has(raw.effort))
      throw invalidRequest("'reasoning.effort' must be one of none, minimal, low, medium, high.", 'reasoning.effort');
    reasoning.effort = raw.effort as ReasoningEffort;
  }
  // generate_summary is the deprecated name of summary.
  const summary = given(raw.summary) ? raw.summary : raw.generate_summary;
  const summaryParam = given(raw.summary) ? 'reasoning.summary' : 'reasoning.generate_summary';
  if (given(summary)) {
    if (typeof summary !== 'string' || !SUMMARIES.has(summary)) throw invalidRequest(`'${summaryParam}' must be one of auto, concise, detailed.`, summaryParam);
    reasoning.summary = summary as ReasoningRequest['summary'];
  }
  const echo = { effort: reasoning.effort ?? null, summary: reasoning.summary ?? null };
  return Object.keys(reasoning).length > 0 ? { reasoning, echo } : { echo };
}

function decodeInclude(raw: unknown): string[] {
  if (!given(raw)) return [];
  if (!Array.isArray(raw) || !raw.every((v) => typeof v === 'string' && v.length <= 128))
    throw invalidRequest("'include' must be an array of strings.", 'include');
  return raw as string[];
}

function decodeStreamOptions(raw: unknown): void {
  if (!given(raw)) return;
  if (!isObj(raw)) throw invalidRequest("'stream_options' must be an object.", 'stream_options');
  for (const key of Object.keys(raw)) {
    if (key !== 'include_obfuscation') throw invalidRequest(`Unknown parameter: 'stream_options.${key.slice(0, 64)}'.`, 'stream_options');
  }
  // A hint with no effect, as on Chat Completions: OpenAI's padding guards the network path to
  // OpenAI, and the gateway's events carry none whatever the client asks.
  if (given(raw.include_obfuscation) && typeof raw.include_obfuscation !== 'boolean') {
    throw invalidRequest("'stream_options.include_obfuscation' must be a boolean.", 'stream_options.include_obfuscation');
  }
}

/** The input as wire items: a string is one user message. */
function inputItems(raw: unknown): ResponsesItem[] {
  if (!given(raw)) return [];
  if (typeof raw === 'string') return [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: raw }] }];
  if (!Array.isArray(raw)) throw invalidRequest("'input' must be a string or an array of input items.", 'input');
  return raw as ResponsesItem[];
}

/** Refuses fields the gateway itself cannot carry, and collects those only a Responses API takes. */
function nativeFieldsOf(body: Obj): Record<string, unknown> {
  if (body.background === true) throw notByGateway('background', 'Background responses');
  if (given(body.background) && typeof body.background !== 'boolean') throw invalidRequest("'background' must be a boolean.", 'background');
  if (given(body.conversation)) throw notByGateway('conversation', 'The Conversations API (use previous_response_id)');
  const native: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (KNOWN.has(key) || !given(value)) continue;
    if (!FIELD_NAME.test(key)) throw invalidRequest(`Unknown parameter: '${key.slice(0, 64)}'.`, key.slice(0, 64));
    // A field the gateway does not know: a Responses API may (it is sent as is); others refuse it by name.
    native[key] = value;
  }
  // An OpenAI-hosted prompt (pmpt_…) rides along for a Responses API in case the registry lacks
  // it; the prompts hook removes it when the registry has it (prompts/prepare-hook.ts).
  if (isObj(body.prompt) && typeof body.prompt.id === 'string' && body.prompt.id.startsWith('pmpt_')) native.prompt = body.prompt;
  const truncation = string(body, 'truncation');
  if (truncation !== undefined && truncation !== 'auto' && truncation !== 'disabled')
    throw invalidRequest("'truncation' must be auto or disabled.", 'truncation');
  // 'disabled' is every API's behaviour; only 'auto' asks for something.
  if (truncation === 'auto') native.truncation = truncation;
  const maxToolCalls = integer(body, 'max_tool_calls', 1);
  if (maxToolCalls !== undefined) native.max_tool_calls = maxToolCalls;
  return native;
}

function decodeInstructions(body: Obj): { messages: Message[]; text: string | null } {
  const instructions = body.instructions;
  if (!given(instructions)) return { messages: [], text: null };
  if (typeof instructions !== 'string') throw invalidRequest("'instructions' must be a string.", 'instructions');
  return { messages: [{ role: 'system', content: [{ type: 'text', text: instructions }] }], text: instructions };
}

/** Validates a Responses body and returns the canonical request (model = what the client asked) and the exchange's facts. */
export function decodeResponsesRequest(body: unknown): DecodedResponsesRequest {
  if (!isObj(body)) throw invalidRequest('The request body must be a JSON object.');
  // With a stored prompt, the prompt may supply the model and the whole input.
  const prompt = decodePromptField(body.prompt, { inputItems: true });
  const model = prompt && !given(body.model) ? '' : body.model;
  if (typeof model !== 'string' || (model.length === 0 && !prompt)) throw invalidRequest("'model' is required and must be a string.", 'model');
  const native = nativeFieldsOf(body);
  const stream = boolean(body, 'stream') === true;
  decodeStreamOptions(body.stream_options);
  const previousResponseId = string(body, 'previous_response_id', 256);
  if (previousResponseId === '') throw invalidRequest("'previous_response_id' must not be empty.", 'previous_response_id');

  const instructions = decodeInstructions(body);
  const input = inputItems(body.input);
  const decoded = decodeItems(input, 'input');
  if (decoded.messages.length === 0 && previousResponseId === undefined && !prompt)
    throw invalidRequest("'input' is required: a string or a non-empty array of items.", 'input');
  const request: ChatRequest = { model, messages: [...instructions.messages, ...decoded.messages], stream };
  if (prompt) request.prompt = prompt;

  let toolsEcho: Obj[] = [];
  if (given(body.tools)) {
    const tools = decodeTools(body.tools);
    if (tools.functions.length > 0) request.tools = tools.functions;
    if (tools.builtin.length > 0) request.builtinTools = tools.builtin;
    toolsEcho = tools.echo;
  }
  let toolChoiceEcho: unknown = 'auto';
  if (given(body.tool_choice)) {
    const choice = decodeToolChoice(body.tool_choice);
    if ('choice' in choice) request.toolChoice = choice.choice;
    else native.tool_choice = choice.native;
    toolChoiceEcho = body.tool_choice;
  }
  const parallel = boolean(body, 'parallel_tool_calls');
  if (parallel !== undefined) request.parallelToolCalls = parallel;
  const text = decodeText(body.text);
  if (text.format) request.responseFormat = text.format;
  if (text.verbosity) request.verbosity = text.verbosity;
  const reasoning = decodeReasoning(body.reasoning);
  if (reasoning.reasoning) request.reasoning = reasoning.reasoning;

  const temperature = number(body, 'temperature', 0, 2);
  if (temperature !== undefined) request.temperature = temperature;
  const topP = number(body, 'top_p', 0, 1);
  if (topP !== undefined) request.topP = topP;
  const maxTokens = integer(body, 'max_output_tokens', 16);
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  const include = decodeInclude(body.include);
  if (include.length > 0) native.include = include;
  const topLogprobs = integer(body, 'top_logprobs', 0, 20);
  if (include.includes('message.output_text.logprobs') || (topLogprobs ?? 0) > 0) {
    request.logprobs = true;
    if (topLogprobs !== undefined) request.topLogprobs = topLogprobs;
  }
  const user = decodeUser(body);
  if (user !== undefined) request.user = user;
  const tier = string(body, 'service_tier', 64);
  if (tier !== undefined) request.serviceTier = tier;
  const cacheKey = string(body, 'prompt_cache_key');
  if (cacheKey !== undefined) request.promptCacheKey = cacheKey;
  if (given(body.prompt_cache_retention)) request.openaiExtras = { prompt_cache_retention: body.prompt_cache_retention };
  // metadata is kept with the stored response and echoed; it asks nothing of the provider.
  const metadata = decodeMetadata(body.metadata) ?? {};
  const store = boolean(body, 'store') ?? true;

  const echo: ResponsesEcho = {
    instructions: instructions.text,
    max_output_tokens: maxTokens ?? null,
    max_tool_calls: (native.max_tool_calls as number | undefined) ?? null,
    parallel_tool_calls: parallel ?? true,
    previous_response_id: previousResponseId ?? null,
    prompt: prompt
      ? {
          id: prompt.id,
          variables: given(body.prompt) && isObj(body.prompt) && isObj(body.prompt.variables) ? body.prompt.variables : null,
          version: prompt.version ?? null,
        }
      : null,
    prompt_cache_key: cacheKey ?? null,
    reasoning: reasoning.echo,
    safety_identifier: typeof body.safety_identifier === 'string' ? body.safety_identifier : null,
    service_tier: tier ?? 'auto',
    temperature: temperature ?? 1,
    text: text.echo,
    tool_choice: toolChoiceEcho,
    tools: toolsEcho,
    top_logprobs: topLogprobs ?? 0,
    top_p: topP ?? 1,
    truncation: native.truncation === 'auto' ? 'auto' : 'disabled',
    user: typeof body.user === 'string' ? body.user : null,
    metadata,
  };
  return {
    request,
    ...(previousResponseId !== undefined ? { previousResponseId } : {}),
    store,
    input,
    instructionMessages: instructions.messages.length,
    hasReferences: decoded.references > 0,
    nativeFields: native,
    echo,
  };
}

/** Anthropic Messages request JSON → canonical ChatRequest, validated like the real API. */
import type { ChatRequest, ReasoningEffort, ReasoningRequest, ResponseFormat, ToolChoice, ToolDefinition } from '../../core/types.js';
import { decodePromptField } from '../prompt-reference.js';
import { decodeMessages, decodeSystem } from './decode-messages.js';
import { decodeOptions, OPTION_FIELDS, REFUSED_FIELDS } from './decode-options.js';
import { decodeToolHints } from './decode-tool-hints.js';
import { array, bad, boolean, cacheControl, integerAtLeast, type Json, numberIn, object, onlyKeys, string, unsupported } from './validate.js';

const FIELDS = [
  'model',
  'max_tokens',
  'messages',
  'system',
  'stop_sequences',
  'stream',
  'temperature',
  'top_p',
  'top_k',
  'metadata',
  'tools',
  'tool_choice',
  'thinking',
  'output_config',
  // Switchboard's extension: a stored prompt to call (server/prompt-reference.ts).
  'prompt',
  ...OPTION_FIELDS,
];

const MIN_THINKING_BUDGET = 1024;

const TOOL_FIELDS = [
  'type',
  'name',
  'description',
  'input_schema',
  'cache_control',
  'strict',
  'eager_input_streaming',
  'defer_loading',
  'allowed_callers',
  'input_examples',
];

function decodeTools(value: unknown): ToolDefinition[] {
  return array(value, 'tools').map((item, i) => {
    const param = `tools.${i}`;
    const tool = object(item, param);
    if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') {
      throw unsupported(`${param}.type`, `server tool '${String(tool.type)}'`);
    }
    onlyKeys(tool, TOOL_FIELDS, param);
    const name = string(tool.name, `${param}.name`);
    if (!/^[a-zA-Z0-9_-]{1,128}$/.test(name)) throw bad(`${param}.name`, "String should match pattern '^[a-zA-Z0-9_-]{1,128}$'");
    const def: ToolDefinition = { name, parameters: object(tool.input_schema, `${param}.input_schema`) };
    if (tool.description !== undefined) def.description = string(tool.description, `${param}.description`);
    const strict = boolean(tool.strict, `${param}.strict`);
    if (strict !== undefined) def.strict = strict;
    const cache = cacheControl(tool.cache_control, `${param}.cache_control`);
    if (cache) def.cacheControl = cache;
    const extras = decodeToolHints(tool, param);
    if (extras) def.anthropicExtras = extras;
    return def;
  });
}

function decodeToolChoice(value: unknown): { choice: ToolChoice; parallel?: false } {
  const tc = object(value, 'tool_choice');
  const disable = boolean(tc.disable_parallel_tool_use, 'tool_choice.disable_parallel_tool_use');
  const parallel = disable ? { parallel: false as const } : {};
  switch (tc.type) {
    case 'auto':
      onlyKeys(tc, ['type', 'disable_parallel_tool_use'], 'tool_choice');
      return { choice: 'auto', ...parallel };
    case 'any':
      onlyKeys(tc, ['type', 'disable_parallel_tool_use'], 'tool_choice');
      return { choice: 'required', ...parallel };
    case 'tool':
      onlyKeys(tc, ['type', 'name', 'disable_parallel_tool_use'], 'tool_choice');
      return { choice: { name: string(tc.name, 'tool_choice.name') }, ...parallel };
    case 'none':
      onlyKeys(tc, ['type'], 'tool_choice');
      return { choice: 'none' };
    default:
      throw bad('tool_choice.type', "Input should be 'auto', 'any', 'tool' or 'none'");
  }
}

/** thinking → a reasoning request. Adaptive thinking lets the model choose, read as medium effort. */
function decodeThinking(value: unknown, maxTokens: number): ReasoningRequest | undefined {
  const thinking = object(value, 'thinking');
  if (thinking.display !== undefined && thinking.display !== null && thinking.display !== 'summarized') {
    throw unsupported('thinking.display', `display '${String(thinking.display)}'`);
  }
  switch (thinking.type) {
    case 'enabled': {
      onlyKeys(thinking, ['type', 'budget_tokens', 'display'], 'thinking');
      const budget = integerAtLeast(thinking.budget_tokens, 'thinking.budget_tokens', MIN_THINKING_BUDGET, true)!;
      if (budget >= maxTokens) throw bad('thinking.budget_tokens', '`max_tokens` must be greater than `thinking.budget_tokens`');
      return { budgetTokens: budget };
    }
    case 'adaptive':
      onlyKeys(thinking, ['type', 'display'], 'thinking');
      return { effort: 'medium' };
    case 'disabled':
      onlyKeys(thinking, ['type'], 'thinking');
      return undefined;
    default:
      throw bad('thinking.type', "Input should be 'enabled', 'adaptive' or 'disabled'");
  }
}

const EFFORTS: Record<string, ReasoningEffort> = { low: 'low', medium: 'medium', high: 'high', xhigh: 'high', max: 'high' };

function decodeOutputConfig(value: unknown): { format?: ResponseFormat; effort?: ReasoningEffort } {
  const config = object(value, 'output_config');
  onlyKeys(config, ['format', 'effort'], 'output_config');
  const out: { format?: ResponseFormat; effort?: ReasoningEffort } = {};
  if (config.effort !== undefined && config.effort !== null) {
    // Own keys only: 'constructor' must not find Object's.
    const effort = typeof config.effort === 'string' && Object.hasOwn(EFFORTS, config.effort) ? EFFORTS[config.effort] : undefined;
    if (!effort) throw bad('output_config.effort', "Input should be 'low', 'medium', 'high', 'xhigh' or 'max'");
    out.effort = effort;
  }
  if (config.format !== undefined && config.format !== null) {
    const format = object(config.format, 'output_config.format');
    onlyKeys(format, ['type', 'schema'], 'output_config.format');
    if (format.type !== 'json_schema') throw bad('output_config.format.type', "Input should be 'json_schema'");
    out.format = { type: 'json_schema', name: 'response', schema: object(format.schema, 'output_config.format.schema') };
  }
  return out;
}

/** Validates and decodes a POST /v1/messages body. */
export function decodeRequest(body: unknown): ChatRequest {
  const req: Json = object(body, 'body');
  for (const key of Object.keys(req)) {
    const what = REFUSED_FIELDS.get(key);
    if (what) {
      // null asks for nothing; a value asks for a feature the gateway does not have.
      if (req[key] !== undefined && req[key] !== null) throw unsupported(key, what);
    } else if (!FIELDS.includes(key)) throw bad(key, 'Extra inputs are not permitted');
  }
  // With a stored prompt, the prompt may supply the model and every message.
  const prompt = decodePromptField(req.prompt);
  const model = prompt && (req.model === undefined || req.model === null) ? '' : string(req.model, 'model');
  if (model === '' && !prompt) throw bad('model', 'String should have at least 1 character');
  const maxTokens = integerAtLeast(req.max_tokens, 'max_tokens', 1, true)!;
  const system = decodeSystem(req.system);
  const noMessages = prompt && (req.messages === undefined || req.messages === null || (Array.isArray(req.messages) && req.messages.length === 0));
  const messages = noMessages ? [] : decodeMessages(req.messages);
  const request: ChatRequest = { model, messages: system ? [system, ...messages] : messages, stream: false, maxTokens };
  if (prompt) request.prompt = prompt;

  const stream = boolean(req.stream, 'stream');
  if (stream) request.stream = true;
  if (req.stop_sequences !== undefined && req.stop_sequences !== null) {
    const stop = array(req.stop_sequences, 'stop_sequences').map((s, i) => string(s, `stop_sequences.${i}`));
    if (stop.length > 0) request.stop = stop;
  }
  const temperature = numberIn(req.temperature, 'temperature', 0, 1);
  if (temperature !== undefined) request.temperature = temperature;
  const topP = numberIn(req.top_p, 'top_p', 0, 1);
  if (topP !== undefined) request.topP = topP;
  const topK = integerAtLeast(req.top_k, 'top_k', 0, false);
  if (topK !== undefined) request.topK = topK;
  if (req.metadata !== undefined && req.metadata !== null) {
    const metadata = object(req.metadata, 'metadata');
    onlyKeys(metadata, ['user_id'], 'metadata');
    if (metadata.user_id !== undefined && metadata.user_id !== null) request.user = string(metadata.user_id, 'metadata.user_id');
  }
  if (req.tools !== undefined && req.tools !== null) {
    const tools = decodeTools(req.tools);
    if (tools.length > 0) request.tools = tools;
  }
  if (req.tool_choice !== undefined && req.tool_choice !== null) {
    const { choice, parallel } = decodeToolChoice(req.tool_choice);
    request.toolChoice = choice;
    if (parallel === false) request.parallelToolCalls = false;
    if (typeof choice === 'object' && !request.tools?.some((t) => t.name === choice.name)) {
      throw bad('tool_choice.name', `Tool '${choice.name}' not found in tools`);
    }
  }
  let reasoning = req.thinking === undefined || req.thinking === null ? undefined : decodeThinking(req.thinking, maxTokens);
  if (req.output_config !== undefined && req.output_config !== null) {
    const { format, effort } = decodeOutputConfig(req.output_config);
    if (format) request.responseFormat = format;
    // An explicit effort refines adaptive thinking; an explicit budget stays as given.
    if (effort) reasoning = reasoning?.budgetTokens !== undefined ? { ...reasoning, effort } : { effort };
  }
  if (reasoning) request.reasoning = reasoning;
  decodeOptions(req, request);
  return request;
}

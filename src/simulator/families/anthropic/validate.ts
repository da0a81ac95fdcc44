/**
 * Validates a POST /v1/messages body the way the Messages API does and reduces it to a SimInput.
 * Messages and content are checked in conversation.ts; this file covers the top level: required
 * fields, unknown fields, sampling ranges, tools, tool_choice, thinking and their combinations.
 */
import type { SimInput, SimTool } from '../../reply.js';
import { validateConversation } from './conversation.js';
import { type AnthropicSimError, invalid } from './errors.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const FIELDS = new Set([
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
  'cache_control',
  'service_tier',
  'container',
  'mcp_servers',
  'context_management',
  'inference_geo',
]);

const DOCS = 'Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking';

/** Models released after Claude Opus 4.6 reject assistant prefill. */
const NO_PREFILL = /^claude-(opus|sonnet|haiku)-(4-[6-9]|[5-9])/;

function checkNumber(value: unknown, name: string, min: number, max: number): AnthropicSimError | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) return invalid(`${name}: Input should be a valid number`);
  if (value < min || value > max) return invalid(`${name}: Input should be less than or equal to ${max} and greater than or equal to ${min}`);
  return undefined;
}

function checkTools(value: unknown): { tools: SimTool[]; breakpoints: number } | AnthropicSimError {
  if (value === undefined || value === null) return { tools: [], breakpoints: 0 };
  if (!Array.isArray(value)) return invalid('tools: Input should be a valid list');
  const tools: SimTool[] = [];
  let breakpoints = 0;
  for (let i = 0; i < value.length; i++) {
    const tool = value[i];
    const path = `tools.${i}`;
    if (!isObj(tool)) return invalid(`${path}: Input should be a valid dictionary`);
    if (tool.cache_control) breakpoints++;
    if (typeof tool.type === 'string' && tool.type !== 'custom') {
      // Server tools (web_search_20250305, ...) are defined by the API; only the name matters here.
      if (typeof tool.name !== 'string') return invalid(`${path}.name: Field required`);
      continue;
    }
    if (typeof tool.name !== 'string') return invalid(`${path}.name: Field required`);
    if (!/^[a-zA-Z0-9_-]{1,128}$/.test(tool.name)) return invalid(`${path}.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`);
    if (!isObj(tool.input_schema)) return invalid(`${path}.input_schema: Field required`);
    if (tool.input_schema.type !== 'object') return invalid(`${path}.input_schema.type: Input should be 'object'`);
    const allowed = [
      'type',
      'name',
      'description',
      'input_schema',
      'cache_control',
      'strict',
      'input_examples',
      'eager_input_streaming',
      'defer_loading',
      'allowed_callers',
    ];
    const key = Object.keys(tool).find((k) => !allowed.includes(k));
    if (key) return invalid(`${path}.${key}: Extra inputs are not permitted`);
    if (tools.some((t) => t.name === tool.name)) return invalid('tools: Tool names must be unique.');
    tools.push({ name: tool.name, parameters: tool.input_schema });
  }
  return { tools, breakpoints };
}

function checkToolChoice(value: unknown, tools: SimTool[]): { choice?: string; parallel: boolean } | AnthropicSimError {
  if (value === undefined || value === null) return { parallel: true };
  if (!isObj(value)) return invalid('tool_choice: Input should be a valid dictionary');
  const parallel = value.disable_parallel_tool_use !== true;
  switch (value.type) {
    case 'auto':
      return { choice: 'auto', parallel };
    case 'any':
      return { choice: 'required', parallel };
    case 'none':
      return { choice: 'none', parallel };
    case 'tool':
      if (typeof value.name !== 'string') return invalid('tool_choice.tool.name: Field required');
      if (!tools.some((t) => t.name === value.name)) return invalid(`tool_choice.tool.name: Tool '${value.name}' not found in tools`);
      return { choice: value.name, parallel };
    default:
      return invalid(
        `tool_choice: Input tag '${String(value.type)}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'`,
      );
  }
}

function checkThinking(body: Obj, maxTokens: number): { on: boolean } | AnthropicSimError {
  const thinking = body.thinking;
  if (thinking === undefined || thinking === null) return { on: false };
  if (!isObj(thinking)) return invalid('thinking: Input should be a valid dictionary');
  if (thinking.type === 'disabled') return { on: false };
  if (thinking.type === 'adaptive') return { on: true };
  if (thinking.type !== 'enabled') {
    return invalid(
      `thinking: Input tag '${String(thinking.type)}' found using 'type' does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'`,
    );
  }
  const budget = thinking.budget_tokens;
  if (budget === undefined) return invalid('thinking.enabled.budget_tokens: Field required');
  if (typeof budget !== 'number' || !Number.isInteger(budget)) return invalid('thinking.enabled.budget_tokens: Input should be a valid integer');
  if (budget < 1024) return invalid('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
  if (budget >= maxTokens) return invalid(`\`max_tokens\` must be greater than \`thinking.budget_tokens\`. ${DOCS}`);
  return { on: true };
}

/** Validates the body; returns the SimInput or the API's error. */
export function validateMessagesRequest(body: unknown): SimInput | AnthropicSimError {
  if (!isObj(body)) return invalid('There was an error parsing the body of your request. Please check that it is valid JSON.');
  for (const key of Object.keys(body)) if (!FIELDS.has(key)) return invalid(`${key}: Extra inputs are not permitted`);
  if (body.model === undefined) return invalid('model: Field required');
  if (typeof body.model !== 'string' || body.model === '') return invalid('model: Input should be a valid string');
  const maxTokens = body.max_tokens;
  if (maxTokens === undefined) return invalid('max_tokens: Field required');
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens)) return invalid('max_tokens: Input should be a valid integer');
  if (maxTokens < 1) return invalid('max_tokens: Input should be greater than or equal to 1');
  if (body.stream !== undefined && typeof body.stream !== 'boolean') return invalid('stream: Input should be a valid boolean');

  const range = checkNumber(body.temperature, 'temperature', 0, 1) ?? checkNumber(body.top_p, 'top_p', 0, 1);
  if (range) return range;
  if (body.top_k !== undefined && (typeof body.top_k !== 'number' || !Number.isInteger(body.top_k) || body.top_k < 0)) {
    return invalid('top_k: Input should be a valid integer greater than or equal to 0');
  }
  let stop: string[] = [];
  if (body.stop_sequences !== undefined && body.stop_sequences !== null) {
    if (!Array.isArray(body.stop_sequences) || !body.stop_sequences.every((s) => typeof s === 'string')) {
      return invalid('stop_sequences: Input should be a valid list of strings');
    }
    stop = body.stop_sequences as string[];
  }
  if (body.metadata !== undefined && body.metadata !== null) {
    if (!isObj(body.metadata)) return invalid('metadata: Input should be a valid dictionary');
    const key = Object.keys(body.metadata).find((k) => k !== 'user_id');
    if (key) return invalid(`metadata.${key}: Extra inputs are not permitted`);
    const user = body.metadata.user_id;
    if (user !== undefined && user !== null && typeof user !== 'string') return invalid('metadata.user_id: Input should be a valid string');
  }

  const thinking = checkThinking(body, maxTokens);
  if ('status' in thinking) return thinking;
  if (thinking.on) {
    if (body.temperature !== undefined && body.temperature !== 1) return invalid(`\`temperature\` may only be set to 1 when thinking is enabled. ${DOCS}`);
    if (body.top_k !== undefined) return invalid(`\`top_k\` must be unset when thinking is enabled. ${DOCS}`);
    if (typeof body.top_p === 'number' && body.top_p < 0.95) {
      return invalid(`\`top_p\` must be greater than or equal to 0.95 or unset when thinking is enabled. ${DOCS}`);
    }
  }
  const tools = checkTools(body.tools);
  if ('status' in tools) return tools;
  const choice = checkToolChoice(body.tool_choice, tools.tools);
  if ('status' in choice) return choice;
  if (thinking.on && choice.choice !== undefined && choice.choice !== 'auto' && choice.choice !== 'none') {
    return invalid('Thinking may not be enabled when tool_choice forces tool use.');
  }

  let jsonSchema: Record<string, unknown> | undefined;
  if (body.output_config !== undefined && body.output_config !== null) {
    if (!isObj(body.output_config)) return invalid('output_config: Input should be a valid dictionary');
    const format = body.output_config.format;
    if (format !== undefined && format !== null) {
      if (!isObj(format) || format.type !== 'json_schema') return invalid("output_config.format.type: Input should be 'json_schema'");
      if (!isObj(format.schema)) return invalid('output_config.format.schema: Field required');
      jsonSchema = format.schema;
    }
  }

  const facts = validateConversation(body.system, body.messages, thinking.on);
  if ('status' in facts) return facts;
  if (facts.usesToolBlocks && !(Array.isArray(body.tools) && body.tools.length > 0)) {
    return invalid('Requests which include `tool_use` or `tool_result` blocks must define tools.');
  }
  const breakpoints = facts.cacheBreakpoints + tools.breakpoints;
  if (breakpoints > 4) return invalid(`A maximum of 4 blocks with cache_control may be provided. Found ${breakpoints}.`);
  if (facts.endsWithAssistant && NO_PREFILL.test(body.model)) {
    return invalid('This model does not support assistant message prefill. The conversation must end with a user message.');
  }

  const input: SimInput = {
    model: body.model,
    systemText: facts.systemText,
    lastUserText: facts.lastUserText,
    inputChars: facts.inputChars,
    imageCount: facts.imageCount,
    turnCount: facts.turnCount,
    tools: tools.tools,
    toolResults: facts.toolResults,
    stop,
    maxTokens,
    reasoning: thinking.on,
    parallelToolCalls: choice.parallel,
  };
  if (choice.choice !== undefined) input.toolChoice = choice.choice;
  if (jsonSchema) input.jsonSchema = jsonSchema;
  return input;
}

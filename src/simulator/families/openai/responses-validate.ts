/**
 * Validates a Responses API request (`POST /v1/responses`) the way OpenAI does and reduces it to
 * the planner's SimInput plus what the Responses rendering needs. Chat Completions fields get the
 * API's own pointer to where they moved; function tools are strict unless `strict: false`, and a
 * strict schema must close every object, as the real API requires.
 */
import type { SimInput, SimTool } from '../../reply.js';
import type { OpenAIValidationError } from './errors.js';
import { reduceInput } from './responses-input.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const given = (v: unknown) => v !== undefined && v !== null;
const fail = (message: string, param: string | null, code: string | null = 'invalid_value', status = 400): OpenAIValidationError => ({
  status,
  message,
  param,
  code,
});
const oneOf = (value: unknown, values: readonly string[], param: string) =>
  fail(`Invalid value: '${String(value)}'. Supported values are: ${values.map((v) => `'${v}'`).join(', ')}.`, param);

const FIELDS = new Set([
  'background',
  'context_management',
  'conversation',
  'include',
  'input',
  'instructions',
  'max_output_tokens',
  'max_tool_calls',
  'metadata',
  'model',
  'moderation',
  'parallel_tool_calls',
  'previous_response_id',
  'prompt',
  'prompt_cache_key',
  'prompt_cache_options',
  'prompt_cache_retention',
  'reasoning',
  'safety_identifier',
  'service_tier',
  'store',
  'stream',
  'stream_options',
  'temperature',
  'text',
  'tool_choice',
  'tools',
  'top_logprobs',
  'top_p',
  'truncation',
  'user',
]);
/** Chat Completions fields and where the Responses API has them. */
const MOVED: Record<string, string> = {
  messages: 'input',
  response_format: 'text.format',
  max_tokens: 'max_output_tokens',
  max_completion_tokens: 'max_output_tokens',
  reasoning_effort: 'reasoning.effort',
  verbosity: 'text.verbosity',
};
const BUILTIN_TOOLS = [
  'file_search',
  'web_search',
  'web_search_2025_08_26',
  'web_search_preview',
  'web_search_preview_2025_03_11',
  'computer',
  'computer_use_preview',
  'code_interpreter',
  'image_generation',
  'mcp',
  'local_shell',
  'shell',
  'custom',
  'apply_patch',
];
const INCLUDABLE = [
  'file_search_call.results',
  'web_search_call.results',
  'web_search_call.action.sources',
  'message.input_image.image_url',
  'computer_call_output.output.image_url',
  'code_interpreter_call.outputs',
  'reasoning.encrypted_content',
  'message.output_text.logprobs',
];
const EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];
const SUMMARIES = ['auto', 'concise', 'detailed'];
const TIERS = ['auto', 'default', 'flex', 'scale', 'priority'];

/** A validated Responses request. */
export interface ResponsesRequest {
  input: SimInput;
  body: Obj;
  stream: boolean;
  store: boolean;
  /** Reasoning was asked for (an effort other than none, or a summary). */
  reasoning: boolean;
  /** A reasoning summary was asked for. */
  summary: boolean;
  /** include has reasoning.encrypted_content. */
  encryptedReasoning: boolean;
  /** A web search tool was given. */
  webSearch: boolean;
}

/** The first reason a strict schema is not one, or undefined; checks nested objects and array items too. */
function strictProblem(schema: unknown, context = '()'): string | undefined {
  if (!isObj(schema)) return undefined;
  if (schema.type === 'object' || isObj(schema.properties)) {
    if (schema.additionalProperties !== false) return `In context=${context}, 'additionalProperties' is required to be supplied and to be false.`;
    const properties = isObj(schema.properties) ? schema.properties : {};
    const required = Array.isArray(schema.required) ? schema.required : [];
    for (const key of Object.keys(properties)) {
      if (!required.includes(key))
        return `In context=${context}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${key}'.`;
    }
    for (const [key, sub] of Object.entries(properties)) {
      const problem = strictProblem(sub, `('properties', '${key}')`);
      if (problem) return problem;
    }
  }
  if (isObj(schema.items)) return strictProblem(schema.items, `${context === '()' ? '(' : context.slice(0, -1) + ', '}'items')`);
  return undefined;
}

function checkTools(body: Obj): { tools: SimTool[]; webSearch: boolean } | OpenAIValidationError {
  const tools: SimTool[] = [];
  let webSearch = false;
  if (!given(body.tools)) return { tools, webSearch };
  if (!Array.isArray(body.tools)) return fail("Invalid type for 'tools': expected an array.", 'tools', 'invalid_type');
  for (let i = 0; i < body.tools.length; i++) {
    const tool = body.tools[i];
    const path = `tools[${i}]`;
    if (!isObj(tool)) return fail(`Invalid type for '${path}': expected an object.`, path, 'invalid_type');
    if (tool.type === 'function') {
      // Chat Completions nests the function; the Responses API does not.
      if ('function' in tool) return fail(`Unknown parameter: '${path}.function'.`, `${path}.function`, 'unknown_parameter');
      const name = tool.name;
      if (typeof name !== 'string') return fail(`Missing required parameter: '${path}.name'.`, `${path}.name`, 'missing_required_parameter');
      if (!/^[a-zA-Z0-9_-]{1,64}$/.test(name))
        return fail(`Invalid '${path}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`, `${path}.name`);
      if (given(tool.parameters) && !isObj(tool.parameters))
        return fail(`Invalid type for '${path}.parameters': expected an object.`, `${path}.parameters`, 'invalid_type');
      // Responses function tools are strict unless told otherwise.
      const problem = tool.strict === false ? undefined : strictProblem(tool.parameters ?? { type: 'object', properties: {} });
      if (problem) return fail(`Invalid schema for function '${name}': ${problem}`, `${path}.parameters`, 'invalid_function_parameters');
      tools.push({ name, parameters: isObj(tool.parameters) ? tool.parameters : undefined });
    } else if (BUILTIN_TOOLS.includes(String(tool.type))) {
      if (String(tool.type).startsWith('web_search')) webSearch = true;
      if (tool.type === 'file_search' && !Array.isArray(tool.vector_store_ids))
        return fail(`Missing required parameter: '${path}.vector_store_ids'.`, `${path}.vector_store_ids`, 'missing_required_parameter');
      if (tool.type === 'mcp' && typeof tool.server_label !== 'string')
        return fail(`Missing required parameter: '${path}.server_label'.`, `${path}.server_label`, 'missing_required_parameter');
    } else return oneOf(tool.type, ['function', ...BUILTIN_TOOLS], `${path}.type`);
  }
  return { tools, webSearch };
}

function checkToolChoice(choice: unknown, tools: SimTool[], body: Obj): string | undefined | OpenAIValidationError {
  if (!given(choice)) return undefined;
  if (typeof choice === 'string') {
    if (!['none', 'auto', 'required'].includes(choice)) return oneOf(choice, ['none', 'auto', 'required'], 'tool_choice');
    if (choice === 'required' && !Array.isArray(body.tools))
      return fail("Tool choice 'required' must be specified with 'tools' parameter.", 'tool_choice', null);
    return choice;
  }
  if (!isObj(choice)) return fail("Invalid type for 'tool_choice': expected a string or an object.", 'tool_choice', 'invalid_type');
  if (choice.type === 'function') {
    if ('function' in choice) return fail("Unknown parameter: 'tool_choice.function'.", 'tool_choice.function', 'unknown_parameter');
    if (!tools.some((t) => t.name === choice.name))
      return fail(`Invalid value for 'tool_choice': function '${String(choice.name)}' is not in 'tools'.`, 'tool_choice', 'invalid_value');
    return String(choice.name);
  }
  // allowed_tools, mcp, custom and built-in tool types: accepted, the planner does not force them.
  return 'auto';
}

function checkText(text: unknown): { jsonSchema?: SimInput['jsonSchema'] } | OpenAIValidationError {
  if (!given(text)) return {};
  if (!isObj(text)) return fail("Invalid type for 'text': expected an object.", 'text', 'invalid_type');
  if (given(text.verbosity) && !['low', 'medium', 'high'].includes(String(text.verbosity)))
    return oneOf(text.verbosity, ['low', 'medium', 'high'], 'text.verbosity');
  const format = text.format;
  if (!given(format)) return {};
  if (!isObj(format)) return fail("Invalid type for 'text.format': expected an object.", 'text.format', 'invalid_type');
  if (format.type === 'text') return {};
  if (format.type === 'json_object') return { jsonSchema: 'json_object' };
  if (format.type !== 'json_schema') return oneOf(format.type, ['text', 'json_schema', 'json_object'], 'text.format.type');
  if ('json_schema' in format) return fail("Unknown parameter: 'text.format.json_schema'.", 'text.format.json_schema', 'unknown_parameter');
  if (typeof format.name !== 'string') return fail("Missing required parameter: 'text.format.name'.", 'text.format.name', 'missing_required_parameter');
  if (!isObj(format.schema)) return fail("Missing required parameter: 'text.format.schema'.", 'text.format.schema', 'missing_required_parameter');
  const problem = format.strict === true ? strictProblem(format.schema) : undefined;
  if (problem) return fail(`Invalid schema for response_format '${format.name}': ${problem}`, 'text.format.schema', 'invalid_json_schema');
  return { jsonSchema: format.schema };
}

function checkScalars(body: Obj): OpenAIValidationError | undefined {
  for (const field of ['store', 'stream', 'parallel_tool_calls', 'background']) {
    if (given(body[field]) && typeof body[field] !== 'boolean') return fail(`Invalid type for '${field}': expected a boolean.`, field, 'invalid_type');
  }
  for (const field of ['instructions', 'safety_identifier', 'prompt_cache_key', 'user', 'previous_response_id']) {
    if (given(body[field]) && typeof body[field] !== 'string') return fail(`Invalid type for '${field}': expected a string.`, field, 'invalid_type');
  }
  for (const [field, max] of [
    ['temperature', 2],
    ['top_p', 1],
  ] as const) {
    const v = body[field];
    if (!given(v)) continue;
    if (typeof v !== 'number') return fail(`Invalid type for '${field}': expected a decimal, but got a ${typeof v} instead.`, field, 'invalid_type');
    if (v < 0 || v > max)
      return fail(`Invalid '${field}': decimal above maximum value. Expected a value <= ${max}, but got ${v} instead.`, field, 'decimal_above_max_value');
  }
  const max = body.max_output_tokens;
  if (given(max)) {
    if (!Number.isInteger(max)) return fail("Invalid type for 'max_output_tokens': expected an integer.", 'max_output_tokens', 'invalid_type');
    if ((max as number) < 16)
      return fail(
        `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got ${max} instead.`,
        'max_output_tokens',
        'integer_below_min_value',
      );
  }
  if (given(body.service_tier) && !TIERS.includes(String(body.service_tier))) return oneOf(body.service_tier, TIERS, 'service_tier');
  if (given(body.truncation) && !['auto', 'disabled'].includes(String(body.truncation))) return oneOf(body.truncation, ['auto', 'disabled'], 'truncation');
  const metadata = body.metadata;
  if (given(metadata)) {
    if (!isObj(metadata)) return fail("Invalid type for 'metadata': expected an object.", 'metadata', 'invalid_type');
    const entries = Object.entries(metadata);
    if (entries.length > 16)
      return fail(`Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got ${entries.length} instead.`, 'metadata');
    for (const [key, value] of entries)
      if (typeof value !== 'string') return fail(`Invalid type for 'metadata.${key}': expected a string.`, `metadata.${key}`, 'invalid_type');
  }
  if (given(body.stream_options) && body.stream !== true)
    return fail("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options', 'invalid_value');
  return undefined;
}

function checkReasoning(reasoning: unknown): { effort?: string; summary?: string } | OpenAIValidationError {
  if (!given(reasoning)) return {};
  if (!isObj(reasoning)) return fail("Invalid type for 'reasoning': expected an object.", 'reasoning', 'invalid_type');
  for (const key of Object.keys(reasoning)) {
    if (!['effort', 'summary', 'generate_summary'].includes(key))
      return fail(`Unknown parameter: 'reasoning.${key}'.`, `reasoning.${key}`, 'unknown_parameter');
  }
  if (given(reasoning.effort) && !EFFORTS.includes(String(reasoning.effort))) return oneOf(reasoning.effort, EFFORTS, 'reasoning.effort');
  const summary = reasoning.summary ?? reasoning.generate_summary;
  if (given(summary) && !SUMMARIES.includes(String(summary))) return oneOf(summary, SUMMARIES, 'reasoning.summary');
  return { effort: given(reasoning.effort) ? String(reasoning.effort) : undefined, summary: given(summary) ? String(summary) : undefined };
}

function checkInclude(include: unknown): string[] | OpenAIValidationError {
  if (!given(include)) return [];
  if (!Array.isArray(include)) return fail("Invalid type for 'include': expected an array.", 'include', 'invalid_type');
  for (let i = 0; i < include.length; i++) if (!INCLUDABLE.includes(String(include[i]))) return oneOf(include[i], INCLUDABLE, `include[${i}]`);
  return include as string[];
}

/** Checks the body; returns the validated request or the error OpenAI would answer with. */
export function validateResponsesRequest(raw: unknown): ResponsesRequest | OpenAIValidationError {
  if (!isObj(raw)) return fail('We could not parse the JSON body of your request.', null, null);
  const body = raw;
  for (const key of Object.keys(body)) {
    const moved = MOVED[key];
    if (moved)
      return fail(
        `Unsupported parameter: '${key}'. In the Responses API, this parameter has moved to '${moved}'. Try again with the new parameter.`,
        key,
        'unsupported_parameter',
      );
    if (!FIELDS.has(key)) return fail(`Unknown parameter: '${key}'.`, key, 'unknown_parameter');
  }
  if (typeof body.model !== 'string' || body.model.length === 0) return fail("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  if (!given(body.input)) return fail("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  const scalarError = checkScalars(body);
  if (scalarError) return scalarError;
  if (typeof body.previous_response_id === 'string')
    return fail(`Previous response with id '${body.previous_response_id}' not found.`, 'previous_response_id', null, 404);
  if (body.background === true) return fail('The simulator does not run background responses.', 'background', 'unsupported_value');
  const tools = checkTools(body);
  if ('status' in tools) return tools;
  const toolChoice = checkToolChoice(body.tool_choice, tools.tools, body);
  if (typeof toolChoice === 'object') return toolChoice;
  const text = checkText(body.text);
  if ('status' in text) return text;
  const reasoning = checkReasoning(body.reasoning);
  if ('status' in reasoning) return reasoning;
  const include = checkInclude(body.include);
  if (!Array.isArray(include)) return include;
  const store = body.store !== false;
  const reduced = reduceInput(body.input, store);
  if ('status' in reduced) return reduced;
  const asked = (reasoning.effort !== undefined && reasoning.effort !== 'none') || reasoning.summary !== undefined;
  return {
    input: {
      model: body.model,
      systemText: [typeof body.instructions === 'string' ? body.instructions : '', reduced.systemText].filter(Boolean).join('\n'),
      lastUserText: reduced.lastUserText,
      inputChars: reduced.inputChars + (typeof body.instructions === 'string' ? body.instructions.length : 0),
      imageCount: reduced.imageCount,
      turnCount: reduced.turnCount,
      tools: tools.tools,
      toolChoice,
      toolResults: reduced.toolResults,
      jsonSchema: text.jsonSchema,
      stop: [],
      maxTokens: typeof body.max_output_tokens === 'number' ? body.max_output_tokens : undefined,
      reasoning: asked,
      parallelToolCalls: body.parallel_tool_calls !== false,
    },
    body,
    stream: body.stream === true,
    store,
    reasoning: asked,
    summary: reasoning.summary !== undefined,
    encryptedReasoning: include.includes('reasoning.encrypted_content'),
    webSearch: tools.webSearch,
  };
}

/**
 * Validates a Chat Completions request the way OpenAI does, reducing it to a SimInput.
 * Returns an error (status, message, param) for anything the real API rejects.
 */
import type { SimInput, SimTool } from '../../reply.js';
import type { OpenAIValidationError } from './errors.js';
import { flavorRules } from './flavors.js';
import { checkOptions } from './validate-options.js';

const KNOWN_FIELDS = new Set([
  'model',
  'messages',
  'temperature',
  'top_p',
  'n',
  'stop',
  'max_tokens',
  'max_completion_tokens',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'seed',
  'user',
  'safety_identifier',
  'prompt_cache_key',
  'prompt_cache_retention',
  'prompt_cache_options',
  'metadata',
  'store',
  'stream',
  'stream_options',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'reasoning_effort',
  'verbosity',
  'service_tier',
  'modalities',
  'audio',
  'prediction',
  'web_search_options',
  'moderation',
  'functions',
  'function_call',
]);
/** Fields some compatible servers accept beyond OpenAI's own (vLLM, Ollama, Together...). */
const COMPAT_EXTRA_FIELDS = new Set(['top_k', 'min_p', 'repetition_penalty', 'random_seed', 'safe_prompt', 'prompt_mode']);
const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (message: string, param: string | null, code: string | null = null, status = 400): OpenAIValidationError => ({
  status,
  message,
  param,
  code,
});

function textFrom(content: unknown, path: string, allowImages: boolean, counts: { images: number }): string | OpenAIValidationError {
  if (typeof content === 'string') return content;
  if (content === null || content === undefined) return '';
  if (!Array.isArray(content)) return fail(`Invalid type for '${path}': expected one of a string or an array of objects.`, path, 'invalid_type');
  let text = '';
  for (let i = 0; i < content.length; i++) {
    const part = content[i];
    const p = `${path}[${i}]`;
    if (!isObj(part)) return fail(`Invalid type for '${p}': expected an object.`, p, 'invalid_type');
    if (part.type === 'text') {
      if (typeof part.text !== 'string') return fail(`Missing required parameter: '${p}.text'.`, `${p}.text`, 'missing_required_parameter');
      text += part.text;
    } else if (part.type === 'image_url' && allowImages) {
      const image = part.image_url;
      if (!isObj(image) || typeof image.url !== 'string')
        return fail(`Missing required parameter: '${p}.image_url.url'.`, `${p}.image_url.url`, 'missing_required_parameter');
      if (!/^(https?:\/\/|data:image\/[a-z+.-]+;base64,)/.test(image.url))
        return fail(
          `Invalid image URL: '${p}.image_url.url'. Expected a base64-encoded data URL with an image MIME type or an http(s) URL.`,
          `${p}.image_url.url`,
          'invalid_image_url',
        );
      counts.images++;
    } else if (part.type === 'refusal' || part.type === 'input_audio' || part.type === 'file') {
      // accepted, carries no text for the reply
    } else {
      return fail(
        `Invalid value: '${String(part.type)}'. Supported values are: 'text'${allowImages ? ", 'image_url', 'input_audio', 'file'" : ''}.`,
        `${p}.type`,
        'invalid_value',
      );
    }
  }
  return text;
}

/** Checks the body; returns the SimInput or a validation error. */
export function validateChatRequest(body: unknown, flavor: string): SimInput | OpenAIValidationError {
  if (!isObj(body)) return fail('We could not parse the JSON body of your request.', null);
  for (const key of Object.keys(body)) {
    if (!KNOWN_FIELDS.has(key) && !(flavor && flavor !== 'openai' && COMPAT_EXTRA_FIELDS.has(key)) && !flavorRules(flavor).extraFields.has(key)) {
      return fail(`Unrecognized request argument supplied: ${key}`, null);
    }
  }
  if (typeof body.model !== 'string' || body.model.length === 0) return fail('you must provide a model parameter', 'model', 'missing_required_parameter');
  if (!Array.isArray(body.messages)) return fail("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  if (body.messages.length === 0)
    return fail("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'messages', 'empty_array');
  if (body.stream_options !== undefined && body.stream !== true)
    return fail("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options', 'invalid_value');
  if (body.max_tokens !== undefined && body.max_completion_tokens !== undefined)
    return fail('max_tokens and max_completion_tokens cannot both be set. Use max_completion_tokens.', 'max_tokens', 'invalid_value');
  for (const [field, min, max] of [
    ['temperature', 0, 2],
    ['top_p', 0, 1],
    ['presence_penalty', -2, 2],
    ['frequency_penalty', -2, 2],
  ] as const) {
    const v = body[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number') return fail(`Invalid type for '${field}': expected a decimal, but got a ${typeof v} instead.`, field, 'invalid_type');
    if (v < min || v > max)
      return fail(`Invalid '${field}': decimal above maximum value. Expected a value <= ${max}, but got ${v} instead.`, field, 'decimal_above_max_value');
  }
  for (const field of ['max_tokens', 'max_completion_tokens', 'seed', 'n'] as const) {
    const v = body[field];
    if (v !== undefined && v !== null && !Number.isInteger(v)) return fail(`Invalid type for '${field}': expected an integer.`, field, 'invalid_type');
  }
  if (body.n !== undefined && body.n !== null && body.n !== 1) return fail('The simulator only produces n=1.', 'n', 'invalid_value');
  const optionError = checkOptions(body, flavor);
  if (optionError) return optionError;

  const tools: SimTool[] = [];
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) return fail("Invalid type for 'tools': expected an array.", 'tools', 'invalid_type');
    for (let i = 0; i < body.tools.length; i++) {
      const tool = body.tools[i];
      if (!isObj(tool) || tool.type !== 'function' || !isObj(tool.function))
        return fail(`Invalid value for 'tools[${i}]': expected a function tool.`, `tools[${i}]`, 'invalid_value');
      const name = tool.function.name;
      if (typeof name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(name))
        return fail(
          `Invalid 'tools[${i}].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
          `tools[${i}].function.name`,
          'invalid_value',
        );
      tools.push({ name, parameters: isObj(tool.function.parameters) ? tool.function.parameters : undefined });
    }
  }
  let toolChoice: string | undefined;
  if (body.tool_choice !== undefined) {
    if (tools.length === 0) return fail("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", 'tool_choice', null);
    const tc = body.tool_choice;
    if (typeof tc === 'string') {
      if (!['auto', 'none', 'required', ...(flavor === 'mistral' ? ['any'] : [])].includes(tc))
        return fail(`Invalid value: '${tc}'. Supported values are: 'none', 'auto', and 'required'.`, 'tool_choice', 'invalid_value');
      toolChoice = tc === 'any' ? 'required' : tc;
    } else if (isObj(tc) && isObj(tc.function) && typeof tc.function.name === 'string') {
      if (!tools.some((t) => t.name === (tc.function as Obj).name))
        return fail(`Invalid value for 'tool_choice': function '${String(tc.function.name)}' is not in 'tools'.`, 'tool_choice', 'invalid_value');
      toolChoice = tc.function.name;
    } else return fail("Invalid value for 'tool_choice'.", 'tool_choice', 'invalid_value');
  }

  let jsonSchema: SimInput['jsonSchema'];
  if (body.response_format !== undefined && body.response_format !== null) {
    const rf = body.response_format;
    if (!isObj(rf)) return fail("Invalid type for 'response_format': expected an object.", 'response_format', 'invalid_type');
    if (rf.type === 'json_object') jsonSchema = 'json_object';
    else if (rf.type === 'json_schema') {
      const js = rf.json_schema;
      if (!isObj(js) || typeof js.name !== 'string')
        return fail("Missing required parameter: 'response_format.json_schema.name'.", 'response_format.json_schema.name', 'missing_required_parameter');
      jsonSchema = isObj(js.schema) ? js.schema : { type: 'object' };
    } else if (rf.type !== 'text')
      return fail(
        `Invalid value: '${String(rf.type)}'. Supported values are: 'text', 'json_object', and 'json_schema'.`,
        'response_format.type',
        'invalid_value',
      );
  }

  let stop: string[] = [];
  if (typeof body.stop === 'string') stop = [body.stop];
  else if (Array.isArray(body.stop)) {
    if (body.stop.length > 4 || !body.stop.every((s) => typeof s === 'string'))
      return fail("Invalid 'stop': expected up to 4 strings.", 'stop', 'invalid_value');
    stop = body.stop as string[];
  }

  const counts = { images: 0 };
  let systemText = '';
  let lastUserText = '';
  let inputChars = 0;
  let turns = 0;
  let pendingCallIds = new Set<string>();
  let toolResults: string[] = [];
  for (let i = 0; i < body.messages.length; i++) {
    const m = body.messages[i];
    const path = `messages[${i}]`;
    if (!isObj(m)) return fail(`Invalid type for '${path}': expected an object.`, path, 'invalid_type');
    if (typeof m.role !== 'string' || !ROLES.has(m.role))
      return fail(
        `Invalid value: '${String(m.role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
        `${path}.role`,
        'invalid_value',
      );
    const role = m.role;
    if (role !== 'assistant' && m.content === undefined)
      return fail(`Missing required parameter: '${path}.content'.`, `${path}.content`, 'missing_required_parameter');
    const text = textFrom(m.content, `${path}.content`, role === 'user', counts);
    if (typeof text !== 'string') return text;
    inputChars += text.length;
    if (role === 'system' || role === 'developer') systemText += (systemText ? '\n' : '') + text;
    else turns++;
    if (role === 'user') {
      lastUserText = text;
      toolResults = [];
      pendingCallIds = new Set();
    }
    if (role === 'assistant') {
      toolResults = [];
      pendingCallIds = new Set();
      if (m.tool_calls !== undefined) {
        if (!Array.isArray(m.tool_calls)) return fail(`Invalid type for '${path}.tool_calls': expected an array.`, `${path}.tool_calls`, 'invalid_type');
        for (const call of m.tool_calls) {
          if (
            !isObj(call) ||
            typeof call.id !== 'string' ||
            !isObj(call.function) ||
            typeof call.function.name !== 'string' ||
            typeof call.function.arguments !== 'string'
          ) {
            return fail(
              `Invalid value for '${path}.tool_calls': each call needs id, type 'function' and function.name/arguments strings.`,
              `${path}.tool_calls`,
              'invalid_value',
            );
          }
          pendingCallIds.add(call.id);
          inputChars += call.function.arguments.length;
        }
      } else if (m.content === null || m.content === undefined) {
        return fail(`Invalid value for '${path}.content': content is required unless tool_calls is given.`, `${path}.content`, 'invalid_value');
      }
    }
    if (role === 'tool') {
      if (typeof m.tool_call_id !== 'string')
        return fail(`Missing required parameter: '${path}.tool_call_id'.`, `${path}.tool_call_id`, 'missing_required_parameter');
      if (!pendingCallIds.has(m.tool_call_id)) {
        return fail(`Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.`, `${path}.role`, null);
      }
      toolResults.push(text);
    }
  }
  const maxTokens = (body.max_completion_tokens ?? body.max_tokens) as number | undefined | null;
  return {
    model: body.model,
    systemText,
    lastUserText,
    inputChars,
    imageCount: counts.images,
    turnCount: turns,
    tools,
    toolChoice,
    toolResults,
    jsonSchema,
    stop,
    maxTokens: maxTokens ?? undefined,
    reasoning: typeof body.reasoning_effort === 'string' && body.reasoning_effort !== 'none',
    parallelToolCalls: body.parallel_tool_calls !== false,
  };
}

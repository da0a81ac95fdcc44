/** OpenAI Chat Completions request body (from a client) → canonical ChatRequest, with validation. */
import { GatewayError, invalidRequest } from '../../core/errors.js';
import type { ChatRequest, ContentPart, Message, ReasoningEffort, ResponseFormat, TextPart, ToolChoice, ToolDefinition } from '../../core/types.js';
import { parseImageUrl } from '../image-url.js';
import { decodePromptField } from '../prompt-reference.js';
import { checkFields, decodeProviderOptions, decodeStreamOptions, decodeUser, notByGateway } from './decode-fields.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function num(body: Obj, key: string, min?: number, max?: number): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalidRequest(`'${key}' must be a number.`, key);
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) throw invalidRequest(`'${key}' must be between ${min} and ${max}.`, key);
  return v;
}

function int(body: Obj, key: string, min = 0): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw invalidRequest(`'${key}' must be an integer >= ${min}.`, key);
  return v;
}

function textParts(content: unknown, path: string): TextPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw invalidRequest(`'${path}' must be a string or an array of text parts.`, path);
  return content.map((part, i) => {
    if (!isObj(part) || part.type !== 'text' || typeof part.text !== 'string') {
      throw invalidRequest(`'${path}[${i}]' must be a text part {"type":"text","text":"..."}.`, `${path}[${i}]`);
    }
    return { type: 'text', text: part.text };
  });
}

function userParts(content: unknown, path: string): ContentPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content)) throw invalidRequest(`'${path}' must be a string or an array of content parts.`, path);
  return content.map((part, i): ContentPart => {
    const p = `${path}[${i}]`;
    if (!isObj(part)) throw invalidRequest(`'${p}' must be an object.`, p);
    if (part.type === 'text') {
      if (typeof part.text !== 'string') throw invalidRequest(`'${p}.text' must be a string.`, `${p}.text`);
      return { type: 'text', text: part.text };
    }
    if (part.type === 'image_url') {
      const image = part.image_url;
      const url = isObj(image) ? image.url : typeof image === 'string' ? image : undefined;
      if (typeof url !== 'string') throw invalidRequest(`'${p}.image_url.url' must be a string.`, `${p}.image_url.url`);
      const detail = isObj(image) && (image.detail === 'low' || image.detail === 'high' || image.detail === 'auto') ? image.detail : undefined;
      return { ...parseImageUrl(url, `${p}.image_url.url`), ...(detail ? { detail } : {}) };
    }
    throw new GatewayError('unsupported_parameter', 400, `Content part type '${String(part.type)}' at '${p}' is not supported by Switchboard yet.`, {
      param: `${p}.type`,
    });
  });
}

function decodeMessage(raw: unknown, i: number): Message {
  const path = `messages[${i}]`;
  if (!isObj(raw)) throw invalidRequest(`'${path}' must be an object.`, path);
  switch (raw.role) {
    case 'system':
    case 'developer':
      return { role: raw.role, content: textParts(raw.content, `${path}.content`) };
    case 'user':
      return { role: 'user', content: userParts(raw.content, `${path}.content`), ...(typeof raw.name === 'string' ? { name: raw.name } : {}) };
    case 'assistant': {
      // A replayed audio answer or legacy function_call has no canonical form: refused, not dropped.
      if (raw.audio !== undefined && raw.audio !== null) throw notByGateway(`${path}.audio`, 'Audio in assistant messages');
      if (raw.function_call !== undefined && raw.function_call !== null) {
        throw notByGateway(`${path}.function_call`, "The deprecated 'function_call' (use 'tool_calls')");
      }
      const content: ContentPart[] = raw.content === null || raw.content === undefined ? [] : textPartsAllowRefusal(raw.content, `${path}.content`);
      const message: Message = { role: 'assistant', content };
      if (raw.tool_calls !== undefined && raw.tool_calls !== null) {
        if (!Array.isArray(raw.tool_calls)) throw invalidRequest(`'${path}.tool_calls' must be an array.`, `${path}.tool_calls`);
        message.toolCalls = raw.tool_calls.map((call, j) => {
          const p = `${path}.tool_calls[${j}]`;
          if (!isObj(call) || typeof call.id !== 'string' || !isObj(call.function) || typeof call.function.name !== 'string') {
            throw invalidRequest(`'${p}' must have an id and function.name.`, p);
          }
          const args = call.function.arguments;
          return { id: call.id, name: call.function.name, arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) };
        });
      } else if (content.length === 0) {
        throw invalidRequest(`'${path}.content' is required unless tool_calls is given.`, `${path}.content`);
      }
      if (typeof raw.refusal === 'string') message.refusal = raw.refusal;
      return message;
    }
    case 'tool':
      if (typeof raw.tool_call_id !== 'string') throw invalidRequest(`'${path}.tool_call_id' is required for tool messages.`, `${path}.tool_call_id`);
      return { role: 'tool', toolCallId: raw.tool_call_id, content: textParts(raw.content ?? '', `${path}.content`) };
    default:
      throw invalidRequest(`'${path}.role' must be one of system, developer, user, assistant, tool.`, `${path}.role`);
  }
}

function textPartsAllowRefusal(content: unknown, path: string): TextPart[] {
  if (Array.isArray(content))
    return textParts(
      content.filter((p) => !(isObj(p) && p.type === 'refusal')),
      path,
    );
  return textParts(content, path);
}

function decodeTools(raw: unknown): ToolDefinition[] {
  if (!Array.isArray(raw)) throw invalidRequest("'tools' must be an array.", 'tools');
  return raw.map((tool, i) => {
    const p = `tools[${i}]`;
    // GPT-5 custom (free-form grammar) tools have no canonical form: refused by name, not as a typo.
    if (isObj(tool) && tool.type === 'custom') throw notByGateway(`${p}.type`, "Custom (free-form) tools of type 'custom'");
    if (!isObj(tool) || tool.type !== 'function' || !isObj(tool.function)) throw invalidRequest(`'${p}' must be {"type":"function","function":{...}}.`, p);
    const fn = tool.function;
    if (typeof fn.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(fn.name)) {
      throw invalidRequest(`'${p}.function.name' must be 1-64 characters of a-z, A-Z, 0-9, _ and -.`, `${p}.function.name`);
    }
    if (fn.parameters !== undefined && !isObj(fn.parameters))
      throw invalidRequest(`'${p}.function.parameters' must be a JSON Schema object.`, `${p}.function.parameters`);
    return {
      name: fn.name,
      ...(typeof fn.description === 'string' ? { description: fn.description } : {}),
      parameters: (fn.parameters as Obj | undefined) ?? { type: 'object', properties: {} },
      ...(typeof fn.strict === 'boolean' ? { strict: fn.strict } : {}),
    };
  });
}

function decodeToolChoice(raw: unknown): ToolChoice {
  if (raw === 'auto' || raw === 'none' || raw === 'required') return raw;
  if (isObj(raw) && isObj(raw.function) && typeof raw.function.name === 'string') return { name: raw.function.name };
  if (isObj(raw) && (raw.type === 'allowed_tools' || raw.type === 'custom')) throw notByGateway('tool_choice', `tool_choice of type '${raw.type}'`);
  throw invalidRequest('\'tool_choice\' must be \'auto\', \'none\', \'required\' or {"type":"function","function":{"name":...}}.', 'tool_choice');
}

function decodeResponseFormat(raw: unknown): ResponseFormat | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObj(raw)) throw invalidRequest("'response_format' must be an object.", 'response_format');
  if (raw.type === 'text') return { type: 'text' };
  if (raw.type === 'json_object') return { type: 'json_object' };
  if (raw.type === 'json_schema') {
    const js = raw.json_schema;
    if (!isObj(js) || typeof js.name !== 'string') throw invalidRequest("'response_format.json_schema.name' is required.", 'response_format.json_schema.name');
    if (js.schema !== undefined && !isObj(js.schema))
      throw invalidRequest("'response_format.json_schema.schema' must be an object.", 'response_format.json_schema.schema');
    return {
      type: 'json_schema',
      name: js.name,
      schema: (js.schema as Obj | undefined) ?? { type: 'object' },
      ...(typeof js.strict === 'boolean' ? { strict: js.strict } : {}),
      ...(typeof js.description === 'string' ? { description: js.description } : {}),
    };
  }
  throw invalidRequest("'response_format.type' must be text, json_object or json_schema.", 'response_format.type');
}

const EFFORTS = new Set(['none', 'minimal', 'low', 'medium', 'high']);

/** Validates an OpenAI chat body and returns the canonical request (model = what the client asked). */
export function decodeOpenAIChatRequest(body: unknown): ChatRequest {
  if (!isObj(body)) throw invalidRequest('The request body must be a JSON object.');
  checkFields(body);
  // With a stored prompt, the prompt may supply the model and every message.
  const prompt = decodePromptField(body.prompt);
  const model = prompt && (body.model === undefined || body.model === null) ? '' : body.model;
  if (typeof model !== 'string' || (model.length === 0 && !prompt)) throw invalidRequest("'model' is required and must be a string.", 'model');
  const messages = prompt && (body.messages === undefined || body.messages === null) ? [] : body.messages;
  if (!Array.isArray(messages)) throw invalidRequest("'messages' is required and must be an array.", 'messages');
  if (messages.length === 0 && !prompt) throw invalidRequest("'messages' must contain at least one message.", 'messages');
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') throw invalidRequest("'stream' must be a boolean.", 'stream');
  const request: ChatRequest = {
    model,
    messages: messages.map(decodeMessage),
    stream: body.stream === true,
  };
  if (prompt) request.prompt = prompt;
  if (body.tools !== undefined && body.tools !== null) request.tools = decodeTools(body.tools);
  if (body.tool_choice !== undefined && body.tool_choice !== null) request.toolChoice = decodeToolChoice(body.tool_choice);
  if (body.parallel_tool_calls !== undefined && body.parallel_tool_calls !== null) {
    if (typeof body.parallel_tool_calls !== 'boolean') throw invalidRequest("'parallel_tool_calls' must be a boolean.", 'parallel_tool_calls');
    request.parallelToolCalls = body.parallel_tool_calls;
  }
  const format = decodeResponseFormat(body.response_format);
  if (format && format.type !== 'text') request.responseFormat = format;
  if (typeof body.stop === 'string') request.stop = [body.stop];
  else if (Array.isArray(body.stop)) {
    if (!body.stop.every((s) => typeof s === 'string')) throw invalidRequest("'stop' must be a string or an array of strings.", 'stop');
    request.stop = body.stop as string[];
  } else if (body.stop !== undefined && body.stop !== null) throw invalidRequest("'stop' must be a string or an array of strings.", 'stop');
  const temperature = num(body, 'temperature', 0, 2);
  if (temperature !== undefined) request.temperature = temperature;
  const topP = num(body, 'top_p', 0, 1);
  if (topP !== undefined) request.topP = topP;
  const topK = int(body, 'top_k', 1);
  if (topK !== undefined) request.topK = topK;
  const maxTokens = int(body, 'max_completion_tokens', 1) ?? int(body, 'max_tokens', 1);
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  const seed = body.seed;
  if (seed !== undefined && seed !== null) {
    if (typeof seed !== 'number' || !Number.isInteger(seed)) throw invalidRequest("'seed' must be an integer.", 'seed');
    request.seed = seed;
  }
  const fp = num(body, 'frequency_penalty', -2, 2);
  if (fp !== undefined) request.frequencyPenalty = fp;
  const pp = num(body, 'presence_penalty', -2, 2);
  if (pp !== undefined) request.presencePenalty = pp;
  if (body.reasoning_effort !== undefined && body.reasoning_effort !== null) {
    if (typeof body.reasoning_effort !== 'string' || !EFFORTS.has(body.reasoning_effort)) {
      throw invalidRequest("'reasoning_effort' must be one of none, minimal, low, medium, high.", 'reasoning_effort');
    }
    request.reasoning = { effort: body.reasoning_effort as ReasoningEffort };
  }
  const user = decodeUser(body);
  if (user !== undefined) request.user = user;
  decodeProviderOptions(body, request);
  const includeUsage = decodeStreamOptions(body.stream_options);
  if (request.stream) request.includeUsageInStream = includeUsage;
  return request;
}

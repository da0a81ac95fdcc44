/**
 * Validation of a Cohere v2 chat body, field by field as the real API checks it, and its
 * reduction to the planner's SimInput. Unknown fields get Cohere's 422, bad values its 400.
 */
import type { SimInput, SimTool } from '../../reply.js';
import { badRequest, type CohereFailure, firstUnknownKey, unknownField } from './errors.js';

type Obj = Record<string, unknown>;

const TOP_LEVEL = new Set([
  'model',
  'messages',
  'stream',
  'tools',
  'strict_tools',
  'tool_choice',
  'documents',
  'citation_options',
  'response_format',
  'safety_mode',
  'max_tokens',
  'stop_sequences',
  'temperature',
  'p',
  'k',
  'frequency_penalty',
  'presence_penalty',
  'seed',
  'logprobs',
  'thinking',
  'priority',
]);
const MESSAGE_KEYS: Record<string, ReadonlySet<string>> = {
  system: new Set(['role', 'content']),
  user: new Set(['role', 'content']),
  assistant: new Set(['role', 'content', 'tool_calls', 'tool_plan', 'citations']),
  tool: new Set(['role', 'tool_call_id', 'content']),
};
/** Content part types each role accepts. */
const PART_TYPES: Record<string, ReadonlySet<string>> = {
  system: new Set(['text']),
  user: new Set(['text', 'image_url']),
  assistant: new Set(['text', 'thinking']),
  tool: new Set(['text', 'document']),
};

/** A validated chat request reduced to what the planner and renderer need. */
export interface CohereChatInput {
  input: Omit<SimInput, 'scenarioHeader'>;
  stream: boolean;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

class Invalid extends Error {
  constructor(readonly failure: CohereFailure) {
    super(failure.message);
  }
}
function fail(detail: string): never {
  throw new Invalid(badRequest(detail));
}
function failUnknown(name: string): never {
  throw new Invalid(unknownField(name, 'chat'));
}

/** Text of a content value (string or parts), checking part types for the role. */
function contentText(role: string, content: unknown, at: string, counts: { images: number }): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) fail(`${at}.content must be a string or an array of content objects`);
  let text = '';
  for (const [i, raw] of content.entries()) {
    const where = `${at}.content[${i}]`;
    if (!isObj(raw) || typeof raw.type !== 'string') fail(`${where}.type is required`);
    if (!PART_TYPES[role]!.has(raw.type)) fail(`${where}.type '${raw.type}' is not valid for role '${role}'`);
    if (raw.type === 'text') {
      if (typeof raw.text !== 'string') fail(`${where}.text must be a string`);
      text += raw.text;
    } else if (raw.type === 'thinking') {
      if (typeof raw.thinking !== 'string') fail(`${where}.thinking must be a string`);
    } else if (raw.type === 'image_url') {
      const url = isObj(raw.image_url) ? raw.image_url.url : undefined;
      if (typeof url !== 'string') fail(`${where}.image_url.url must be a string`);
      if (!/^https?:\/\//.test(url) && !/^data:image\/(png|jpeg|jpg|webp|gif);base64,[A-Za-z0-9+/=]+$/.test(url)) {
        fail(`${where}.image_url.url must be an http(s) URL or a base64 image data URL`);
      }
      const detail = (raw.image_url as Obj).detail;
      if (detail !== undefined && detail !== 'auto' && detail !== 'low' && detail !== 'high') fail(`${where}.image_url.detail is invalid`);
      counts.images++;
    } else if (raw.type === 'document') {
      const doc = raw.document;
      if (!isObj(doc) || doc.data === undefined) fail(`${where}.document.data is required`);
      text += typeof doc.data === 'string' ? doc.data : JSON.stringify(doc.data);
    }
  }
  return text;
}

function validateToolCalls(raw: unknown, at: string, known: Set<string>): string[] {
  if (!Array.isArray(raw)) return fail(`${at}.tool_calls must be an array`);
  return raw.map((call, i) => {
    const where = `${at}.tool_calls[${i}]`;
    if (!isObj(call) || typeof call.id !== 'string' || call.id === '') return fail(`${where}.id is required`);
    if (call.type !== undefined && call.type !== 'function') return fail(`${where}.type must be 'function'`);
    const fn = call.function;
    if (!isObj(fn) || typeof fn.name !== 'string') return fail(`${where}.function.name is required`);
    if (fn.arguments !== undefined && typeof fn.arguments !== 'string') return fail(`${where}.function.arguments must be a string`);
    known.add(call.id);
    return call.id;
  });
}

function validateTools(raw: unknown): SimTool[] {
  if (!Array.isArray(raw)) return fail('tools must be an array');
  return raw.map((tool, i) => {
    const where = `tools[${i}]`;
    if (!isObj(tool) || tool.type !== 'function') return fail(`${where}.type must be 'function'`);
    const extra = firstUnknownKey(tool, new Set(['type', 'function']));
    if (extra) failUnknown(extra);
    const fn = tool.function;
    if (!isObj(fn) || typeof fn.name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(fn.name)) {
      return fail(`${where}.function.name must be 1-64 letters, digits, underscores or dashes`);
    }
    const fnExtra = firstUnknownKey(fn, new Set(['name', 'description', 'parameters']));
    if (fnExtra) failUnknown(fnExtra);
    if (fn.description !== undefined && typeof fn.description !== 'string') return fail(`${where}.function.description must be a string`);
    if (fn.parameters !== undefined && !isObj(fn.parameters)) return fail(`${where}.function.parameters must be a JSON schema object`);
    return fn.parameters ? { name: fn.name, parameters: fn.parameters } : { name: fn.name };
  });
}

function range(body: Obj, field: string, min: number, max: number, integer = false): void {
  const v = body[field];
  if (v === undefined) return;
  const ok = integer ? isInt(v) : isNum(v);
  if (!ok || (v as number) < min || (v as number) > max) fail(`${field} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}`);
}

function validateOptions(body: Obj): void {
  if (body.stream !== undefined && typeof body.stream !== 'boolean') fail('stream must be a boolean');
  if (body.strict_tools !== undefined && typeof body.strict_tools !== 'boolean') fail('strict_tools must be a boolean');
  if (body.logprobs !== undefined && typeof body.logprobs !== 'boolean') fail('logprobs must be a boolean');
  if (body.tool_choice !== undefined && body.tool_choice !== 'REQUIRED' && body.tool_choice !== 'NONE') {
    fail("tool_choice must be one of 'REQUIRED' or 'NONE'");
  }
  if (body.safety_mode !== undefined && !['CONTEXTUAL', 'STRICT', 'OFF'].includes(body.safety_mode as string)) fail('safety_mode is invalid');
  if (body.stop_sequences !== undefined) {
    const stops = body.stop_sequences;
    if (!Array.isArray(stops) || !stops.every((s) => typeof s === 'string')) fail('stop_sequences must be an array of strings');
    if ((stops as unknown[]).length > 5) fail('stop_sequences can contain at most 5 sequences');
  }
  range(body, 'temperature', 0, Number.MAX_VALUE);
  range(body, 'p', 0.01, 0.99);
  range(body, 'k', 0, 500, true);
  range(body, 'frequency_penalty', 0, 1);
  range(body, 'presence_penalty', 0, 1);
  range(body, 'max_tokens', 1, Number.MAX_SAFE_INTEGER, true);
  range(body, 'priority', 0, Number.MAX_SAFE_INTEGER, true);
  if (body.seed !== undefined && !isInt(body.seed)) fail('seed must be an integer');
  if (body.thinking !== undefined) {
    const t = body.thinking;
    if (!isObj(t) || (t.type !== 'enabled' && t.type !== 'disabled')) fail("thinking.type must be 'enabled' or 'disabled'");
    const budget = (t as Obj).token_budget;
    if (budget !== undefined && (!isInt(budget) || budget < 1)) fail('thinking.token_budget must be an integer >= 1');
  }
}

function validateResponseFormat(body: Obj): SimInput['jsonSchema'] {
  const rf = body.response_format;
  if (rf === undefined) return undefined;
  if (!isObj(rf) || (rf.type !== 'text' && rf.type !== 'json_object')) return fail("response_format.type must be 'text' or 'json_object'");
  const extra = firstUnknownKey(rf, new Set(['type', 'json_schema']));
  if (extra) failUnknown(extra);
  if (rf.type === 'text') return rf.json_schema === undefined ? undefined : fail('response_format.json_schema requires type json_object');
  if (body.tools !== undefined || body.documents !== undefined) {
    fail('response_format is not supported in combination with the documents or tools parameters');
  }
  if (rf.json_schema !== undefined && !isObj(rf.json_schema)) fail('response_format.json_schema must be an object');
  return (rf.json_schema as Obj | undefined) ?? 'json_object';
}

/** Walks messages: roles, fields, content parts, and tool_call_id matching an earlier tool call. */
function validateMessages(raw: unknown, input: Omit<SimInput, 'scenarioHeader'>): void {
  if (!Array.isArray(raw) || raw.length === 0) fail('messages must be a non-empty array');
  const knownCalls = new Set<string>();
  const counts = { images: 0 };
  const system: string[] = [];
  for (const [i, msg] of raw.entries()) {
    const at = `messages[${i}]`;
    if (!isObj(msg)) fail(`${at} must be an object`);
    const role = msg.role;
    if (typeof role !== 'string' || !MESSAGE_KEYS[role]) {
      fail(`${at}.role must be one of 'system', 'user', 'assistant' or 'tool'`);
    }
    const extra = firstUnknownKey(msg, MESSAGE_KEYS[role]!);
    if (extra) failUnknown(extra);
    if (role === 'assistant') {
      const hasCalls = msg.tool_calls !== undefined;
      if (hasCalls) validateToolCalls(msg.tool_calls, at, knownCalls);
      if (msg.tool_plan !== undefined && typeof msg.tool_plan !== 'string') fail(`${at}.tool_plan must be a string`);
      if (msg.content === undefined && !hasCalls) fail(`${at} must have content or tool_calls`);
      const text = msg.content === undefined ? '' : contentText(role, msg.content, at, counts);
      input.inputChars += text.length + (typeof msg.tool_plan === 'string' ? msg.tool_plan.length : 0);
      input.turnCount++;
      // Results only count when they answer the latest round of tool calls.
      if (hasCalls) input.toolResults = [];
      continue;
    }
    if (msg.content === undefined) fail(`${at}.content is required`);
    const imagesBefore = counts.images;
    const text = contentText(role, msg.content, at, counts);
    input.inputChars += text.length;
    if (role === 'system') {
      system.push(text);
      continue;
    }
    input.turnCount++;
    if (role === 'user') {
      if (text.trim() === '' && counts.images === imagesBefore) fail('message must be at least 1 token long or tool results must be specified.');
      input.lastUserText = text;
      input.toolResults = [];
      continue;
    }
    // role === 'tool'
    if (typeof msg.tool_call_id !== 'string' || msg.tool_call_id === '') fail(`${at}.tool_call_id is required`);
    if (!knownCalls.has(msg.tool_call_id)) {
      fail(`${at}.tool_call_id '${msg.tool_call_id}' does not match any tool call of an earlier assistant message`);
    }
    input.toolResults.push(text);
  }
  input.systemText = system.join('\n');
  input.imageCount = counts.images;
}

/** Validates a /v2/chat body; returns the planner input or the failure to answer with. */
export function validateCohereChat(json: unknown): CohereChatInput | { failure: CohereFailure } {
  try {
    if (!isObj(json)) return fail('body must be a JSON object');
    const body = json;
    const extra = firstUnknownKey(body, TOP_LEVEL);
    if (extra) failUnknown(extra);
    if (body.model === undefined) fail('model is required');
    if (typeof body.model !== 'string' || body.model === '') fail('model must be a non-empty string');
    if (body.messages === undefined) fail('messages is required');
    validateOptions(body);
    const tools = body.tools === undefined ? [] : validateTools(body.tools);
    const input: Omit<SimInput, 'scenarioHeader'> = {
      model: body.model as string,
      systemText: '',
      lastUserText: '',
      inputChars: 0,
      imageCount: 0,
      turnCount: 0,
      tools,
      toolChoice: body.tool_choice === 'REQUIRED' ? 'required' : body.tool_choice === 'NONE' ? 'none' : 'auto',
      toolResults: [],
      jsonSchema: validateResponseFormat(body),
      stop: (body.stop_sequences as string[] | undefined) ?? [],
      maxTokens: body.max_tokens as number | undefined,
      // Thinking is on by default for reasoning models and off elsewhere unless asked for.
      reasoning: isObj(body.thinking) ? body.thinking.type === 'enabled' : /reasoning/.test(body.model as string),
      // Cohere calls several tools in one turn whenever it sees fit.
      parallelToolCalls: true,
    };
    validateMessages(body.messages, input);
    return { input, stream: body.stream === true };
  } catch (err) {
    if (err instanceof Invalid) return { failure: err.failure };
    throw err;
  }
}

/**
 * Responses `tools`, `tool_choice` and `text` → canonical tools, tool choice and response format.
 * Function tools are flat (`{"type":"function","name",...}`); every other tool type is a built-in
 * tool (web_search, file_search, mcp, ...), carried verbatim for a provider with a Responses API.
 */
import { invalidRequest } from '../../core/errors.js';
import type { ResponseFormat, ToolChoice, ToolDefinition } from '../../core/types.js';
import { isObj } from './decode-content.js';

type Obj = Record<string, unknown>;
const given = (v: unknown) => v !== undefined && v !== null;

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const TOOL_TYPE = /^[a-z][a-z0-9_.]{0,63}$/;

/** The decoded tools and their echo in the response object. */
export interface DecodedTools {
  functions: ToolDefinition[];
  builtin: Obj[];
  echo: Obj[];
}

function functionTool(tool: Obj, p: string): { definition: ToolDefinition; echo: Obj } {
  if (typeof tool.name !== 'string' || !NAME.test(tool.name)) {
    throw invalidRequest(`'${p}.name' must be 1-64 characters of a-z, A-Z, 0-9, _ and -.`, `${p}.name`);
  }
  if (given(tool.description) && typeof tool.description !== 'string') throw invalidRequest(`'${p}.description' must be a string.`, `${p}.description`);
  if (given(tool.parameters) && !isObj(tool.parameters)) throw invalidRequest(`'${p}.parameters' must be a JSON Schema object.`, `${p}.parameters`);
  if (given(tool.strict) && typeof tool.strict !== 'boolean') throw invalidRequest(`'${p}.strict' must be a boolean.`, `${p}.strict`);
  const definition: ToolDefinition = {
    name: tool.name,
    ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
    parameters: (tool.parameters as Obj | undefined) ?? { type: 'object', properties: {} },
    ...(typeof tool.strict === 'boolean' ? { strict: tool.strict } : {}),
  };
  const echo = {
    type: 'function',
    name: tool.name,
    description: tool.description ?? null,
    parameters: tool.parameters ?? null,
    strict: tool.strict ?? null,
  };
  return { definition, echo };
}

/** Decodes `tools`. */
export function decodeTools(raw: unknown): DecodedTools {
  if (!Array.isArray(raw)) throw invalidRequest("'tools' must be an array.", 'tools');
  const out: DecodedTools = { functions: [], builtin: [], echo: [] };
  raw.forEach((tool, i) => {
    const p = `tools[${i}]`;
    if (!isObj(tool) || typeof tool.type !== 'string') throw invalidRequest(`'${p}' must be an object with a 'type'.`, p);
    if (tool.type === 'function') {
      const { definition, echo } = functionTool(tool, p);
      out.functions.push(definition);
      out.echo.push(echo);
      return;
    }
    if (!TOOL_TYPE.test(tool.type)) throw invalidRequest(`'${p}.type' is not a valid tool type.`, `${p}.type`);
    out.builtin.push(tool);
    out.echo.push(tool);
  });
  return out;
}

/** tool_choice: a mode or a function; other forms (allowed_tools, a built-in tool) only a Responses API takes. */
export type DecodedToolChoice = { choice: ToolChoice } | { native: Obj };

/** Decodes `tool_choice`. */
export function decodeToolChoice(raw: unknown): DecodedToolChoice {
  if (raw === 'auto' || raw === 'none' || raw === 'required') return { choice: raw };
  if (isObj(raw) && typeof raw.type === 'string') {
    if (raw.type === 'function') {
      if (typeof raw.name !== 'string' || !NAME.test(raw.name)) throw invalidRequest("'tool_choice.name' must name a function tool.", 'tool_choice.name');
      return { choice: { name: raw.name } };
    }
    if (TOOL_TYPE.test(raw.type)) return { native: raw };
  }
  throw invalidRequest('\'tool_choice\' must be \'auto\', \'none\', \'required\' or an object such as {"type":"function","name":"..."}.', 'tool_choice');
}

/** Decodes `text.format`; undefined for plain text. */
function decodeFormat(raw: unknown): ResponseFormat | undefined {
  if (!given(raw)) return undefined;
  if (!isObj(raw)) throw invalidRequest("'text.format' must be an object.", 'text.format');
  if (raw.type === 'text') return undefined;
  if (raw.type === 'json_object') return { type: 'json_object' };
  if (raw.type !== 'json_schema') throw invalidRequest("'text.format.type' must be text, json_object or json_schema.", 'text.format.type');
  if (typeof raw.name !== 'string' || !NAME.test(raw.name)) {
    throw invalidRequest("'text.format.name' is required: 1-64 characters of a-z, A-Z, 0-9, _ and -.", 'text.format.name');
  }
  if (!isObj(raw.schema)) throw invalidRequest("'text.format.schema' must be a JSON Schema object.", 'text.format.schema');
  if (given(raw.strict) && typeof raw.strict !== 'boolean') throw invalidRequest("'text.format.strict' must be a boolean.", 'text.format.strict');
  if (given(raw.description) && typeof raw.description !== 'string')
    throw invalidRequest("'text.format.description' must be a string.", 'text.format.description');
  return {
    type: 'json_schema',
    name: raw.name,
    schema: raw.schema,
    ...(typeof raw.strict === 'boolean' ? { strict: raw.strict } : {}),
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
  };
}

const VERBOSITY = new Set(['low', 'medium', 'high']);

/** The decoded `text` setting and its echo. */
export interface DecodedText {
  format?: ResponseFormat;
  verbosity?: 'low' | 'medium' | 'high';
  echo: { format: Obj; verbosity: string };
}

/** Decodes `text` ({format, verbosity}). */
export function decodeText(raw: unknown): DecodedText {
  if (!given(raw)) return { echo: { format: { type: 'text' }, verbosity: 'medium' } };
  if (!isObj(raw)) throw invalidRequest("'text' must be an object.", 'text');
  for (const key of Object.keys(raw)) {
    if (key !== 'format' && key !== 'verbosity') throw invalidRequest(`Unknown parameter: 'text.${key.slice(0, 64)}'.`, `text.${key.slice(0, 64)}`);
  }
  const format = decodeFormat(raw.format);
  const out: DecodedText = { echo: { format: format ? (raw.format as Obj) : { type: 'text' }, verbosity: 'medium' } };
  if (format) out.format = format;
  if (given(raw.verbosity)) {
    if (typeof raw.verbosity !== 'string' || !VERBOSITY.has(raw.verbosity))
      throw invalidRequest("'text.verbosity' must be one of low, medium, high.", 'text.verbosity');
    out.verbosity = raw.verbosity as DecodedText['verbosity'];
    out.echo.verbosity = raw.verbosity;
  }
  return out;
}

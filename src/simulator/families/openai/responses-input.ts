/**
 * Validates the `input` of a Responses request the way OpenAI does (items, roles, content parts,
 * tool results that answer a call, reasoning items that can be verified) and reduces it to what
 * the reply planner needs.
 */
import type { OpenAIValidationError } from './errors.js';
import { verifiesReasoning } from './encrypted-reasoning.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (message: string, param: string | null, code: string | null = 'invalid_value', status = 400): OpenAIValidationError => ({
  status,
  message,
  param,
  code,
});

/** What the planner needs from the conversation. */
export interface ReducedInput {
  systemText: string;
  lastUserText: string;
  inputChars: number;
  imageCount: number;
  turnCount: number;
  /** Function results after the model's last function calls. */
  toolResults: string[];
}

/** Items the model produced that may be sent back as they were. */
const OUTPUT_ITEM_TYPES = new Set([
  'web_search_call',
  'file_search_call',
  'computer_call',
  'computer_call_output',
  'code_interpreter_call',
  'image_generation_call',
  'local_shell_call',
  'local_shell_call_output',
  'shell_call',
  'shell_call_output',
  'apply_patch_call',
  'apply_patch_call_output',
  'mcp_list_tools',
  'mcp_approval_request',
  'mcp_approval_response',
  'mcp_call',
  'custom_tool_call',
  'custom_tool_call_output',
  'compaction',
]);
const ITEM_TYPES = ['message', 'function_call', 'function_call_output', 'reasoning', 'item_reference', ...OUTPUT_ITEM_TYPES];
const ROLES = new Set(['user', 'assistant', 'system', 'developer']);

function notStored(id: string, store: boolean): OpenAIValidationError {
  const why = store ? '' : ' Items are not persisted when `store` is set to false. Try again with `store` set to true, or remove this item from your input.';
  return fail(`Item with id '${id}' not found.${why}`, 'input', null, 404);
}

/** The text of a message's content, checking each part against what its role may carry. */
function contentText(content: unknown, role: string, path: string, counts: { images: number }): string | OpenAIValidationError {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return fail(`Invalid type for '${path}': expected one of a string or an array of objects.`, path, 'invalid_type');
  const allowed = role === 'assistant' ? ['output_text', 'refusal'] : ['input_text', 'input_image', 'input_file'];
  let text = '';
  for (let i = 0; i < content.length; i++) {
    const part = content[i];
    const p = `${path}[${i}]`;
    if (!isObj(part)) return fail(`Invalid type for '${p}': expected an object.`, p, 'invalid_type');
    if (!allowed.includes(String(part.type))) {
      return fail(`Invalid value: '${String(part.type)}'. Supported values are: ${allowed.map((t) => `'${t}'`).join(', ')}.`, `${p}.type`);
    }
    if (part.type === 'input_text' || part.type === 'output_text') {
      if (typeof part.text !== 'string') return fail(`Missing required parameter: '${p}.text'.`, `${p}.text`, 'missing_required_parameter');
      text += part.text;
    } else if (part.type === 'refusal') {
      if (typeof part.refusal !== 'string') return fail(`Missing required parameter: '${p}.refusal'.`, `${p}.refusal`, 'missing_required_parameter');
    } else if (part.type === 'input_image') {
      const url = part.image_url;
      if (typeof url !== 'string' && typeof part.file_id !== 'string')
        return fail(`Missing required parameter: '${p}.image_url'.`, `${p}.image_url`, 'missing_required_parameter');
      if (typeof url === 'string' && !/^(https?:\/\/|data:image\/[a-z+.-]+;base64,)/.test(url))
        return fail(
          `Invalid image URL: '${p}.image_url'. Expected a base64-encoded data URL with an image MIME type or an http(s) URL.`,
          `${p}.image_url`,
          'invalid_image_url',
        );
      if (part.detail !== undefined && !['auto', 'low', 'high', 'original'].includes(String(part.detail)))
        return fail(`Invalid value: '${String(part.detail)}'. Supported values are: 'auto', 'low', 'high' and 'original'.`, `${p}.detail`);
      counts.images++;
    }
  }
  return text;
}

/** Validates `input` (a string, or a list of items); `store` is the request's, for the not-found wording. */
export function reduceInput(input: unknown, store: boolean): ReducedInput | OpenAIValidationError {
  const items = typeof input === 'string' ? [{ type: 'message', role: 'user', content: input }] : input;
  if (!Array.isArray(items)) return fail("Invalid type for 'input': expected one of a string or an array of input items.", 'input', 'invalid_type');
  const out: ReducedInput = { systemText: '', lastUserText: '', inputChars: 0, imageCount: 0, turnCount: 0, toolResults: [] };
  const counts = { images: 0 };
  const callIds = new Set<string>();
  let previous = '';
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const path = `input[${i}]`;
    if (!isObj(item)) return fail(`Invalid type for '${path}': expected an object.`, path, 'invalid_type');
    const type = item.type ?? (item.role !== undefined ? 'message' : undefined);
    if (typeof type !== 'string' || !ITEM_TYPES.includes(type)) {
      return fail(`Invalid value: '${String(type)}'. Supported values are: ${ITEM_TYPES.map((t) => `'${t}'`).join(', ')}.`, `${path}.type`);
    }
    if (type === 'message') {
      const role = item.role;
      if (typeof role !== 'string' || !ROLES.has(role))
        return fail(`Invalid value: '${String(role)}'. Supported values are: 'user', 'assistant', 'system', and 'developer'.`, `${path}.role`);
      if (item.content === undefined) return fail(`Missing required parameter: '${path}.content'.`, `${path}.content`, 'missing_required_parameter');
      const text = contentText(item.content, role, `${path}.content`, counts);
      if (typeof text !== 'string') return text;
      out.inputChars += text.length;
      if (role === 'system' || role === 'developer') out.systemText += (out.systemText ? '\n' : '') + text;
      else {
        out.turnCount++;
        out.toolResults = [];
        if (role === 'user') out.lastUserText = text;
      }
    } else if (type === 'function_call') {
      for (const field of ['call_id', 'name', 'arguments']) {
        if (typeof item[field] !== 'string') return fail(`Missing required parameter: '${path}.${field}'.`, `${path}.${field}`, 'missing_required_parameter');
      }
      // A run of calls is one model turn, unless the model's message already counted it.
      if (previous !== 'function_call' && previous !== 'assistant') out.turnCount++;
      if (previous !== 'function_call') out.toolResults = [];
      callIds.add(item.call_id as string);
      out.inputChars += (item.arguments as string).length;
    } else if (type === 'function_call_output') {
      if (typeof item.call_id !== 'string') return fail(`Missing required parameter: '${path}.call_id'.`, `${path}.call_id`, 'missing_required_parameter');
      if (!callIds.has(item.call_id)) return fail(`No tool call found for function call output with call_id ${item.call_id}.`, 'input', null);
      const output =
        typeof item.output === 'string' ? item.output : Array.isArray(item.output) ? contentText(item.output, 'user', `${path}.output`, counts) : undefined;
      if (output === undefined)
        return fail(`Invalid type for '${path}.output': expected one of a string or an array of objects.`, `${path}.output`, 'invalid_type');
      if (typeof output !== 'string') return output;
      out.toolResults.push(output);
      out.inputChars += output.length;
      out.turnCount++;
    } else if (type === 'reasoning') {
      if (typeof item.id !== 'string') return fail(`Missing required parameter: '${path}.id'.`, `${path}.id`, 'missing_required_parameter');
      if (!Array.isArray(item.summary)) return fail(`Missing required parameter: '${path}.summary'.`, `${path}.summary`, 'missing_required_parameter');
      // The simulator keeps nothing: only the encrypted content can bring a reasoning item back.
      if (typeof item.encrypted_content !== 'string') return notStored(item.id, store);
      if (!verifiesReasoning(item.encrypted_content, item.id)) return fail(`The encrypted content for item ${item.id} could not be verified.`, 'input', null);
    } else if (type === 'item_reference') {
      return notStored(String(item.id), store);
    } else if (type === 'web_search_call') {
      for (const field of ['id', 'status']) {
        if (typeof item[field] !== 'string') return fail(`Missing required parameter: '${path}.${field}'.`, `${path}.${field}`, 'missing_required_parameter');
      }
      if (!isObj(item.action)) return fail(`Missing required parameter: '${path}.action'.`, `${path}.action`, 'missing_required_parameter');
    }
    previous = type === 'message' ? String(item.role) : type;
  }
  out.imageCount = counts.images;
  return out;
}

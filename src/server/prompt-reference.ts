/**
 * The `prompt` object of a request body ({id, version?, variables?}): the Responses API's own field,
 * and the same object as an extension on chat completions and messages. Errors are 400s naming
 * prompt.id, prompt.version or prompt.variables.NAME; each ingress renders them in its own format.
 */
import { GatewayError, invalidRequest } from '../core/errors.js';
import type { PromptReference } from '../core/types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How the variables are read. */
export interface PromptFieldOptions {
  /**
   * The Responses API's form: a value may be an input item; input_text gives its text, and other
   * items are refused, except for an OpenAI-hosted prompt (`pmpt_`), which may take them upstream.
   */
  inputItems?: boolean;
}

function variableOf(name: string, value: unknown, id: string, options: PromptFieldOptions): unknown {
  if (!options.inputItems || !isObj(value) || typeof value.type !== 'string') return value;
  if (value.type === 'input_text') {
    if (typeof value.text !== 'string') throw invalidRequest(`'prompt.variables.${name}.text' must be a string.`, `prompt.variables.${name}`);
    return value.text;
  }
  if (id.startsWith('pmpt_')) return value;
  throw new GatewayError(
    'prompt_variable_invalid',
    400,
    `Prompt variable '${name}' is an item of type '${value.type.slice(0, 32)}'; stored prompts take text (a string or an input_text item).`,
    { param: `prompt.variables.${name}` },
  );
}

/** The reference, or undefined when the body has no `prompt`; a 400 naming the part at fault. */
export function decodePromptField(raw: unknown, options: PromptFieldOptions = {}): PromptReference | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObj(raw)) throw invalidRequest('\'prompt\' must be an object: {"id": ..., "version"?: ..., "variables"?: {...}}.', 'prompt');
  for (const key of Object.keys(raw)) {
    if (key !== 'id' && key !== 'version' && key !== 'variables')
      throw invalidRequest(`Unknown parameter: 'prompt.${key.slice(0, 64)}'.`, `prompt.${key.slice(0, 64)}`);
  }
  const id = raw.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > 256) throw invalidRequest("'prompt.id' must be a string of 1 to 256 characters.", 'prompt.id');
  const reference: PromptReference = { id };
  const version = raw.version;
  if (typeof version === 'number' && Number.isInteger(version) && version > 0) reference.version = String(version);
  else if (typeof version === 'string' && version.length > 0 && version.length <= 128) reference.version = version;
  else if (version !== undefined && version !== null) {
    throw invalidRequest('\'prompt.version\' must be a version number ("3") or a label ("production").', 'prompt.version');
  }
  const variables = raw.variables;
  if (variables !== undefined && variables !== null) {
    if (!isObj(variables)) throw invalidRequest("'prompt.variables' must be an object of names to values.", 'prompt.variables');
    const out: Obj = {};
    for (const [name, value] of Object.entries(variables)) {
      if (name.length === 0 || name.length > 64) throw invalidRequest('Prompt variable names have 1 to 64 characters.', 'prompt.variables');
      out[name] = variableOf(name, value, id, options);
    }
    reference.variables = out;
  }
  return reference;
}

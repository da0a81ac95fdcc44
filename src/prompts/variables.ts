/**
 * Checks the variables a call passes against those its prompt version declares: defaults filled
 * in, required ones present, each of its declared type (and enum), none undeclared. Every error is
 * a 400 naming `prompt.variables.NAME`, so a caller knows which value to fix.
 */
import { GatewayError } from '../core/errors.js';
import type { PromptVariable } from './types.js';

/** How values are read. */
export interface VariableOptions {
  /**
   * Accept strings for number, integer and boolean variables ("3", "true"): the Responses API's
   * `prompt.variables` carries only strings (or input items), so its callers cannot send others.
   */
  coerceStrings?: boolean;
}

const paramOf = (name: string) => `prompt.variables.${name}`;

function invalid(name: string, why: string): GatewayError {
  return new GatewayError('prompt_variable_invalid', 400, `Prompt variable '${name}' ${why}.`, { param: paramOf(name) });
}

function coerce(value: unknown, declared: PromptVariable, coerceStrings: boolean): unknown {
  if (!coerceStrings || typeof value !== 'string') return value;
  if (declared.type === 'number' || declared.type === 'integer') {
    const trimmed = value.trim();
    const n = trimmed === '' ? Number.NaN : Number(trimmed);
    return Number.isFinite(n) ? n : value;
  }
  if (declared.type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function check(name: string, value: unknown, declared: PromptVariable): void {
  switch (declared.type) {
    case 'string':
      if (typeof value !== 'string') throw invalid(name, 'must be a string');
      if (declared.enum && !declared.enum.includes(value)) throw invalid(name, `must be one of ${declared.enum.map((v) => JSON.stringify(v)).join(', ')}`);
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(name, 'must be a number');
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(name, 'must be an integer');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid(name, 'must be a boolean');
      return;
    default:
      // json: any JSON value will do.
      return;
  }
}

/** The values to render with: the caller's, checked, plus defaults; undefined for an optional variable left unset. */
export function resolveVariables(
  declared: Readonly<Record<string, PromptVariable>> | undefined,
  given: Readonly<Record<string, unknown>> | undefined,
  options: VariableOptions = {},
): Map<string, unknown> {
  const decl = declared ?? {};
  const values = new Map<string, unknown>();
  for (const name of Object.keys(given ?? {})) {
    if (!Object.hasOwn(decl, name)) {
      const known = Object.keys(decl);
      throw new GatewayError(
        'prompt_variable_unknown',
        400,
        `Prompt variable '${name.slice(0, 64)}' is not declared by this prompt version${known.length > 0 ? ` (it declares ${known.join(', ')})` : ' (it declares none)'}.`,
        { param: paramOf(name.slice(0, 64)) },
      );
    }
  }
  for (const [name, variable] of Object.entries(decl)) {
    const raw = given && Object.hasOwn(given, name) ? given[name] : undefined;
    const value = raw === undefined || raw === null ? variable.default : coerce(raw, variable, options.coerceStrings === true);
    if (value === undefined || value === null) {
      const required = variable.required ?? variable.default === undefined;
      if (required) {
        throw new GatewayError('prompt_variable_missing', 400, `Prompt variable '${name}' (${variable.type}) is required and was not given.`, {
          param: paramOf(name),
        });
      }
      continue;
    }
    check(name, value, variable);
    values.set(name, value);
  }
  return values;
}

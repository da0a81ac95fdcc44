/**
 * The json_schema guard: an answer to a request that asked for `json_schema` output must parse and
 * validate against that schema (`json_object`: must parse). Schemas come from requests, so
 * validators are compiled with Ajv once per distinct schema and kept in a small LRU; a schema
 * Ajv cannot compile makes the check fail (the guard's `fail` decides), never pass.
 */
import { createHash } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import type { ChatRequest } from '../core/types.js';
import type { Finding } from './engine.js';

const MAX_VALIDATORS = 256;
const validators = new Map<string, ValidateFunction>();
const ajv = new Ajv({ allErrors: false, strict: false, validateSchema: true });

/** Whether the request asked for a JSON answer this guard can check. */
export function wantsJson(request: ChatRequest): boolean {
  const type = request.responseFormat?.type;
  return type === 'json_schema' || type === 'json_object';
}

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const text = JSON.stringify(schema);
  const key = createHash('sha256').update(text).digest('base64url');
  const known = validators.get(key);
  if (known) {
    validators.delete(key);
    validators.set(key, known);
    return known;
  }
  const validate = ajv.compile(schema);
  if (validators.size >= MAX_VALIDATORS) validators.delete(validators.keys().next().value!);
  validators.set(key, validate);
  return validate;
}

/** Findings for an answer that is not the JSON the request asked for: none when it is, or when no JSON was asked. Throws when the schema cannot be compiled. */
export function checkJsonAnswer(request: ChatRequest, text: string): Finding[] {
  const format = request.responseFormat;
  if (!format || (format.type !== 'json_schema' && format.type !== 'json_object')) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [{ type: 'invalid_json' }];
  }
  if (format.type === 'json_object') return value !== null && typeof value === 'object' && !Array.isArray(value) ? [] : [{ type: 'invalid_json' }];
  const validate = validatorFor(format.schema);
  return validate(value) ? [] : [{ type: 'schema_mismatch' }];
}

/**
 * Small validators for Anthropic request bodies. Errors read like Anthropic's own
 * (`messages.0.content: Field required`) and name the parameter by its dotted path.
 */
import { GatewayError, invalidRequest } from '../../core/errors.js';

/** A JSON object as read from the body. */
export type Json = Record<string, unknown>;

/** A 400 invalid_request whose message starts with the dotted parameter path. */
export function bad(param: string, reason: string): GatewayError {
  return invalidRequest(`${param}: ${reason}`, param);
}

/** A 400 for a valid Anthropic field that the gateway cannot carry to other providers. */
export function unsupported(param: string, what: string): GatewayError {
  return new GatewayError('unsupported_parameter', 400, `${param}: ${what} is not supported by this gateway.`, { param });
}

/** The value as an object, or a 400 naming the path. */
export function object(value: unknown, param: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(param, 'Input should be a valid dictionary');
  return value as Json;
}

/** Rejects keys outside `allowed`, as Anthropic does ("Extra inputs are not permitted"). */
export function onlyKeys(obj: Json, allowed: readonly string[], param: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw bad(param ? `${param}.${key}` : key, 'Extra inputs are not permitted');
  }
}

/** A required string. */
export function string(value: unknown, param: string): string {
  if (value === undefined) throw bad(param, 'Field required');
  if (typeof value !== 'string') throw bad(param, 'Input should be a valid string');
  return value;
}

/** A required array. */
export function array(value: unknown, param: string): unknown[] {
  if (value === undefined) throw bad(param, 'Field required');
  if (!Array.isArray(value)) throw bad(param, 'Input should be a valid list');
  return value;
}

/** An optional number within [min, max]. */
export function numberIn(value: unknown, param: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(param, 'Input should be a valid number');
  if (value < min || value > max) throw bad(param, `Input should be between ${min} and ${max}`);
  return value;
}

/** An integer >= min (required when `required`). */
export function integerAtLeast(value: unknown, param: string, min: number, required: boolean): number | undefined {
  if (value === undefined || value === null) {
    if (required) throw bad(param, 'Field required');
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) throw bad(param, 'Input should be a valid integer');
  if (value < min) throw bad(param, `Input should be greater than or equal to ${min}`);
  return value;
}

/** An optional boolean. */
export function boolean(value: unknown, param: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw bad(param, 'Input should be a valid boolean');
  return value;
}

/** An optional `cache_control` marker. */
export function cacheControl(value: unknown, param: string): { type: 'ephemeral'; ttl?: string } | undefined {
  if (value === undefined || value === null) return undefined;
  const obj = object(value, param);
  onlyKeys(obj, ['type', 'ttl'], param);
  if (obj.type !== 'ephemeral') throw bad(`${param}.type`, "Input should be 'ephemeral'");
  if (obj.ttl === undefined) return { type: 'ephemeral' };
  if (obj.ttl !== '5m' && obj.ttl !== '1h') throw bad(`${param}.ttl`, "Input should be '5m' or '1h'");
  return { type: 'ephemeral', ttl: obj.ttl };
}

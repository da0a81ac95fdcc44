/**
 * JSON Schema → Gemini's OpenAPI-3.0-subset `Schema` (what `functionDeclarations[].parameters`
 * accepts on every API version, AI Studio and Vertex alike).
 *
 * Rewritten rather than stripped:
 * - `type: "string"` → `"STRING"` (upper-case enum names); `type: [T, "null"]` → T + `nullable`;
 *   several non-null types → `anyOf` of one schema per type.
 * - local `$ref` (`#/$defs/X`, `#/definitions/X`) → inlined; a recursive reference becomes `{}`.
 * - `oneOf` → `anyOf`; `allOf` → its members merged (properties, required, other keys).
 * - `const` (string) → one-value `enum`; `examples[0]` → `example`.
 * - `enum` with non-string values → removed, values listed in `description` (Gemini enums are
 *   strings on STRING only).
 * - `required` names missing from `properties` → removed (Gemini rejects them).
 * - an object without properties (free-form) → no `type` (Gemini rejects OBJECT with empty
 *   properties); at the top level the caller omits `parameters` entirely.
 * - `items` missing or a tuple (array) → `{}` (Gemini requires `items` on ARRAY).
 * - `format` → kept only where Gemini knows it (STRING: enum, date-time; NUMBER: float, double;
 *   INTEGER: int32, int64).
 *
 * Stripped (no Gemini equivalent): `$schema`, `$id`, `$defs`, `definitions`, `$comment`,
 * `additionalProperties`, `patternProperties`, `unevaluatedProperties`, `propertyNames`,
 * `prefixItems`, `contains`, `uniqueItems`, `multipleOf`, `exclusiveMinimum`, `exclusiveMaximum`,
 * `not`, `if`/`then`/`else`, `dependentRequired`, `dependentSchemas`, `readOnly`, `writeOnly`,
 * `deprecated`, `contentMediaType`, `contentEncoding`, non-string `const`, and anything unknown.
 */
import { asArray, asObject } from '../spec/json.js';

type Json = Record<string, unknown>;

// Keys copied verbatim when their value has the right JSON type.
const NUMERIC_KEYS = ['minItems', 'maxItems', 'minProperties', 'maxProperties', 'minLength', 'maxLength', 'minimum', 'maximum'];
const STRING_KEYS = ['title', 'description', 'pattern'];
const KNOWN_FORMATS: Record<string, readonly string[]> = {
  STRING: ['enum', 'date-time'],
  NUMBER: ['float', 'double'],
  INTEGER: ['int32', 'int64'],
};
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);

interface Context {
  root: Json;
  /** $ref targets currently being expanded, to cut recursion. */
  expanding: Set<string>;
}

/** Converts a JSON Schema into Gemini's Schema subset. The input is not modified. */
export function toGeminiSchema(schema: Record<string, unknown>): Record<string, unknown> {
  return convert(schema, { root: schema, expanding: new Set() });
}

/** True when a converted schema describes an object that has no declared properties. */
export function isEmptyObjectSchema(schema: Record<string, unknown>): boolean {
  const props = asObject(schema.properties);
  return schema.type === undefined && schema.anyOf === undefined && (!props || Object.keys(props).length === 0);
}

function resolveRef(ref: string, ctx: Context): Json | undefined {
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  if (!match) return undefined;
  const defs = asObject(ctx.root[match[1]!]);
  return asObject(defs?.[decodeURIComponent(match[2]!).replace(/~1/g, '/').replace(/~0/g, '~')]);
}

function mergeAllOf(node: Json): Json {
  const members = asArray(node.allOf)
    .map(asObject)
    .filter((m): m is Json => m !== undefined);
  const merged: Json = { ...node };
  delete merged.allOf;
  for (const member of members) {
    for (const [key, value] of Object.entries(member)) {
      if (key === 'properties') merged.properties = { ...asObject(merged.properties), ...asObject(value) };
      else if (key === 'required') merged.required = [...asArray(merged.required), ...asArray(value)];
      else if (!(key in merged)) merged[key] = value;
    }
  }
  return merged;
}

function convert(input: unknown, ctx: Context): Json {
  let node = asObject(input);
  if (!node) return {};
  if (typeof node.$ref === 'string') {
    const ref = node.$ref;
    const target = resolveRef(ref, ctx);
    if (!target || ctx.expanding.has(ref)) return typeof node.description === 'string' ? { description: node.description } : {};
    ctx.expanding.add(ref);
    const { $ref: _ignored, ...siblings } = node;
    const out = convert({ ...target, ...siblings }, ctx);
    ctx.expanding.delete(ref);
    return out;
  }
  if (Array.isArray(node.allOf)) node = mergeAllOf(node);

  const types = (Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type]).filter(
    (t): t is string => typeof t === 'string' && TYPES.has(t),
  );
  const nullable = types.includes('null') || node.nullable === true;
  const concrete = types.filter((t) => t !== 'null');
  if (concrete.length > 1) {
    // Keywords of one type go to that branch; description and nullability stay on the union.
    const { type: _type, description: _description, nullable: _nullable, ...rest } = node;
    const out: Json = { anyOf: concrete.map((t) => convert({ ...rest, type: t }, ctx)) };
    if (typeof node.description === 'string') out.description = node.description;
    if (nullable) out.nullable = true;
    return out;
  }

  const out: Json = {};
  let type = concrete[0]?.toUpperCase();
  if (type === undefined && types.includes('null')) type = 'NULL';
  for (const key of STRING_KEYS) if (typeof node[key] === 'string') out[key] = node[key];
  for (const key of NUMERIC_KEYS) if (typeof node[key] === 'number') out[key] = node[key];
  if (nullable && type !== 'NULL') out.nullable = true;
  if ('default' in node) out.default = node.default;
  if ('example' in node) out.example = node.example;
  else if (Array.isArray(node.examples) && node.examples.length > 0) out.example = node.examples[0];

  const enumValues = Array.isArray(node.enum) ? node.enum : typeof node.const === 'string' ? [node.const] : undefined;
  if (enumValues) {
    if (enumValues.every((v) => typeof v === 'string') && (type === undefined || type === 'STRING')) {
      type = 'STRING';
      out.enum = enumValues;
    } else {
      const listed = `Allowed values: ${enumValues.map((v) => JSON.stringify(v)).join(', ')}.`;
      out.description = typeof out.description === 'string' ? `${out.description} ${listed}` : listed;
    }
  }

  const variants = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
  if (variants) out.anyOf = variants.map((v) => convert(v, ctx));

  const props = asObject(node.properties);
  if (type === 'OBJECT' || (type === undefined && props)) {
    const converted: Json = {};
    for (const [name, sub] of Object.entries(props ?? {})) converted[name] = convert(sub, ctx);
    if (Object.keys(converted).length === 0) {
      // Free-form object: Gemini refuses OBJECT without properties, so leave the type open.
      type = undefined;
    } else {
      type = 'OBJECT';
      out.properties = converted;
      const required = asArray(node.required).filter((n): n is string => typeof n === 'string' && n in converted);
      if (required.length > 0) out.required = [...new Set(required)];
      if (Array.isArray(node.propertyOrdering)) out.propertyOrdering = node.propertyOrdering;
    }
  }
  // Gemini requires items on ARRAY; tuple or missing items become an unconstrained item schema.
  if (type === 'ARRAY') out.items = Array.isArray(node.items) ? {} : convert(node.items, ctx);
  if (type !== undefined) {
    const formats = KNOWN_FORMATS[type];
    if (typeof node.format === 'string' && formats?.includes(node.format)) out.format = node.format;
    return { type, ...out };
  }
  return out;
}

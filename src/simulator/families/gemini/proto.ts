/**
 * A small proto3-JSON checker for the Gemini simulator. Google's frontend parses request bodies
 * against the proto before any handler runs: unknown field names, wrong JSON types and bad enum
 * names are 400s with messages of a fixed form, and camelCase and snake_case names both parse.
 */

/** The JSON kind of one proto field. */
export type Kind =
  | 'string'
  | 'bytes'
  | 'float'
  | 'int32'
  | 'int64'
  | 'bool'
  /** google.protobuf.Struct: any JSON object. */
  | 'struct'
  /** google.protobuf.Value or a message the simulator does not inspect: any JSON. */
  | 'value'
  | { enum: string; values: readonly string[]; caseInsensitive?: boolean }
  | { message: MessageDef }
  | { repeated: Kind }
  | { map: Kind };

/** A proto message: its fields by lowerCamelCase name, and an optional oneof group. */
export interface MessageDef {
  name: string;
  fields: Record<string, Kind>;
  oneof?: { name: string; fields: readonly string[] };
}

/** Converts snake_case to lowerCamelCase (both spellings parse). */
export function toCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Converts lowerCamelCase to the snake_case Google uses in error paths. */
export function toSnake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function join(path: string, field: string): string {
  return path ? `${path}.${field}` : field;
}

const BASE64 = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;

function typeName(kind: Kind, pkg: string): string {
  if (typeof kind === 'string') {
    const names: Record<string, string> = {
      string: 'TYPE_STRING',
      bytes: 'TYPE_BYTES',
      float: 'TYPE_FLOAT',
      int32: 'TYPE_INT32',
      int64: 'TYPE_INT64',
      bool: 'TYPE_BOOL',
      struct: 'type.googleapis.com/google.protobuf.Struct',
      value: 'type.googleapis.com/google.protobuf.Value',
    };
    return names[kind] ?? kind;
  }
  if ('enum' in kind) return `type.googleapis.com/${pkg}.${kind.enum}`;
  if ('message' in kind) return `type.googleapis.com/${pkg}.${kind.message.name}`;
  return typeName('repeated' in kind ? kind.repeated : kind.map, pkg);
}

function isNumeric(value: unknown, integer: boolean): boolean {
  // proto3 JSON accepts numbers and their decimal string forms.
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) && (!integer || Number.isInteger(n));
}

/** Checks a JSON value against a kind, appending Google-style parse errors to `problems`. */
export function checkValue(value: unknown, kind: Kind, path: string, pkg: string, problems: string[]): void {
  if (value === null) return; // null means "unset" in proto3 JSON
  const invalid = () => problems.push(`Invalid value at '${path}' (${typeName(kind, pkg)}), ${JSON.stringify(value)}`);
  if (typeof kind === 'string') {
    switch (kind) {
      case 'string':
        if (typeof value !== 'string') invalid();
        return;
      case 'bytes':
        if (typeof value !== 'string') invalid();
        else if (!BASE64.test(value)) problems.push(`Invalid value at '${path}' (TYPE_BYTES), Base64 decoding failed for ${JSON.stringify(value)}`);
        return;
      case 'float':
        if (!isNumeric(value, false)) invalid();
        return;
      case 'int32':
      case 'int64':
        if (!isNumeric(value, true)) invalid();
        return;
      case 'bool':
        if (typeof value !== 'boolean') invalid();
        return;
      case 'struct':
        if (typeof value !== 'object' || Array.isArray(value)) invalid();
        return;
      case 'value':
        return;
    }
  }
  if ('enum' in kind) {
    const name = typeof value === 'string' && kind.caseInsensitive ? value.toUpperCase() : value;
    if (typeof name !== 'string' || !kind.values.includes(name)) invalid();
    return;
  }
  if ('repeated' in kind) {
    if (!Array.isArray(value)) {
      problems.push(`Invalid JSON payload received. Proto field is repeating, cannot start a non-list value at '${path}'.`);
      return;
    }
    for (const [i, item] of value.entries()) checkValue(item, kind.repeated, `${path}[${i}]`, pkg, problems);
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    invalid();
    return;
  }
  if ('map' in kind) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) checkValue(item, kind.map, `${path}[${key}]`, pkg, problems);
    return;
  }
  checkMessage(value as Record<string, unknown>, kind.message, path, pkg, problems);
}

/** Checks a JSON object against a message definition. */
export function checkMessage(value: Record<string, unknown>, def: MessageDef, path: string, pkg: string, problems: string[]): void {
  const setInOneof: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const name = toCamel(key);
    const kind = def.fields[name];
    if (kind === undefined) {
      problems.push(`Invalid JSON payload received. Unknown name ${JSON.stringify(key)}${path ? ` at '${path}'` : ''}: Cannot find field.`);
      continue;
    }
    if (def.oneof?.fields.includes(name) && item !== null) {
      if (setInOneof.length > 0) {
        problems.push(`Invalid JSON payload received. Oneof field '${def.oneof.name}' is already set. Cannot set '${key}' at '${path}'.`);
      }
      setInOneof.push(name);
    }
    checkValue(item, kind, join(path, toSnake(name)), pkg, problems);
  }
}

/** Reads a field by its camelCase name, accepting the snake_case spelling too. */
export function field(obj: unknown, camel: string): unknown {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
  const record = obj as Record<string, unknown>;
  return camel in record ? record[camel] : record[toSnake(camel)];
}

/**
 * Semantic checks on a GenerateContentRequest that already parsed against the proto: what the
 * Gemini backend rejects after parsing (empty contents, bad roles, unpaired function responses,
 * schema rules, generation-config ranges, Gemini 3 thought signatures). Messages follow Google's
 * `* GenerateContentRequest.<path>: <reason>` form or the known plain-text errors.
 */
import { field, toSnake } from './proto.js';
import type { Api } from './request-defs.js';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number | undefined => (v === undefined || v === null ? undefined : Number(v));

const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/;
const MIME_TYPES = ['text/plain', 'application/json', 'application/xml', 'application/yaml', 'text/x.enum'];

function req(path: string, reason: string): string {
  return `* GenerateContentRequest.${path}: ${reason}\n`;
}

/** Checks a `Schema` (OpenAPI subset) the way the backend does for declarations and responseSchema. */
export function checkSchema(schema: unknown, path: string, problems: string[]): void {
  const s = obj(schema);
  if (!s) return;
  const type = typeof s.type === 'string' ? s.type.toUpperCase() : undefined;
  const props = obj(s.properties);
  if (type === 'OBJECT' && (!props || Object.keys(props).length === 0)) problems.push(req(`${path}.properties`, 'should be non-empty for OBJECT type'));
  if (type === 'ARRAY' && field(s, 'items') == null) problems.push(req(`${path}.items`, 'missing field.'));
  if (arr(s.enum).length > 0 && type !== 'STRING') problems.push(req(`${path}.enum`, 'only allowed for STRING type'));
  arr(s.required).forEach((name, i) => {
    if (typeof name !== 'string' || !props || !(name in props)) problems.push(req(`${path}.required[${i}]`, 'property is not defined'));
  });
  for (const [name, sub] of Object.entries(props ?? {})) checkSchema(sub, `${path}.properties[${name}]`, problems);
  checkSchema(s.items, `${path}.items`, problems);
  for (const [i, sub] of arr(field(s, 'anyOf')).entries()) checkSchema(sub, `${path}.any_of[${i}]`, problems);
}

function partKind(part: Obj): string | undefined {
  for (const name of ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult']) {
    if (field(part, name) != null) return name;
  }
  return undefined;
}

function checkContents(contents: unknown[], api: Api, model: string, problems: string[]): void {
  let lastUserTextTurn = -1;
  contents.forEach((value, i) => {
    const content = obj(value) ?? {};
    const role = content.role;
    if (!(role === 'user' || role === 'model' || (role == null && api === 'studio'))) {
      problems.push('Please use a valid role: user, model.');
      return;
    }
    const parts = arr(content.parts).map((p) => obj(p) ?? {});
    if (parts.length === 0) problems.push(req(`contents[${i}].parts`, 'contents.parts must not be empty.'));
    const kinds = parts.map(partKind);
    kinds.forEach((kind, j) => {
      const path = `contents[${i}].parts[${j}]`;
      if (kind === undefined) problems.push(req(`${path}.data`, "required oneof field 'data' must have one initialized field"));
      const call = obj(field(parts[j], 'functionCall')) ?? obj(field(parts[j], 'functionResponse'));
      if (call && (typeof call.name !== 'string' || call.name === '')) problems.push(req(`${path}.${toSnake(kind ?? '')}.name`, 'Name cannot be empty.'));
    });
    if (role !== 'model' && kinds.includes('text')) lastUserTextTurn = i;

    const responses = parts.filter((_p, j) => kinds[j] === 'functionResponse');
    if (responses.length > 0) {
      const previous = obj(contents[i - 1]);
      const calls = arr(previous?.parts)
        .map((p) => obj(field(p, 'functionCall')))
        .filter((c): c is Obj => c !== undefined);
      if (previous?.role !== 'model' || calls.length === 0) {
        problems.push('Please ensure that function response turn comes immediately after a function call turn.');
      } else if (calls.length !== responses.length) {
        problems.push('Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.');
      } else {
        const open = calls.map((c) => c.name);
        responses.forEach((p, j) => {
          const name = obj(field(p, 'functionResponse'))?.name;
          const at = open.indexOf(name);
          if (at < 0)
            problems.push(
              req(`contents[${i}].parts[${j}].function_response.name`, `no function call named ${JSON.stringify(name)} in the preceding function call turn.`),
            );
          else open.splice(at, 1);
        });
      }
    }
    if (role === 'model' && kinds.includes('functionCall') && obj(contents[i - 1])?.role === 'model') {
      problems.push('Please ensure that function call turn comes immediately after a user turn or after a function response turn.');
    }
    if (i === 0 && role === 'model' && kinds.includes('functionCall')) {
      problems.push('Please ensure that function call turn comes immediately after a user turn or after a function response turn.');
    }
  });

  // Gemini 3 requires the first function call of each model step in the current turn to carry
  // the thought signature the model issued with it.
  if (!model.startsWith('gemini-3')) return;
  contents.forEach((value, i) => {
    if (i <= lastUserTextTurn) return;
    const content = obj(value);
    if (content?.role !== 'model') return;
    const first = arr(content.parts)
      .map(obj)
      .find((p) => p && field(p, 'functionCall') != null);
    if (first && field(first, 'thoughtSignature') == null) {
      const name = obj(field(first, 'functionCall'))?.name;
      problems.push(
        `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${String(name)}\` , position ${i + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
      );
    }
  });
}

function checkTools(body: Obj, problems: string[]): Set<string> {
  const names = new Set<string>();
  arr(body.tools).forEach((tool, t) => {
    arr(field(tool, 'functionDeclarations')).forEach((decl, d) => {
      const path = `tools[${t}].function_declarations[${d}]`;
      const name = obj(decl)?.name;
      if (typeof name !== 'string' || !FUNCTION_NAME.test(name)) {
        problems.push(
          req(
            `${path}.name`,
            'Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.), colons (:), or dashes (-), with a maximum length of 128.',
          ),
        );
      } else names.add(name);
      const params = field(decl, 'parameters');
      if (params != null && field(decl, 'parametersJsonSchema') != null) {
        problems.push(req(`${path}.parameters_json_schema`, 'parameters and parameters_json_schema are mutually exclusive.'));
      }
      checkSchema(params, `${path}.parameters`, problems);
    });
  });
  const config = obj(field(field(body, 'toolConfig'), 'functionCallingConfig'));
  const allowed = arr(field(config, 'allowedFunctionNames'));
  if (allowed.length > 0) {
    const mode = typeof config?.mode === 'string' ? config.mode : 'AUTO';
    if (mode !== 'ANY' && mode !== 'VALIDATED') {
      problems.push(req('tool_config.function_calling_config.allowed_function_names', 'only allowed when function_calling_config.mode is ANY or VALIDATED.'));
    }
    allowed.forEach((name, i) => {
      if (typeof name !== 'string' || !names.has(name)) {
        problems.push(req(`tool_config.function_calling_config.allowed_function_names[${i}]`, `function ${JSON.stringify(name)} is not declared in tools.`));
      }
    });
  }
  return names;
}

function checkGenerationConfig(body: Obj, problems: string[]): void {
  const config = obj(field(body, 'generationConfig'));
  if (!config) return;
  const p = (name: string) => `generation_config.${toSnake(name)}`;
  const range = (name: string, min: number, max: number) => {
    const v = num(field(config, name));
    if (v !== undefined && (v < min || v > max)) problems.push(req(p(name), `must be in the range [${min}, ${max}].`));
  };
  range('temperature', 0, 2);
  range('topP', 0, 1);
  range('candidateCount', 1, 8);
  range('maxOutputTokens', 1, 1_000_000);
  const mime = field(config, 'responseMimeType');
  if (typeof mime === 'string' && !MIME_TYPES.includes(mime)) {
    problems.push(
      req(p('responseMimeType'), 'allowed mimetypes are `text/plain`, `application/json`, `application/xml`, `application/yaml` and `text/x.enum`.'),
    );
  }
  const schema = field(config, 'responseSchema');
  const jsonSchema = field(config, 'responseJsonSchema');
  if (schema != null && jsonSchema != null) problems.push(req(p('responseJsonSchema'), 'response_schema and response_json_schema are mutually exclusive.'));
  if ((schema != null || jsonSchema != null) && mime !== 'application/json' && mime !== 'text/x.enum') {
    problems.push(req(p('responseMimeType'), 'must be application/json (or text/x.enum) when a response schema is set.'));
  }
  if (jsonSchema != null && obj(jsonSchema) === undefined && typeof jsonSchema !== 'boolean') {
    problems.push(req(p('responseJsonSchema'), 'must be a JSON Schema object.'));
  }
  checkSchema(schema, p('responseSchema'), problems);
  const thinking = obj(field(config, 'thinkingConfig'));
  if (thinking && field(thinking, 'thinkingBudget') != null && field(thinking, 'thinkingLevel') != null) {
    problems.push(req('generation_config.thinking_config', 'thinking_budget and thinking_level cannot both be set.'));
  }
}

/** Returns the backend's 400 message for a parsed request, or undefined when it is valid. */
export function validateGenerateRequest(body: Obj, api: Api, model: string): string | undefined {
  const problems: string[] = [];
  const contents = arr(body.contents);
  if (contents.length === 0) problems.push(req('contents', 'contents is not specified'));
  else checkContents(contents, api, model, problems);
  const system = obj(field(body, 'systemInstruction'));
  if (system && arr(system.parts).length === 0) problems.push(req('system_instruction.parts', 'contents.parts must not be empty.'));
  checkTools(body, problems);
  checkGenerationConfig(body, problems);
  return problems.length > 0 ? [...new Set(problems)].join('\n').replace(/\n\n/g, '\n') : undefined;
}

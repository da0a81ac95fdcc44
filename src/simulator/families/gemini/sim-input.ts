/** Reduces a valid Gemini request to the planner's SimInput. */
import type { SimInput, SimTool } from '../../reply.js';
import { field } from './proto.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Gemini's upper-case Schema → the lower-case JSON Schema the planner samples from. */
export function toPlannerSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toPlannerSchema);
  const s = obj(schema);
  if (!s) return schema;
  const out: Obj = {};
  for (const [key, value] of Object.entries(s)) {
    if (key === 'type' && typeof value === 'string') out.type = value.toLowerCase();
    else if (key === 'properties') out.properties = Object.fromEntries(Object.entries(obj(value) ?? {}).map(([k, v]) => [k, toPlannerSchema(v)]));
    else if (key === 'items' || key === 'anyOf' || key === 'any_of') out[key] = toPlannerSchema(value);
    else out[key] = value;
  }
  return out;
}

function textOf(parts: unknown[]): string {
  return parts
    .filter((p) => field(p, 'thought') !== true)
    .map((p) => field(p, 'text'))
    .filter((t): t is string => typeof t === 'string')
    .join('');
}

function toolChoice(body: Obj): string | undefined {
  const config = obj(field(field(body, 'toolConfig'), 'functionCallingConfig'));
  const mode = typeof config?.mode === 'string' ? config.mode : undefined;
  if (mode === 'NONE') return 'none';
  if (mode === 'ANY' || mode === 'VALIDATED') {
    const allowed = arr(field(config, 'allowedFunctionNames'));
    return allowed.length === 1 && typeof allowed[0] === 'string' ? allowed[0] : 'required';
  }
  return mode === 'AUTO' ? 'auto' : undefined;
}

function toolResultText(response: unknown): string {
  const r = obj(response);
  return typeof r?.output === 'string' ? r.output : JSON.stringify(response ?? {});
}

/** Builds the planner input from a request that passed validation. */
export function toSimInput(body: Obj, model: string, scenarioHeader: string | undefined): SimInput {
  const contents = arr(body.contents).map((c) => obj(c) ?? {});
  const systemText = textOf(arr(obj(field(body, 'systemInstruction'))?.parts));
  let inputChars = systemText.length;
  let imageCount = 0;
  let lastUserText = '';
  let lastCallTurn = -1;
  contents.forEach((content, i) => {
    const parts = arr(content.parts);
    for (const part of parts) {
      const text = field(part, 'text');
      if (typeof text === 'string') inputChars += text.length;
      const call = field(part, 'functionCall') ?? field(part, 'functionResponse');
      if (call != null) inputChars += JSON.stringify(call).length;
      const mime = field(field(part, 'inlineData') ?? field(part, 'fileData'), 'mimeType');
      if (typeof mime === 'string' && mime.startsWith('image/')) imageCount++;
    }
    if (content.role !== 'model' && parts.some((p) => typeof field(p, 'text') === 'string')) lastUserText = textOf(parts);
    if (content.role === 'model' && parts.some((p) => field(p, 'functionCall') != null)) lastCallTurn = i;
  });
  const toolResults: string[] = [];
  contents.slice(lastCallTurn + 1).forEach((content) => {
    for (const part of arr(content.parts)) {
      const response = field(part, 'functionResponse');
      if (response != null) toolResults.push(toolResultText(field(response, 'response')));
    }
  });
  const tools: SimTool[] = [];
  for (const tool of arr(body.tools)) {
    for (const decl of arr(field(tool, 'functionDeclarations'))) {
      const schema = field(decl, 'parameters') ?? field(decl, 'parametersJsonSchema');
      tools.push({ name: String(obj(decl)?.name), parameters: (toPlannerSchema(schema) as Obj | undefined) ?? { type: 'object' } });
    }
  }
  const config = obj(field(body, 'generationConfig')) ?? {};
  const mime = field(config, 'responseMimeType');
  const schema = field(config, 'responseJsonSchema') ?? toPlannerSchema(field(config, 'responseSchema'));
  const thinking = obj(field(config, 'thinkingConfig'));
  const maxTokens = field(config, 'maxOutputTokens');
  return {
    model,
    systemText,
    lastUserText,
    inputChars,
    imageCount,
    turnCount: contents.length,
    tools,
    toolChoice: toolChoice(body),
    toolResults,
    jsonSchema: mime === 'application/json' ? ((obj(schema) as Obj | undefined) ?? 'json_object') : undefined,
    stop: arr(field(config, 'stopSequences')).filter((s): s is string => typeof s === 'string'),
    maxTokens: maxTokens == null ? undefined : Number(maxTokens),
    reasoning: field(thinking, 'includeThoughts') === true && Number(field(thinking, 'thinkingBudget') ?? -1) !== 0,
    parallelToolCalls: true,
    scenarioHeader,
  };
}

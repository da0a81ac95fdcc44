/**
 * A prompt version's defaults (model, parameters in OpenAI Chat Completions names, tools,
 * response format) applied to a canonical request where the request sets nothing: what the
 * caller sends always wins over what the prompt suggests.
 */
import type { ChatRequest, ReasoningEffort, ResponseFormat, ToolDefinition } from '../core/types.js';
import type { PromptTemplate } from './types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** Template reasoning efforts → canonical ones (xhigh, which a template may name, is the canonical high). */
const EFFORTS: Readonly<Record<string, ReasoningEffort>> = { none: 'none', minimal: 'minimal', low: 'low', medium: 'medium', high: 'high', xhigh: 'high' };

/** OpenAI Chat tool definitions → canonical ones (those that are not function tools are left out: a push validates them). */
function toolsOf(tools: readonly Obj[]): ToolDefinition[] {
  const out: ToolDefinition[] = [];
  for (const tool of tools) {
    const fn = isObj(tool.function) ? tool.function : undefined;
    if (!fn || typeof fn.name !== 'string') continue;
    out.push({
      name: fn.name,
      ...(typeof fn.description === 'string' ? { description: fn.description } : {}),
      parameters: isObj(fn.parameters) ? fn.parameters : { type: 'object', properties: {} },
      ...(typeof fn.strict === 'boolean' ? { strict: fn.strict } : {}),
    });
  }
  return out;
}

/** OpenAI Chat response_format → the canonical format; undefined for text or a shape it cannot read. */
function formatOf(raw: Obj): ResponseFormat | undefined {
  if (raw.type === 'json_object') return { type: 'json_object' };
  if (raw.type !== 'json_schema' || !isObj(raw.json_schema) || typeof raw.json_schema.name !== 'string') return undefined;
  const js = raw.json_schema;
  return {
    type: 'json_schema',
    name: js.name as string,
    schema: isObj(js.schema) ? js.schema : { type: 'object' },
    ...(typeof js.strict === 'boolean' ? { strict: js.strict } : {}),
    ...(typeof js.description === 'string' ? { description: js.description } : {}),
  };
}

function applyParams(request: ChatRequest, params: Obj): void {
  if (request.temperature === undefined && isNum(params.temperature)) request.temperature = params.temperature;
  if (request.topP === undefined && isNum(params.top_p)) request.topP = params.top_p;
  if (request.topK === undefined && isNum(params.top_k)) request.topK = params.top_k;
  const maxTokens = params.max_completion_tokens ?? params.max_tokens ?? params.max_output_tokens;
  if (request.maxTokens === undefined && isNum(maxTokens)) request.maxTokens = maxTokens;
  if (request.stop === undefined) {
    if (typeof params.stop === 'string') request.stop = [params.stop];
    else if (Array.isArray(params.stop) && params.stop.every((s) => typeof s === 'string')) request.stop = [...params.stop];
  }
  if (request.seed === undefined && isNum(params.seed)) request.seed = params.seed;
  if (request.frequencyPenalty === undefined && isNum(params.frequency_penalty)) request.frequencyPenalty = params.frequency_penalty;
  if (request.presencePenalty === undefined && isNum(params.presence_penalty)) request.presencePenalty = params.presence_penalty;
  const effort = params.reasoning_effort;
  if (
    request.reasoning?.effort === undefined &&
    request.reasoning?.budgetTokens === undefined &&
    typeof effort === 'string' &&
    Object.hasOwn(EFFORTS, effort)
  ) {
    request.reasoning = { ...request.reasoning, effort: EFFORTS[effort]! };
  }
}

/** Fills in the template's defaults where the request (already a copy) sets nothing. */
export function applyTemplateDefaults(request: ChatRequest, template: PromptTemplate): void {
  if (request.model === '' && typeof template.model === 'string') request.model = template.model;
  if (template.params) applyParams(request, template.params);
  if (request.tools === undefined && template.tools && template.tools.length > 0) {
    const tools = toolsOf(template.tools);
    if (tools.length > 0) request.tools = tools;
  }
  if (request.responseFormat === undefined && template.response_format) {
    const format = formatOf(template.response_format);
    if (format) request.responseFormat = format;
  }
}

/**
 * Embedding endpoints of the Gemini simulator: AI Studio `:batchEmbedContents` and
 * `:embedContent`, Vertex `:predict`. Vectors are deterministic functions of the text.
 */
import type { SimRequest, SimResponder } from '../../responder.js';
import { parseScenario } from '../../scenario.js';
import { renderGeminiError, sendError } from './errors.js';
import { checkMessage, field, type MessageDef } from './proto.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const TASK_TYPES = [
  'TASK_TYPE_UNSPECIFIED',
  'RETRIEVAL_QUERY',
  'RETRIEVAL_DOCUMENT',
  'SEMANTIC_SIMILARITY',
  'CLASSIFICATION',
  'CLUSTERING',
  'QUESTION_ANSWERING',
  'FACT_VERIFICATION',
  'CODE_RETRIEVAL_QUERY',
];
const CONTENT: MessageDef = {
  name: 'Content',
  fields: { role: 'string', parts: { repeated: { message: { name: 'Part', fields: { text: 'string' } } } } },
};
const EMBED_REQUEST: MessageDef = {
  name: 'EmbedContentRequest',
  fields: {
    model: 'string',
    content: { message: CONTENT },
    taskType: { enum: 'TaskType', values: TASK_TYPES },
    title: 'string',
    outputDimensionality: 'int32',
  },
};
const BATCH_REQUEST: MessageDef = { name: 'BatchEmbedContentsRequest', fields: { requests: { repeated: { message: EMBED_REQUEST } } } };
const PREDICT_REQUEST: MessageDef = { name: 'PredictRequest', fields: { instances: { repeated: 'value' }, parameters: 'value' } };
const STUDIO_PKG = 'google.ai.generativelanguage.v1beta';

/** The vector size a model produces when no dimensionality is asked for. */
export function defaultDimensions(model: string): number {
  return model.includes('gemini-embedding') ? 3072 : 768;
}

/** A deterministic unit vector for a text. */
export function embedText(text: string, dimensions: number): number[] {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  const raw = Array.from({ length: dimensions }, (_v, i) => Math.sin((h >>> 0) * 1e-6 + i * 0.7));
  const norm = Math.sqrt(raw.reduce((s, v) => s + v * v, 0)) || 1;
  return raw.map((v) => Number((v / norm).toFixed(6)));
}

function header(req: SimRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function checkDimensions(value: unknown, model: string, path: string): string | undefined {
  if (value == null) return undefined;
  const n = Number(value);
  if (n < 1 || n > defaultDimensions(model)) return `* ${path}: output_dimensionality must be between 1 and ${defaultDimensions(model)}.\n`;
  return undefined;
}

function contentText(content: unknown): string {
  return arr(obj(content)?.parts)
    .map((p) => String(field(p, 'text') ?? ''))
    .join('');
}

/** Handles AI Studio `:embedContent` and `:batchEmbedContents` for an already-authenticated call. */
export async function handleStudioEmbed(req: SimRequest, res: SimResponder, model: string, batch: boolean): Promise<void> {
  const body = obj(req.json) ?? {};
  const problems: string[] = [];
  checkMessage(body, batch ? BATCH_REQUEST : EMBED_REQUEST, '', STUDIO_PKG, problems);
  if (problems.length > 0) return sendError(res, 400, problems.join('\n'));
  const requests = batch ? arr(body.requests).map((r) => obj(r) ?? {}) : [body];
  const name = batch ? 'BatchEmbedContentsRequest' : 'EmbedContentRequest';
  if (requests.length === 0) return sendError(res, 400, `* ${name}.requests: requests is not specified\n`);
  for (const [i, request] of requests.entries()) {
    const path = batch ? `${name}.requests[${i}]` : name;
    if (batch && request.model !== `models/${model}`) {
      return sendError(res, 400, `* ${path}.model: Model in the request (${String(request.model)}) does not match the model in the URL (models/${model}).\n`);
    }
    if (arr(obj(request.content)?.parts).length === 0) return sendError(res, 400, `* ${path}.content: content.parts must not be empty.\n`);
    const bad = checkDimensions(field(request, 'outputDimensionality'), model, `${path}.output_dimensionality`);
    if (bad) return sendError(res, 400, bad);
  }
  if (await res.preamble(parseScenario(header(req, 'x-sim-scenario')), renderGeminiError)) return;
  const vectors = requests.map((r) => ({
    values: embedText(contentText(r.content), Number(field(r, 'outputDimensionality') ?? defaultDimensions(model))),
  }));
  res.json(200, batch ? { embeddings: vectors } : { embedding: vectors[0] });
}

/** Handles Vertex `:predict` for text-embedding models. */
export async function handleVertexPredict(req: SimRequest, res: SimResponder, model: string): Promise<void> {
  const body = obj(req.json) ?? {};
  const problems: string[] = [];
  checkMessage(body, PREDICT_REQUEST, '', 'google.cloud.aiplatform.v1', problems);
  if (problems.length > 0) return sendError(res, 400, problems.join('\n'));
  const instances = arr(body.instances);
  if (instances.length === 0) return sendError(res, 400, 'instances must not be empty.');
  const parameters = obj(body.parameters) ?? {};
  const dims = field(parameters, 'outputDimensionality');
  const bad = checkDimensions(dims, model, 'PredictRequest.parameters.output_dimensionality');
  if (bad) return sendError(res, 400, bad);
  for (const [i, value] of instances.entries()) {
    const instance = obj(value);
    if (typeof instance?.content !== 'string') return sendError(res, 400, `Invalid instance at index ${i}: "content" must be a string.`);
    const task = instance.task_type ?? instance.taskType;
    if (task !== undefined && (typeof task !== 'string' || !TASK_TYPES.includes(task))) {
      return sendError(res, 400, `Invalid instance at index ${i}: unsupported task_type ${JSON.stringify(task)}.`);
    }
  }
  if (await res.preamble(parseScenario(header(req, 'x-sim-scenario')), renderGeminiError)) return;
  const size = Number(dims ?? defaultDimensions(model));
  const predictions = instances.map((value) => {
    const content = String(obj(value)?.content);
    return { embeddings: { values: embedText(content, size), statistics: { truncated: false, token_count: Math.max(1, Math.ceil(content.length / 4)) } } };
  });
  res.json(200, { predictions, metadata: { billableCharacterCount: instances.reduce<number>((n, v) => n + String(obj(v)?.content).length, 0) } });
}

/**
 * The Gemini simulator family: AI Studio (`/v1beta/models/{model}:{method}`, API key) and Vertex
 * AI (`/v1/projects/{p}/locations/{l}/publishers/google/models/{m}:{method}`, OAuth bearer from
 * this simulator's own `POST /token`). Requests are parsed against the proto like Google's
 * frontend does, then checked like the backend; replies come from the shared planner.
 */
import { randomBytes } from 'node:crypto';
import { planReply } from '../../reply.js';
import type { SimRequest, SimResponder } from '../../responder.js';
import type { SimRoute } from '../../route.js';
import { checkApiKey, checkBearer, handleToken } from './auth.js';
import { handleStudioEmbed, handleVertexPredict } from './embeddings.js';
import { GEMINI_FAULTS, sendError } from './errors.js';
import { checkMessage, field } from './proto.js';
import { renderChunks, renderResponse, sseFrame } from './render.js';
import { type Api, generateContentRequestDef, PACKAGE } from './request-defs.js';
import { toSimInput } from './sim-input.js';
import { validateGenerateRequest } from './validate-generate.js';

const DEFS = { studio: generateContentRequestDef('studio'), vertex: generateContentRequestDef('vertex') };

function header(req: SimRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function notFound(res: SimResponder, api: Api, model: string, method: string): void {
  const version = api === 'studio' ? 'v1beta' : 'v1';
  sendError(
    res,
    404,
    `models/${model} is not found for API version ${version}, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`,
  );
}

/** Parses and validates a generate body; answers 400 and returns undefined when it is invalid. */
function readGenerateBody(req: SimRequest, res: SimResponder, api: Api, model: string): Record<string, unknown> | undefined {
  if (req.invalidJson) {
    sendError(res, 400, 'Invalid JSON payload received. Unexpected token.');
    return undefined;
  }
  const body = req.json;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    sendError(res, 400, `Invalid JSON payload received. Expected an object, got ${JSON.stringify(body ?? null)}.`);
    return undefined;
  }
  const problems: string[] = [];
  checkMessage(body as Record<string, unknown>, DEFS[api], '', PACKAGE[api], problems);
  const message = problems.length > 0 ? problems.join('\n') : validateGenerateRequest(body as Record<string, unknown>, api, model);
  if (message) {
    sendError(res, 400, message);
    return undefined;
  }
  return body as Record<string, unknown>;
}

async function generate(req: SimRequest, res: SimResponder, api: Api, model: string, stream: boolean): Promise<void> {
  if (model.includes('embedding')) return notFound(res, api, model, stream ? 'streamGenerateContent' : 'generateContent');
  const body = readGenerateBody(req, res, api, model);
  if (!body) return;
  const reply = planReply(toSimInput(body, model, header(req, 'x-sim-scenario')), res);
  if (await res.preamble(reply.scenario, GEMINI_FAULTS, reply.usage.inputTokens)) return;
  const config = field(body, 'generationConfig');
  const options = {
    model,
    responseId: randomBytes(16).toString('base64url'),
    ...(api === 'vertex' ? { createTime: new Date().toISOString() } : {}),
    ...(field(config, 'responseLogprobs') === true ? { logprobs: Number(field(config, 'logprobs') ?? 0) } : {}),
  };
  if (!stream) return res.json(200, renderResponse(reply, options));
  const chunks = renderChunks(reply, options);
  if (req.query.get('alt') === 'sse') {
    return res.stream({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }, chunks.map(sseFrame), reply.scenario);
  }
  // Without alt=sse Google streams one JSON array, written element by element.
  const frames = chunks.map((chunk, i) => `${i === 0 ? '[' : ',\r\n'}${JSON.stringify(chunk)}${i === chunks.length - 1 ? ']' : ''}`);
  return res.stream({ 'content-type': 'application/json; charset=UTF-8' }, frames, reply.scenario);
}

async function studio(req: SimRequest, res: SimResponder): Promise<void> {
  const [, model = '', method = ''] = req.params;
  if (!checkApiKey(req, res)) return;
  switch (method) {
    case 'generateContent':
      return generate(req, res, 'studio', model, false);
    case 'streamGenerateContent':
      return generate(req, res, 'studio', model, true);
    case 'embedContent':
    case 'batchEmbedContents':
      if (!model.includes('embedding')) return notFound(res, 'studio', model, method);
      return handleStudioEmbed(req, res, model, method === 'batchEmbedContents');
    default:
      return notFound(res, 'studio', model, method);
  }
}

async function vertex(req: SimRequest, res: SimResponder): Promise<void> {
  const [, , , model = '', method = ''] = req.params;
  if (!checkBearer(req, res)) return;
  switch (method) {
    case 'generateContent':
      return generate(req, res, 'vertex', model, false);
    case 'streamGenerateContent':
      return generate(req, res, 'vertex', model, true);
    case 'predict':
      if (!model.includes('embedding')) return notFound(res, 'vertex', model, method);
      return handleVertexPredict(req, res, model);
    default:
      return notFound(res, 'vertex', model, method);
  }
}

/** Every Gemini route: AI Studio, Vertex AI, and the OAuth token endpoint Vertex clients use. */
export const geminiRoutes: SimRoute[] = [
  { method: 'POST', pattern: /^\/(v1beta|v1)\/models\/([^/:]+):([A-Za-z]+)$/, handle: studio },
  {
    method: 'POST',
    pattern: /^\/(v1|v1beta1)\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/models\/([^/:]+):([A-Za-z]+)$/,
    handle: vertex,
  },
  { method: 'POST', pattern: /^\/token$/, handle: handleToken },
];

/**
 * OpenAI-family routes of the simulator: Chat Completions, Embeddings and Models, for OpenAI
 * itself, Azure OpenAI (deployment and v1 URLs, api-key header) and every compatible flavor, and
 * the Responses API of OpenAI and Azure (responses-routes.ts).
 */
import { planReply } from '../../reply.js';
import type { SimRequest, SimResponder } from '../../responder.js';
import type { SimRoute } from '../../route.js';
import { authorized, azureVersionOk } from './access.js';
import { chatFaults } from './faults.js';
import { checkFlavorEmbeddings, checkFlavorRequest } from './flavor-checks.js';
import { flavorRules, isAzureRequest } from './flavors.js';
import { isLexicalModel, LEXICAL_DEFAULT_DIMENSIONS, lexicalEmbedding } from './lexical-embedding.js';
import { embeddingFor, openaiErrorBody, renderChunks, renderCompletion } from './render.js';
import { responsesRoutes } from './responses-routes.js';
import { validateChatRequest } from './validate.js';
import { requestedLogprobs } from './validate-options.js';

let counter = 0;

async function chat(req: SimRequest, res: SimResponder, deployment?: string): Promise<void> {
  if (!authorized(req, res) || !azureVersionOk(req, res)) return;
  if (req.invalidJson) {
    res.json(
      400,
      openaiErrorBody(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)"),
    );
    return;
  }
  // Azure deployment URLs carry the model in the path; the body's model is optional there.
  const body =
    deployment && typeof req.json === 'object' && req.json !== null && !('model' in req.json) ? { ...(req.json as object), model: deployment } : req.json;
  // Azure paths answer as Azure whatever prefix they came under.
  const flavor = isAzureRequest(req.flavor, req.path) ? 'azure' : req.flavor;
  const rules = flavorRules(flavor);
  const rejection = checkFlavorRequest(body, flavor, req);
  if (rejection) {
    res.json(rejection.status, rejection.body);
    return;
  }
  const input = validateChatRequest(body, req.flavor);
  if ('status' in input) {
    res.json(input.status, rules.errorBody(input.status, input.message, input.param, input.code));
    return;
  }
  if (rules.reasoningRequested) input.reasoning = rules.reasoningRequested(body as Record<string, unknown>);
  const header = req.headers['x-sim-scenario'];
  if (typeof header === 'string') input.scenarioHeader = header;
  const reply = planReply(input, res);
  if (await res.preamble(reply.scenario, chatFaults(rules, flavor === 'azure'), reply.usage.inputTokens)) return;
  const id = `chatcmpl-sim${(++counter).toString(36)}`;
  const created = Math.floor(Date.now() / 1000);
  const json = body as Record<string, unknown>;
  const options = { logprobs: requestedLogprobs(json), serviceTier: typeof json.service_tier === 'string' ? json.service_tier : undefined };
  if (json.stream === true) {
    const includeUsage = (json.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
    // Frames before any content: a keep-alive comment, Azure's prompt annotations, the role-only chunk.
    const prelude = (rules.streamComment ? 1 : 0) + (flavor === 'azure' ? 1 : 0) + 1;
    await res.stream(
      { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': id },
      renderChunks(reply, input.model, id, created, includeUsage, flavor, options),
      reply.scenario,
      prelude,
    );
    return;
  }
  res.json(200, renderCompletion(reply, input.model, id, created, flavor, options), { 'x-request-id': id });
}

function embeddings(req: SimRequest, res: SimResponder, deployment?: string): void {
  if (!authorized(req, res) || !azureVersionOk(req, res)) return;
  let body = req.json as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') {
    res.json(400, openaiErrorBody(400, 'We could not parse the JSON body of your request.'));
    return;
  }
  // Azure deployment URLs carry the model in the path.
  if (deployment && !('model' in body)) body = { ...body, model: deployment };
  const rejection = checkFlavorEmbeddings(body, req.flavor);
  if (rejection) {
    res.json(rejection.status, rejection.body);
    return;
  }
  if (typeof body.model !== 'string') {
    res.json(400, openaiErrorBody(400, 'you must provide a model parameter', 'model'));
    return;
  }
  const input = typeof body.input === 'string' ? [body.input] : body.input;
  if (!Array.isArray(input) || input.length === 0 || !input.every((s) => typeof s === 'string')) {
    res.json(400, openaiErrorBody(400, "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", 'input'));
    return;
  }
  const requested = body.dimensions ?? body.output_dimension;
  const lexical = isLexicalModel(body.model);
  const dims = requested === undefined ? (lexical ? LEXICAL_DEFAULT_DIMENSIONS : 8) : requested;
  // The real API caps dimensions at the model's size (3072 for text-embedding-3-large).
  if (typeof dims !== 'number' || !Number.isInteger(dims) || dims < 1 || dims > 3072) {
    res.json(400, openaiErrorBody(400, `Invalid 'dimensions': expected an integer between 1 and 3072, got ${String(dims)}.`, 'dimensions', 'invalid_value'));
    return;
  }
  const tokens = (input as string[]).reduce((n, s) => n + Math.max(1, Math.ceil(s.length / 4)), 0);
  res.json(200, {
    object: 'list',
    data: (input as string[]).map((text, index) => ({
      object: 'embedding',
      index,
      embedding: lexical ? lexicalEmbedding(text, dims) : embeddingFor(text, dims),
    })),
    model: body.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

function models(req: SimRequest, res: SimResponder): void {
  if (!authorized(req, res)) return;
  res.json(200, {
    object: 'list',
    data: ['sim-small', 'sim-large', 'sim-embed'].map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'simulator' })),
  });
}

/** Routes of the OpenAI family. */
export const openaiRoutes: SimRoute[] = [
  { method: 'POST', pattern: /^\/openai\/deployments\/([^/]+)\/chat\/completions$/, handle: (req, res) => chat(req, res, decodeURIComponent(req.params[0]!)) },
  { method: 'POST', pattern: /\/chat\/completions$/, handle: (req, res) => chat(req, res) },
  {
    method: 'POST',
    pattern: /^\/openai\/deployments\/([^/]+)\/embeddings$/,
    handle: (req, res) => embeddings(req, res, decodeURIComponent(req.params[0]!)),
  },
  { method: 'POST', pattern: /\/embeddings$/, handle: (req, res) => embeddings(req, res) },
  { method: 'GET', pattern: /\/models$/, handle: models },
  ...responsesRoutes,
];

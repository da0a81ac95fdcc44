/**
 * Bedrock Runtime routes of the simulator: Converse, ConverseStream (real AWS event-stream
 * frames) and InvokeModel (embeddings). Auth is SigV4 (fully verified for AKIDSIMULATOR /
 * "simulator-secret", form-checked for other key ids) or a Bedrock API key as a bearer token.
 * Extra fault: `fault=midstream_429` (or _400, _424, _500, _503) ends a ConverseStream with the
 * matching exception message after the first content delta.
 */
import { randomUUID } from 'node:crypto';
import { planReply } from '../../reply.js';
import type { SimRequest, SimResponder } from '../../responder.js';
import type { SimRoute } from '../../route.js';
import { BEDROCK_FAULTS, type BedrockError, sendError } from './errors.js';
import { invokeModel } from './invoke.js';
import { renderConverse, renderConverseStream } from './render.js';
import { verifySigV4 } from './sigv4.js';
import { validateConverse } from './validate.js';

const MODEL_ID = /^[a-zA-Z0-9._:/-]{1,2048}$/;

function authFailure(req: SimRequest): BedrockError | undefined {
  const auth = req.headers.authorization;
  if (auth === undefined) return { status: 403, type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  if (auth.startsWith('Bearer ')) {
    return auth.slice(7).trim().length > 0
      ? undefined
      : { status: 403, type: 'UnrecognizedClientException', message: 'Invalid API Key format: Must start with pre-defined prefix' };
  }
  if (!auth.startsWith('AWS4-HMAC-SHA256 ')) {
    return { status: 400, type: 'IncompleteSignatureException', message: `Authorization header requires 'Credential' parameter. Authorization=${auth}` };
  }
  const rawPath = req.flavor ? `/${req.flavor}${req.path}` : req.path;
  return verifySigV4({ method: req.method, rawPath, rawQuery: req.query.toString(), headers: req.headers, body: req.rawBody });
}

/** Auth, JSON and model-id checks shared by every route; returns the decoded model id. */
function admit(req: SimRequest, res: SimResponder): string | undefined {
  const failure = authFailure(req);
  if (failure) {
    sendError(res, failure);
    return undefined;
  }
  let modelId: string;
  try {
    modelId = decodeURIComponent(req.params[0] ?? '');
  } catch {
    modelId = '';
  }
  if (!MODEL_ID.test(modelId)) {
    sendError(res, { status: 400, type: 'ValidationException', message: 'The provided model identifier is invalid.' });
    return undefined;
  }
  if (req.invalidJson || req.json === undefined) {
    sendError(res, { status: 400, type: 'SerializationException', message: 'Could not parse the request body as JSON.' });
    return undefined;
  }
  return modelId;
}

async function converse(req: SimRequest, res: SimResponder, stream: boolean): Promise<void> {
  const modelId = admit(req, res);
  if (modelId === undefined) return;
  const checked = validateConverse(req.json, modelId);
  if ('status' in checked) {
    sendError(res, checked);
    return;
  }
  const header = req.headers['x-sim-scenario'];
  if (typeof header === 'string') checked.input.scenarioHeader = header;
  const reply = planReply(checked.input, res);
  if (await res.preamble(reply.scenario, BEDROCK_FAULTS, reply.usage.inputTokens)) return;
  const requestId = randomUUID();
  if (!stream) {
    res.json(200, renderConverse(reply, checked.responseFieldPaths), { 'x-amzn-requestid': requestId });
    return;
  }
  const midstream = /^midstream_(\d{3})$/.exec(reply.scenario.fault ?? '')?.[1];
  await res.stream(
    { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': requestId },
    renderConverseStream(reply, checked.responseFieldPaths, midstream),
    reply.scenario,
    // messageStart carries no content: fault=cut0 cuts right after it.
    1,
  );
}

function invoke(req: SimRequest, res: SimResponder): void {
  const modelId = admit(req, res);
  if (modelId === undefined) return;
  const result = invokeModel(modelId, req.json);
  if ('status' in result) {
    sendError(res, result);
    return;
  }
  res.json(200, result.body, {
    'x-amzn-requestid': randomUUID(),
    'x-amzn-bedrock-input-token-count': String(result.inputTokens),
    'x-amzn-bedrock-invocation-latency': '12',
  });
}

/** The Bedrock Runtime routes. */
export const bedrockRoutes: SimRoute[] = [
  { method: 'POST', pattern: /^\/model\/([^/]+)\/converse$/, handle: (req, res) => converse(req, res, false) },
  { method: 'POST', pattern: /^\/model\/([^/]+)\/converse-stream$/, handle: (req, res) => converse(req, res, true) },
  { method: 'POST', pattern: /^\/model\/([^/]+)\/invoke$/, handle: invoke },
];

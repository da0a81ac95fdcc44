/**
 * The Responses API routes: OpenAI's POST /v1/responses, and Azure's POST
 * /openai/responses?api-version=… (from 2025-03-01-preview) and /openai/v1/responses. The
 * deployment is the body's `model` on both Azure paths. Faults and pacing work as for chat, plus
 * fault=failed: a stream that ends with response.failed (a failed response object when not streamed).
 */
import { chunkText, planReply } from '../../reply.js';
import type { SimRequest, SimResponder } from '../../responder.js';
import type { SimRoute } from '../../route.js';
import { extractDirective } from '../../scenario.js';
import { authorized } from './access.js';
import { openaiErrorBody } from './errors.js';
import { responsesFaults } from './faults.js';
import { flavorRules, isAzureRequest } from './flavors.js';
import { failedEvents, outputItems, type ResponsesAnswer, responseEvents, responseObject } from './responses-render.js';
import { validateResponsesRequest } from './responses-validate.js';

let counter = 0;

const AZURE_PATHS = new Set(['/openai/responses', '/openai/v1/responses']);
const AZURE_RESPONSES_SINCE = '2025-03-01';

/** Azure's 404 for a path or api-version without the Responses API. */
function azureNotFound(res: SimResponder): void {
  res.json(404, { error: { code: '404', message: 'Resource not found' } });
}

/** Only OpenAI and Azure have the Responses API here; every other flavor has no such route. */
function routeExists(req: SimRequest, res: SimResponder, azure: boolean): boolean {
  if (azure) {
    const version = req.query.get('api-version');
    const dated = req.path === '/openai/responses';
    if (AZURE_PATHS.has(req.path) && (!dated || (version !== null && version.slice(0, 10) >= AZURE_RESPONSES_SINCE))) return true;
    azureNotFound(res);
    return false;
  }
  if (req.flavor === '' || req.flavor === 'openai') return true;
  res.json(404, openaiErrorBody(404, `Simulator: no route for POST ${req.path} in flavor '${req.flavor}'`));
  return false;
}

/** Reasoning models think before calling tools too: the planner gives calls no reasoning, so it is added here. */
function reasonBeforeCalls(answer: ResponsesAnswer): void {
  const { reply } = answer;
  if (!answer.request.reasoning || reply.reasoning !== undefined || reply.toolCalls.length === 0) return;
  reply.reasoning = `Deciding to call ${reply.toolCalls.map((call) => call.name).join(', ')}.`;
  const tokens = chunkText(reply.reasoning).length;
  reply.usage.reasoningTokens = tokens;
  reply.usage.outputTokens += tokens;
}

async function responses(req: SimRequest, res: SimResponder): Promise<void> {
  const azure = isAzureRequest(req.flavor, req.path);
  if (!routeExists(req, res, azure) || !authorized(req, res)) return;
  const rules = flavorRules(azure ? 'azure' : req.flavor);
  if (req.invalidJson) {
    res.json(
      400,
      rules.errorBody(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)"),
    );
    return;
  }
  const request = validateResponsesRequest(req.json);
  if ('status' in request) {
    res.json(request.status, rules.errorBody(request.status, request.message, request.param, request.code));
    return;
  }
  const header = req.headers['x-sim-scenario'];
  if (typeof header === 'string') request.input.scenarioHeader = header;
  const reply = planReply(request.input, res);
  if (await res.preamble(reply.scenario, responsesFaults(rules, azure), reply.usage.inputTokens)) return;
  const id = `sim${(++counter).toString(36)}`;
  const answer: ResponsesAnswer = {
    id,
    created: Math.floor(Date.now() / 1000),
    request,
    reply,
    userText: extractDirective(request.input.lastUserText).text,
  };
  reasonBeforeCalls(answer);
  const failed = reply.scenario.fault === 'failed';
  const headers = { 'x-request-id': `req_${id}` };
  if (request.stream) {
    const frames = failed ? failedEvents(answer) : responseEvents(answer);
    // response.created and response.in_progress carry no content: fault=cut0 cuts after them.
    await res.stream({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers }, frames, reply.scenario, 2);
    return;
  }
  res.json(200, failed ? responseObject(answer, 'failed') : responseObject(answer, 'final', outputItems(answer)), headers);
}

/** Routes of the Responses API. */
export const responsesRoutes: SimRoute[] = [{ method: 'POST', pattern: /\/responses$/, handle: responses }];

/** The Cohere v2 wire family: POST /v2/chat (JSON or SSE by body.stream) and POST /v2/embed. */
import { planReply } from '../../reply.js';
import type { SimRequest, SimResponder } from '../../responder.js';
import type { SimRoute } from '../../route.js';
import { extractDirective, mergeSpecs, parseScenario } from '../../scenario.js';
import { badRequest, COHERE_FAULTS, type CohereFailure, checkAuth, renderCohereError } from './errors.js';
import { renderCohereEmbed, validateCohereEmbed } from './embed.js';
import { renderCohereChat, renderCohereChatStream } from './render-chat.js';
import { validateCohereChat } from './validate-chat.js';

function header(req: SimRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendFailure(res: SimResponder, failure: CohereFailure): void {
  const rendered = renderCohereError(failure.status, failure.message);
  res.json(failure.status, rendered.body, rendered.headers);
}

/** Checks that every request shares: a Bearer key, then a JSON body. */
function precheck(req: SimRequest, res: SimResponder): boolean {
  const auth = checkAuth(header(req, 'authorization'));
  if (auth) {
    sendFailure(res, auth);
    return false;
  }
  if (req.invalidJson || req.json === undefined) {
    sendFailure(res, badRequest('invalid json: the request body could not be parsed'));
    return false;
  }
  return true;
}

async function chat(req: SimRequest, res: SimResponder): Promise<void> {
  if (!precheck(req, res)) return;
  const validated = validateCohereChat(req.json);
  if ('failure' in validated) return sendFailure(res, validated.failure);
  const scenarioHeader = header(req, 'x-sim-scenario');
  const reply = planReply(scenarioHeader === undefined ? validated.input : { ...validated.input, scenarioHeader }, res);
  if (await res.preamble(reply.scenario, COHERE_FAULTS, reply.usage.inputTokens)) return;
  if (!validated.stream) return res.json(200, renderCohereChat(reply));
  await res.stream(
    { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' },
    renderCohereChatStream(reply),
    reply.scenario,
    // message-start carries no content: fault=cut0 cuts right after it.
    1,
  );
}

async function embed(req: SimRequest, res: SimResponder): Promise<void> {
  if (!precheck(req, res)) return;
  const validated = validateCohereEmbed(req.json);
  if ('failure' in validated) return sendFailure(res, validated.failure);
  // Embeddings have no user turn: a directive may sit in any input text.
  const directive = validated.items.map((t) => extractDirective(t).spec).find((s) => s !== undefined);
  const spec = mergeSpecs(directive, header(req, 'x-sim-scenario'));
  if (await res.preamble(parseScenario(spec), renderCohereError)) return;
  res.json(200, renderCohereEmbed(validated));
}

/** Cohere v2 routes. */
export const cohereRoutes: SimRoute[] = [
  { method: 'POST', pattern: /^\/v2\/chat$/, handle: chat },
  { method: 'POST', pattern: /^\/v2\/embed$/, handle: embed },
];

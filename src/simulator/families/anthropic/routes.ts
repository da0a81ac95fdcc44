/**
 * Anthropic-family routes of the simulator: POST /v1/messages with the Messages API's header
 * checks (x-api-key or Bearer, anthropic-version), body validation, faults, JSON and SSE replies.
 */
import { chunkText, planReply, type SimInput, type SimReply } from '../../reply.js';
import { extractDirective } from '../../scenario.js';
import type { FamilyFaults, SimRequest, SimResponder } from '../../responder.js';
import type { SimRoute } from '../../route.js';
import { anthropicErrorBody, newRequestId } from './errors.js';
import { renderEvents, renderMessage } from './render.js';
import { validateMessagesRequest } from './validate.js';

// Versions are dates; SDK 1.x sends 2026-10-21, older clients 2023-06-01.
const CONTEXT_TOKENS = 200_000;
const VERSION = /^\d{4}-\d{2}-\d{2}$/;
let counter = 0;

function header(req: SimRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function fail(res: SimResponder, status: number, message: string): void {
  const requestId = newRequestId();
  res.json(status, anthropicErrorBody(status, message, requestId), { 'request-id': requestId });
}

function errorAnswer(status: number, message: string) {
  const requestId = newRequestId();
  return { status, body: anthropicErrorBody(status, message, requestId), headers: { 'request-id': requestId } };
}

/** Injected faults in Anthropic's form; a content filter is the reply's stop_reason "refusal", not an error. */
const FAULTS: FamilyFaults = {
  error: errorAnswer,
  contextWindow: (inputTokens) => errorAnswer(400, `prompt is too long: ${CONTEXT_TOKENS + inputTokens} tokens > ${CONTEXT_TOKENS} maximum`),
};

/**
 * With thinking on, Claude thinks before it calls tools, and the next request of the tool loop
 * must replay that thinking; the shared planner only reasons on text replies, so add it here.
 */
function withThinkingBeforeTools(input: SimInput, reply: SimReply): SimReply {
  if (!input.reasoning || reply.reasoning !== undefined || reply.toolCalls.length === 0) return reply;
  const reasoning = `Choosing tools for: ${extractDirective(input.lastUserText).text.slice(0, 80)}`;
  const tokens = chunkText(reasoning).length;
  return {
    ...reply,
    reasoning,
    usage: { ...reply.usage, outputTokens: reply.usage.outputTokens + tokens, reasoningTokens: reply.usage.reasoningTokens + tokens },
  };
}

async function messages(req: SimRequest, res: SimResponder): Promise<void> {
  if (req.flavor !== '') {
    fail(res, 404, `Not found: /${req.flavor}${req.path}`);
    return;
  }
  const apiKey = header(req, 'x-api-key');
  const bearer = /^Bearer \S+/.test(header(req, 'authorization') ?? '');
  if (!apiKey && !bearer) {
    fail(res, 401, 'x-api-key header is required');
    return;
  }
  const version = header(req, 'anthropic-version');
  if (!version) {
    fail(res, 400, 'anthropic-version: header is required');
    return;
  }
  if (!VERSION.test(version)) {
    fail(res, 400, `anthropic-version: invalid version '${version}'`);
    return;
  }
  if (req.invalidJson) {
    fail(res, 400, 'There was an error parsing the body of your request. Please check that it is valid JSON.');
    return;
  }
  const input = validateMessagesRequest(req.json);
  if ('status' in input) {
    fail(res, input.status, input.message);
    return;
  }
  const scenario = header(req, 'x-sim-scenario');
  if (scenario) input.scenarioHeader = scenario;
  const reply = withThinkingBeforeTools(input, planReply(input, res));
  if (await res.preamble(reply.scenario, FAULTS, reply.usage.inputTokens)) return;

  const id = `msg_sim${(++counter).toString(36).padStart(8, '0')}`;
  const requestId = newRequestId();
  if ((req.json as Record<string, unknown>).stream === true) {
    await res.stream(
      { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': requestId },
      renderEvents(reply, input.model, id),
      reply.scenario,
      // message_start carries no content: fault=cut0 cuts right after it.
      1,
    );
    return;
  }
  res.json(200, renderMessage(reply, input.model, id), { 'request-id': requestId });
}

/** Routes of the Anthropic family. */
export const anthropicRoutes: SimRoute[] = [{ method: 'POST', pattern: /^\/v1\/messages$/, handle: messages }];

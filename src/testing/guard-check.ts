/**
 * Test harness for remote guard engines: a request context as the guardrails would pass it (an
 * authenticated caller with team and project) and check options around it. Production code never
 * imports this.
 */
import type { RemoteCheckOptions } from '../guardrails/engine.js';
import { RequestContext } from '../pipeline/context.js';

/** A chat request's context, id `req_7`, model `gpt-x`, team `team_1`, project `proj_1`. */
export function guardContext(request?: unknown): RequestContext {
  const ctx = new RequestContext({
    requestId: 'req_7',
    startedAt: performance.now(),
    time: Date.now(),
    operation: 'chat',
    ingress: 'openai',
    requestHeaders: {},
  });
  ctx.modelRequested = 'gpt-x';
  ctx.identity = { method: 'virtual_key', keyId: 'key_1', team: 'team_1', project: 'proj_1' };
  if (request !== undefined) ctx.request = request;
  return ctx;
}

/** Check options for a stage, with a signal the test may abort. */
export function checkOptions(stage: 'input' | 'output' = 'input', signal: AbortSignal = new AbortController().signal, request?: unknown): RemoteCheckOptions {
  return { stage, signal, ctx: guardContext(request) };
}

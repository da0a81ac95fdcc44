/**
 * Test harness for the gateway's internal calls: the context of a caller's chat request, as the
 * judge's chat and the cache's embedding find it once the caller is authenticated. Production code
 * never imports this.
 */
import { RequestContext } from '../pipeline/context.js';

/** A chat request's context (id `req_9` unless given) whose caller is virtual key `key_1` of team `team_1`. */
export function callerContext(requestId = 'req_9'): RequestContext {
  const parent = new RequestContext({
    requestId,
    startedAt: performance.now(),
    time: Date.now(),
    operation: 'chat',
    ingress: 'openai',
    requestHeaders: {},
  });
  parent.identity = { method: 'virtual_key', keyId: 'key_1', team: 'team_1' };
  return parent;
}

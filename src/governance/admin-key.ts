/**
 * The authenticate hook while there are no virtual keys: with `admin_key` set, every /v1 call
 * must present it, as `Authorization: Bearer KEY` or `x-api-key: KEY` (what the Anthropic SDK
 * sends). Compared in constant time over fixed-length digests, so neither the key's content nor
 * its length leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { GatewayError } from '../core/errors.js';
import type { RequestContext, RequestHeaders } from '../pipeline/context.js';
import type { Hook } from '../pipeline/contract.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** The key a set of request headers presents, if any (the admin API reads headers, not a pipeline context). */
export function presentedKeyIn(headers: RequestHeaders): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1];
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined;
}

/** The key a request presents, if any. */
export function presentedKey(ctx: RequestContext): string | undefined {
  return presentedKeyIn(ctx.requestHeaders);
}

/** A constant-time test of a presented key against the admin key (digests first: length does not leak either). */
export function adminKeyMatcher(adminKey: string): (presented: string) => boolean {
  const expected = digest(adminKey);
  return (presented) => timingSafeEqual(digest(presented), expected);
}

/** A hook that lets in only callers presenting the admin key. */
export function adminKeyHook(adminKey: string): Hook {
  const matches = adminKeyMatcher(adminKey);
  return {
    name: 'admin-key',
    run(ctx) {
      const key = presentedKey(ctx);
      if (key === undefined)
        throw new GatewayError('authentication_failed', 401, 'No API key was sent. Send it as Authorization: Bearer KEY or x-api-key: KEY.');
      if (!matches(key)) throw new GatewayError('authentication_failed', 401, 'The API key is not valid.');
      ctx.identity = { method: 'admin_key' };
      return undefined;
    },
  };
}

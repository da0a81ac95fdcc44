/**
 * The authenticate hook with virtual keys: a presented `sk-sb-…` key must be a live key of the
 * tenancy snapshot (not revoked, not expired); any other credential goes to the gateway's
 * previous check (the admin key, or loopback open mode). A key's first use is recorded once, off
 * the request path.
 */
import { GatewayError } from '../../core/errors.js';
import type { RequestContext } from '../../pipeline/context.js';
import type { Hook } from '../../pipeline/contract.js';
import { presentedKey } from '../admin-key.js';
import { CALLER } from '../slots.js';
import { looksLikeVirtualKey } from './secret.js';
import type { TenancyCache } from './tenancy-cache.js';

/**
 * Called on a key's first use seen by this process (the store decides whether it is the first
 * anywhere); resolves false when it could not be recorded (the database is down), to be tried again.
 */
export type FirstUseListener = (keyId: string) => Promise<boolean>;

/** How long to wait before recording a first use again after a failure. */
const FIRST_USE_RETRY_MS = 30_000;

function invalidKey(): GatewayError {
  return new GatewayError('authentication_failed', 401, 'The API key is not valid.');
}

/** A hook that accepts live virtual keys and hands every other credential to `fallback` (if any). */
export function virtualKeyHook(cache: TenancyCache, fallback: Hook | undefined, onFirstUse: FirstUseListener): Hook {
  // Key id → when its first use may be recorded again (never, once it was).
  const seen = new Map<string, number>();
  return {
    name: 'virtual-key',
    run(ctx: RequestContext) {
      const presented = presentedKey(ctx);
      if (presented === undefined || !looksLikeVirtualKey(presented)) return fallback?.run(ctx);
      const resolved = cache.lookup(presented);
      if (!resolved) throw invalidKey();
      const { key } = resolved;
      if (key.expires_at !== null && key.expires_at <= ctx.time)
        throw new GatewayError('authentication_failed', 401, 'The API key has expired. Ask your team admin for a new one.');
      ctx.identity = { method: 'virtual_key', keyId: key.id, team: key.team_id, project: key.project_id ?? undefined, role: key.role };
      // Names too: routing rules may name a team, project or key instead of its id.
      ctx.identity.keyName = key.name;
      if (resolved.team) ctx.identity.teamName = resolved.team.name;
      if (resolved.project) ctx.identity.projectName = resolved.project.name;
      // The pins were resolved with the snapshot: the same frozen array for every request of the key.
      if (resolved.regionPins) ctx.identity.regionPins = resolved.regionPins;
      ctx.set(CALLER, resolved);
      if (key.first_used_at === null && (seen.get(key.id) ?? 0) <= ctx.time) {
        seen.set(key.id, Number.POSITIVE_INFINITY);
        void onFirstUse(key.id).then((recorded) => {
          if (!recorded) seen.set(key.id, Date.now() + FIRST_USE_RETRY_MS);
        });
      }
      return undefined;
    },
  };
}

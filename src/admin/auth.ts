/**
 * Who is calling the admin API: the config's admin_key is the owner; a live virtual key with role
 * team_admin or viewer acts within its team; member keys call models only.
 */
import { adminKeyMatcher, presentedKeyIn } from '../governance/admin-key.js';
import { isLoopbackHost } from '../governance/loopback-host.js';
import type { RequestHeaders } from '../pipeline/context.js';
import type { Actor } from '../governance/store-contract.js';
import type { AdminDeps } from './deps.js';
import { AdminError, forbidden } from './errors.js';

/** An authenticated admin caller. */
export type Principal = { role: 'owner'; actor: Actor; teamId?: undefined } | { role: 'team_admin' | 'viewer'; actor: Actor; teamId: string };

const HOW_TO_SEND = 'Send it as Authorization: Bearer KEY or x-api-key: KEY.';
const NO_ADMIN_KEY =
  'The admin API needs a key, and no admin_key is configured: set admin_key in the config (admin_key: ${SWITCHBOARD_ADMIN_KEY}) and send it as Authorization: Bearer KEY or x-api-key: KEY, or use a virtual key with role team_admin or viewer.';

/** Builds the function that authenticates a request's headers or throws 401/403. */
export function createAuthenticator(deps: AdminDeps): (headers: RequestHeaders) => Promise<Principal> {
  const isAdminKey = deps.adminKey ? adminKeyMatcher(deps.adminKey) : () => false;
  const now = deps.now ?? Date.now;
  return async (headers) => {
    const presented = presentedKeyIn(headers);
    if (presented === undefined && deps.openLoopback && !deps.adminKey && typeof headers.host === 'string' && isLoopbackHost(headers.host)) {
      return { role: 'owner', actor: { key_id: 'open_mode', role: 'owner' } };
    }
    if (presented === undefined) throw new AdminError('authentication_failed', deps.adminKey ? `No API key was sent. ${HOW_TO_SEND}` : NO_ADMIN_KEY);
    if (isAdminKey(presented)) return { role: 'owner', actor: { key_id: 'admin_key', role: 'owner' } };
    const key = await deps.resolveVirtualKey(presented);
    const t = now();
    if (!key || key.revoked_at !== null || (key.expires_at !== null && key.expires_at <= t)) {
      const hint = deps.adminKey ? '' : ' (no admin_key is configured: set admin_key in the config to use the admin API as owner)';
      throw new AdminError('authentication_failed', `The API key is not valid: unknown, revoked or expired${hint}.`);
    }
    if (key.role === 'member') {
      throw forbidden('This key has role member: it calls models, not the admin API. Use the admin key or a key with role team_admin or viewer.');
    }
    return { role: key.role, actor: { key_id: key.id, role: key.role }, teamId: key.team_id };
  };
}

/** Refuses writes by viewers. */
export function requireWrite(p: Principal): void {
  if (p.role === 'viewer') throw forbidden('This key has role viewer: it can only read.');
}

/** Refuses everyone but the owner. */
export function requireOwner(p: Principal, what: string): void {
  if (p.role !== 'owner') throw forbidden(`Only the owner (the config's admin_key) ${what}.`);
}

/** Whether an object of this team is visible to the caller. */
export function canSee(p: Principal, teamId: string): boolean {
  return p.role === 'owner' || p.teamId === teamId;
}

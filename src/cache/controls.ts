/**
 * The caller's cache controls, from request headers: `x-switchboard-cache: bypass | refresh |
 * no-store`, `Cache-Control: no-store` (the HTTP way to ask for no storage), and
 * `x-switchboard-cache-namespace: NAME`. An unknown directive or a malformed namespace is a 400:
 * a silently ignored control would serve or keep what the caller asked us not to.
 */
import { GatewayError } from '../core/errors.js';
import type { RequestHeaders } from '../pipeline/context.js';

/** What the caller asked of the cache. */
export interface CacheControls {
  /** Neither look up nor store. */
  bypass: boolean;
  /** Do not look up; store the fresh answer (replacing the old one). */
  refresh: boolean;
  /** Look up, but never store this request's answer. */
  noStore: boolean;
  namespace?: string;
}

const NONE: CacheControls = { bypass: false, refresh: false, noStore: false };
const NAMESPACE = /^[A-Za-z0-9._:-]{1,64}$/;

function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Reads the controls; throws a 400 naming the header for a value it does not know. */
export function cacheControls(headers: RequestHeaders): CacheControls {
  const directive = header(headers, 'x-switchboard-cache');
  const namespace = header(headers, 'x-switchboard-cache-namespace');
  const cacheControl = header(headers, 'cache-control');
  if (directive === undefined && namespace === undefined && cacheControl === undefined) return NONE;
  const controls: CacheControls = { ...NONE };
  for (const raw of (directive ?? '').split(',')) {
    const value = raw.trim().toLowerCase();
    if (value === '') continue;
    if (value === 'bypass') controls.bypass = true;
    else if (value === 'refresh') controls.refresh = true;
    else if (value === 'no-store') controls.noStore = true;
    else
      throw new GatewayError('invalid_request', 400, "Header 'x-switchboard-cache' must be bypass, refresh or no-store.", {
        param: 'x-switchboard-cache',
      });
  }
  if (cacheControl !== undefined && /(^|,)\s*no-store\s*(,|$)/i.test(cacheControl)) controls.noStore = true;
  if (namespace !== undefined) {
    if (!NAMESPACE.test(namespace))
      throw new GatewayError(
        'invalid_request',
        400,
        "Header 'x-switchboard-cache-namespace' must be 1-64 characters of letters, digits, '.', '_', ':' or '-'.",
        { param: 'x-switchboard-cache-namespace' },
      );
    controls.namespace = namespace;
  }
  return controls;
}

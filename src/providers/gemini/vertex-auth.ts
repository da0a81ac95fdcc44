/**
 * Vertex AI authorization: a service-account JWT (RS256) exchanged for an OAuth access token
 * (JWT-bearer grant), cached until shortly before it expires, sent as `Authorization: Bearer`.
 * Signing is pure given the key and the time from tools.now(); the exchange goes through
 * tools.fetchJson, so this module opens no sockets.
 */
import { createSign } from 'node:crypto';
import { GatewayError, upstreamStatusToError } from '../../core/errors.js';
import { asNumber, asObject, asString } from '../spec/json.js';
import type { AuthTools, HttpRequestSpec, ProviderSettings } from '../spec/provider.js';

/** The OAuth scope Vertex AI needs. */
export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
/** Google's token endpoint, used when neither settings nor the key name one. */
export const DEFAULT_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Google allows at most one hour between iat and exp. */
const JWT_LIFETIME_SECONDS = 3600;
/** Refresh this long before the token's stated expiry, so no call carries a dying token. */
const REFRESH_MARGIN_SECONDS = 300;

type Credentials = NonNullable<ProviderSettings['credentials']>;
type CachedToken = { token: string; expiresAt: number };

/** The token endpoint for these settings: explicit tokenUrl, then the key's token_uri, then Google's. */
export function tokenUrlFor(settings: ProviderSettings): string {
  return settings.tokenUrl || settings.credentials?.token_uri || DEFAULT_TOKEN_URL;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** Anything shaped like a JWT (a signed assertion, or a prefix of one cut short by a proxy). */
const JWT_LIKE = /eyJ[\w-]*(\.[\w-]*){0,2}/g;

/**
 * The token endpoint's error text without the signed assertion: some endpoints and proxies
 * repeat it, and it is exchangeable for an access token until it expires.
 */
function withoutTokens(text: string, assertion: string): string {
  let out = text.replaceAll(assertion, '[redacted]');
  for (const part of assertion.split('.')) if (part.length >= 16) out = out.replaceAll(part, '[redacted]');
  return out.replace(JWT_LIKE, '[redacted]');
}

/** Builds the signed assertion for the JWT-bearer grant. `nowMs` is milliseconds since the epoch. */
export function signServiceAccountJwt(credentials: Credentials, audience: string, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const header = { alg: 'RS256', typ: 'JWT' };
  const claims = { iss: credentials.client_email, scope: CLOUD_PLATFORM_SCOPE, aud: audience, iat, exp: iat + JWT_LIFETIME_SECONDS };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  const signer = createSign('RSA-SHA256');
  signer.update(signingInput);
  return `${signingInput}.${signer.sign(credentials.private_key).toString('base64url')}`;
}

function authError(settings: ProviderSettings, message: string, upstreamStatus?: number, cause?: unknown): GatewayError {
  return new GatewayError('upstream_authentication', 401, message, { provider: settings.id, upstreamStatus, cause });
}

async function fetchToken(settings: ProviderSettings, credentials: Credentials, tools: AuthTools): Promise<CachedToken> {
  const url = tokenUrlFor(settings);
  const now = tools.now();
  let assertion: string;
  try {
    assertion = signServiceAccountJwt(credentials, url, now);
  } catch (err) {
    throw authError(settings, `Vertex credentials for provider '${settings.id}': the private_key cannot sign (${(err as Error).message}).`, undefined, err);
  }
  const form = new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion });
  const { status, body } = await tools
    .fetchJson({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    })
    .catch((err: unknown) => {
      // fetchJson cannot know the provider; an oversized token reply should name the one it was for.
      if (err instanceof GatewayError && err.code === 'upstream_response_too_large') {
        throw new GatewayError(err.code, err.status, `Vertex token exchange for provider '${settings.id}' failed: ${err.message}`, {
          provider: settings.id,
          cause: err,
        });
      }
      throw err;
    });
  const json = asObject(body);
  if (status < 200 || status >= 300) {
    const detail = withoutTokens(asString(json?.error_description) ?? asString(json?.error) ?? `HTTP ${status}`, assertion);
    // 400/401 from the token endpoint (invalid_grant, invalid_client) mean bad credentials.
    if (status === 400 || status === 401 || status === 403) throw authError(settings, `Vertex token exchange failed: ${detail}`, status);
    const mapped = upstreamStatusToError(status);
    throw new GatewayError(mapped.code, mapped.status, `Vertex token exchange failed: ${detail}`, { provider: settings.id, upstreamStatus: status });
  }
  const token = asString(json?.access_token);
  if (!token) throw new GatewayError('upstream_invalid_response', 502, 'Vertex token endpoint returned no access_token.', { provider: settings.id });
  const lifetime = asNumber(json?.expires_in) ?? JWT_LIFETIME_SECONDS;
  // Short-lived tokens are refreshed at half-life rather than never being cached.
  const margin = Math.min(REFRESH_MARGIN_SECONDS, lifetime / 2);
  return { token, expiresAt: now + (lifetime - margin) * 1000 };
}

// In-flight exchanges, so concurrent first calls share one token request. Keyed by the cache
// object the caller owns (then by cache key) rather than held in a module-wide map: the state
// lives exactly as long as that cache, and separate gateways or tests never see each other's.
const inFlight = new WeakMap<AuthTools['tokenCache'], Map<string, Promise<CachedToken>>>();

/** The cache key: the provider id, plus the account so a credentials change takes effect at once. */
export function tokenCacheKey(settings: ProviderSettings): string {
  return `${settings.id}:${settings.credentials?.client_email ?? ''}`;
}

/** Returns a valid access token, from the cache when fresh, otherwise from one shared exchange. */
export async function vertexAccessToken(settings: ProviderSettings, tools: AuthTools): Promise<string> {
  const credentials = settings.credentials;
  if (!credentials?.client_email || !credentials.private_key) {
    throw authError(settings, `Provider '${settings.id}' (vertex) needs credentials with client_email and private_key.`);
  }
  const key = tokenCacheKey(settings);
  const cached = tools.tokenCache.get(key);
  if (cached && cached.expiresAt > tools.now()) return cached.token;
  let pending = inFlight.get(tools.tokenCache);
  if (!pending) {
    pending = new Map();
    inFlight.set(tools.tokenCache, pending);
  }
  const running = pending.get(key);
  if (running) return (await running).token;
  const request = fetchToken(settings, credentials, tools);
  pending.set(key, request);
  try {
    const fresh = await request;
    tools.tokenCache.set(key, fresh);
    return fresh.token;
  } finally {
    pending.delete(key);
  }
}

/** Provider.authorize for Vertex: adds `Authorization: Bearer <access token>`. */
export async function authorizeVertex(spec: HttpRequestSpec, settings: ProviderSettings, tools: AuthTools): Promise<HttpRequestSpec> {
  const token = await vertexAccessToken(settings, tools);
  return { ...spec, headers: { ...spec.headers, authorization: `Bearer ${token}` } };
}

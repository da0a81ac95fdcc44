/**
 * Removes credentials from text that came from an upstream. Some servers and proxies repeat the
 * Authorization header in their error messages; those messages reach the client, so the
 * gateway scrubs them rather than trusting every upstream to mask keys. Credentials are the
 * configured ones and those minted at run time (an OAuth access token, a signature).
 */
import { GatewayError } from '../core/errors.js';
import type { HttpRequestSpec, ProviderSettings } from '../providers/spec/provider.js';

const REPLACEMENT = '[redacted]';
/** Shorter values are not credentials worth the false positives of replacing them. */
const MIN_SECRET_LENGTH = 6;
const SECRET_HEADER = /auth|key|token|secret|signature|cookie/i;
const SECRET_QUERY = /^(key|api[-_]?key|token|access_token|sig|signature|x-amz-signature|x-amz-security-token)$/i;
const SCHEME = /^(Bearer|Basic|AWS4-HMAC-SHA256)\s+/i;

function secretsOf(settings: ProviderSettings): string[] {
  const values = [settings.apiKey, settings.secretAccessKey, settings.sessionToken, settings.credentials?.private_key];
  for (const [name, value] of Object.entries(settings.headers)) if (SECRET_HEADER.test(name)) values.push(value);
  return values.filter((v): v is string => typeof v === 'string' && v.length >= MIN_SECRET_LENGTH);
}

/**
 * The credential values an authorized request carries: secret-looking headers (the value, and
 * the value without its scheme word) and secret-looking query parameters.
 */
export function authorizationSecrets(spec: HttpRequestSpec): string[] {
  const out: string[] = [];
  const add = (value: string) => value.length >= MIN_SECRET_LENGTH && out.push(value);
  for (const [name, value] of Object.entries(spec.headers)) {
    if (!SECRET_HEADER.test(name) || typeof value !== 'string') continue;
    add(value);
    const bare = value.replace(SCHEME, '');
    if (bare !== value) add(bare);
  }
  const q = spec.url.indexOf('?');
  if (q >= 0) for (const [name, value] of new URLSearchParams(spec.url.slice(q + 1))) if (SECRET_QUERY.test(name)) add(value);
  return out;
}

/** The text with every credential (configured, or minted for this request) replaced by [redacted]. */
export function redactSecrets(text: string, settings: ProviderSettings, runtime: readonly string[] = []): string {
  let out = text;
  for (const secret of secretsOf(settings)) if (out.includes(secret)) out = out.replaceAll(secret, REPLACEMENT);
  for (const secret of runtime) if (out.includes(secret)) out = out.replaceAll(secret, REPLACEMENT);
  return out;
}

/** The error with credentials scrubbed from its message (the same object when there were none). */
export function redactError(error: GatewayError, settings: ProviderSettings, runtime: readonly string[] = []): GatewayError {
  const message = redactSecrets(error.message, settings, runtime);
  const upstreamType = error.upstreamType === undefined ? undefined : redactSecrets(error.upstreamType, settings, runtime);
  if (message === error.message && upstreamType === error.upstreamType) return error;
  return new GatewayError(error.code, error.status, message, {
    param: error.param,
    retryAfterSeconds: error.retryAfterSeconds,
    provider: error.provider,
    upstreamStatus: error.upstreamStatus,
    upstreamType,
    cause: error.cause,
  });
}

/**
 * Removes a provider's credentials from text that came from its upstream. Some servers and
 * proxies repeat the Authorization header in their error messages; those messages reach the
 * client, so the gateway scrubs them rather than trusting every upstream to mask keys.
 */
import { GatewayError } from '../core/errors.js';
import type { ProviderSettings } from '../providers/spec/provider.js';

const REPLACEMENT = '[redacted]';
/** Shorter values are not credentials worth the false positives of replacing them. */
const MIN_SECRET_LENGTH = 6;
const SECRET_HEADER = /auth|key|token|secret|signature|cookie/i;

function secretsOf(settings: ProviderSettings): string[] {
  const values = [settings.apiKey, settings.secretAccessKey, settings.sessionToken, settings.credentials?.private_key];
  for (const [name, value] of Object.entries(settings.headers)) if (SECRET_HEADER.test(name)) values.push(value);
  return values.filter((v): v is string => typeof v === 'string' && v.length >= MIN_SECRET_LENGTH);
}

/** The text with every credential of the provider replaced by [redacted]. */
export function redactSecrets(text: string, settings: ProviderSettings): string {
  let out = text;
  for (const secret of secretsOf(settings)) if (out.includes(secret)) out = out.replaceAll(secret, REPLACEMENT);
  return out;
}

/** The error with credentials scrubbed from its message (the same object when there were none). */
export function redactError(error: GatewayError, settings: ProviderSettings): GatewayError {
  const message = redactSecrets(error.message, settings);
  const upstreamType = error.upstreamType === undefined ? undefined : redactSecrets(error.upstreamType, settings);
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

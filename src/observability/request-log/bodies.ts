/**
 * Bodies as the request log keeps them: JSON text, redacted (credentials always; PII through the
 * pluggable redactor guardrails will provide), then cut at max_body_bytes with a marker that says
 * how much was kept. A cut body is no longer JSON; the admin API then shows it as text.
 */
import type { RequestContext } from '../../pipeline/context.js';
import { redactSecrets } from '../../pipeline/redact.js';

/**
 * Redacts a body's text before it is stored (PII: emails, card numbers, ...). Guardrails provide
 * one when they are configured; until then only credentials are removed.
 */
export type BodyRedactor = (text: string, ctx: RequestContext) => string;

/** The text cut to at most `maxBytes` UTF-8 bytes plus a marker, or unchanged when it fits. */
export function cutBody(text: string, maxBytes: number): string {
  // Most bodies are far below the limit: skip the byte count when even 3 bytes per char would fit.
  if (text.length * 3 <= maxBytes) return text;
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return text;
  let kept = Buffer.from(text).subarray(0, maxBytes).toString('utf8');
  // A multi-byte character split by the cut decodes as U+FFFD: drop it.
  if (kept.endsWith('\uFFFD')) kept = kept.slice(0, -1);
  return `${kept}…[cut at max_body_bytes: ${Buffer.byteLength(kept)} of ${bytes} bytes kept]`;
}

/** Credentials this request could carry: every attempted target's configured keys and those minted for it. */
export function redactCredentials(text: string, ctx: RequestContext): string {
  let out = text;
  const seen = new Set<unknown>();
  for (const attempt of ctx.attempts) {
    const settings = attempt.target?.compiled.settings;
    if (!settings || seen.has(settings)) continue;
    seen.add(settings);
    out = redactSecrets(out, settings, ctx.runtimeSecrets);
  }
  if (seen.size === 0 && ctx.runtimeSecrets.length > 0) for (const secret of ctx.runtimeSecrets) out = out.replaceAll(secret, '[redacted]');
  return out;
}

/** A value as stored: JSON, redacted, cut. Undefined when there is nothing to keep. */
export function keptBody(value: unknown, ctx: RequestContext, maxBytes: number, redact: BodyRedactor | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  let text: string;
  try {
    text = typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return undefined;
  }
  text = redactCredentials(text, ctx);
  if (redact) text = redact(text, ctx);
  return cutBody(text, maxBytes);
}

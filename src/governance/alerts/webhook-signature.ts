/**
 * Signing of webhook alerts, Stripe-style: `x-switchboard-timestamp: <unix seconds>` and
 * `x-switchboard-signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" keyed with the
 * target's secret>`. Signing the timestamp with the body lets a receiver refuse replays: it checks
 * the signature over the raw bytes it received (before any JSON parsing), in constant time, and
 * rejects timestamps more than a few minutes from its clock. docs/alerts.md shows a receiver.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying the unix time (seconds) the request was signed at. */
export const TIMESTAMP_HEADER = 'x-switchboard-timestamp';
/** The header carrying `sha256=<hex>`. */
export const SIGNATURE_HEADER = 'x-switchboard-signature';
/** How far a receiver should let a timestamp be from its clock: 5 minutes. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The signature header value for a body sent at `timestampSeconds`. */
export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

/** Why a signed request was refused, or ok. */
export type VerifyResult = { ok: true } | { ok: false; reason: 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature' };

/**
 * What a receiver does (exported for receivers written in TypeScript and for our tests): the
 * timestamp must be an integer within toleranceSeconds of nowMs, and the signature must match the
 * HMAC of "timestamp.body", compared in constant time.
 */
export function verifyWebhook(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: string,
  nowMs: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): VerifyResult {
  const { timestamp, signature } = headers;
  if (timestamp === undefined || signature === undefined) return { ok: false, reason: 'missing_headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceSeconds) return { ok: false, reason: 'stale_timestamp' };
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), rawBody));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  return { ok: true };
}

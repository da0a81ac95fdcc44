/**
 * How long to wait before trying a target again: exponential backoff with full jitter (a random
 * delay between 0 and base·2^n, capped), but never earlier than the provider asked for with
 * `retry-after-ms`, `retry-after` (seconds or an HTTP date) or its rate-limit reset headers.
 */
import type { AttemptRecord } from '../pipeline/context.js';
import type { ResolvedRetries } from '../config/model-group.js';
import { parseRateLimits } from './rate-limit-headers.js';

/** The full-jitter delay before retry number `retry` (0 for the first retry). */
export function backoffDelayMs(retries: ResolvedRetries, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(retries.maxDelayMs, retries.baseDelayMs * 2 ** Math.min(retry, 30));
  return Math.floor(random() * ceiling);
}

/** The delay a failed attempt's provider asked for, in ms; undefined when it named none. */
export function requestedDelayMs(attempt: AttemptRecord, now: number = Date.now()): number | undefined {
  const headers = attempt.headers;
  if (headers) {
    const ms = headers['retry-after-ms'];
    if (ms !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.ceil(Number(ms));
    const after = headers['retry-after'];
    if (after !== undefined) {
      const trimmed = after.trim();
      if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
      const date = Date.parse(trimmed);
      if (!Number.isNaN(date)) return Math.max(0, date - now);
    }
    if (attempt.error?.upstreamStatus === 429) {
      // The longest reset among the exhausted windows: before it, the provider would refuse again.
      let resetAt: number | undefined;
      for (const dimension of parseRateLimits(headers, now))
        if (dimension.remaining === 0 && dimension.resetAt !== undefined && (resetAt === undefined || dimension.resetAt > resetAt)) resetAt = dimension.resetAt;
      if (resetAt !== undefined) return Math.max(0, resetAt - now);
    }
  }
  // Some providers put it in the body (Gemini's RetryInfo); the codec read it into the error.
  const seconds = attempt.error?.retryAfterSeconds;
  return seconds === undefined ? undefined : seconds * 1000;
}

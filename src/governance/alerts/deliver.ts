/**
 * Delivery of one alert to one target: a POST with a per-attempt timeout and a capped read of the
 * answer, retried with exponential backoff and jitter on network errors, timeouts, 5xx and 429 (a
 * 4xx says the request itself is wrong: sending it again cannot help). Error texts name no URL and
 * no secret, since they are logged and stored.
 */
import type { AlertTarget } from '../types.js';
import type { AlertEvent } from './alert.js';
import { slackText } from './slack-message.js';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature.js';

/**
 * The HTTP client alerts send through: the transport's HttpClient satisfies it (only transport/
 * opens sockets), and the shape is small enough to see what is used.
 */
export interface AlertHttpClient {
  send(
    spec: { method: 'POST'; url: string; headers: Record<string, string>; body: string },
    options: { timeoutMs: number; providerId: string; signal?: AbortSignal; bodyLimit?: { maxBytes: number; reason: string } },
  ): Promise<{ status: number; headers: Record<string, string>; body: { text(): Promise<string>; dump(): Promise<void> } }>;
}

/** Retry settings; defaults: 5 attempts, 1 s doubling to 30 s, 10 s per attempt. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per attempt, from sending until the (capped) answer is read. */
  timeoutMs: number;
}

/** The defaults of RetryPolicy. */
export const DEFAULT_RETRY: Readonly<RetryPolicy> = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000, timeoutMs: 10_000 };

/** How one delivery ended. */
export interface DeliveryOutcome {
  ok: boolean;
  attempts: number;
  /** Why it failed (last attempt), e.g. 'HTTP 400: invalid_payload', 'timeout'; null when ok. */
  error: string | null;
}

/** Bytes of a receiver's answer read: enough for an error message, never a flood. */
const MAX_ANSWER_BYTES = 4_096;
/** Characters of a receiver's answer kept in an error text. */
const MAX_ANSWER_CHARS = 200;

/** The POST for one attempt; webhooks are signed per attempt so a retry carries a fresh timestamp. */
export function alertRequest(
  target: AlertTarget,
  event: AlertEvent,
  nowMs: number,
): { method: 'POST'; url: string; headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'switchboard-alerts' };
  if (target.type === 'slack') return { method: 'POST', url: target.url, headers, body: JSON.stringify({ text: slackText(event) }) };
  const body = JSON.stringify(event);
  const timestamp = Math.floor(nowMs / 1000);
  headers[TIMESTAMP_HEADER] = String(timestamp);
  headers[SIGNATURE_HEADER] = signWebhook(target.secret, timestamp, body);
  // Lets a receiver drop a duplicate (a retry after an answer that was lost on the way back).
  headers['x-switchboard-event-id'] = event.id;
  return { method: 'POST', url: target.url, headers, body };
}

/** Sends an alert to a target until it is accepted, refused for good, or attempts run out. */
export async function deliver(
  http: AlertHttpClient,
  target: AlertTarget,
  event: AlertEvent,
  policy: RetryPolicy,
  options: { signal: AbortSignal; now: () => number; random?: () => number; quoteAnswer?: boolean },
): Promise<DeliveryOutcome> {
  const random = options.random ?? Math.random;
  let error = 'not attempted';
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    if (options.signal.aborted) return { ok: false, attempts: attempt - 1, error: `${error}; gave up at shutdown` };
    const result = await attemptOnce(http, target, event, policy.timeoutMs, options);
    if (result.ok) return { ok: true, attempts: attempt, error: null };
    error = scrub(result.error, target);
    if (!result.retry || attempt === policy.maxAttempts) return { ok: false, attempts: attempt, error };
    // Exponential backoff with "equal jitter": half fixed, half random, so replicas spread out.
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    let delay = ceiling / 2 + random() * (ceiling / 2);
    if (result.retryAfterMs !== undefined) delay = Math.max(delay, Math.min(result.retryAfterMs, policy.maxDelayMs));
    await sleep(delay, options.signal);
  }
  return { ok: false, attempts: policy.maxAttempts, error };
}

type Attempt = { ok: true } | { ok: false; retry: boolean; error: string; retryAfterMs?: number };

async function attemptOnce(
  http: AlertHttpClient,
  target: AlertTarget,
  event: AlertEvent,
  timeoutMs: number,
  options: { signal: AbortSignal; now: () => number; quoteAnswer?: boolean },
): Promise<Attempt> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const onShutdown = () => controller.abort();
  options.signal.addEventListener('abort', onShutdown, { once: true });
  try {
    const response = await http.send(alertRequest(target, event, options.now()), {
      timeoutMs,
      providerId: 'alerts',
      signal: controller.signal,
      bodyLimit: { maxBytes: MAX_ANSWER_BYTES, reason: 'alert receivers answer briefly' },
    });
    // Read the answer (capped) so the connection can be reused; its start explains a refusal.
    const answer = await response.body.text().catch(() => '');
    if (response.status >= 200 && response.status < 300) return { ok: true };
    // A team's own target is chosen by a team admin, who can read delivery records: quoting its
    // answers would let them read internal services through the gateway, so only status is kept.
    const snippet = options.quoteAnswer === false ? '' : answer.replace(/\s+/g, ' ').trim().slice(0, MAX_ANSWER_CHARS);
    const text = snippet ? `HTTP ${response.status}: ${snippet}` : `HTTP ${response.status}`;
    const retry = response.status === 429 || response.status >= 500;
    return { ok: false, retry, error: text, retryAfterMs: retry ? retryAfterMs(response.headers['retry-after']) : undefined };
  } catch (err) {
    if (controller.signal.aborted && !options.signal.aborted) return { ok: false, retry: true, error: 'timeout' };
    return { ok: false, retry: true, error: networkError(err) };
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onShutdown);
  }
}

/** A network failure as a short text: the transport's code and the system error code, nothing else. */
function networkError(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (code === 'upstream_timeout') return 'timeout';
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  const detail = typeof cause === 'string' ? cause : typeof code === 'string' ? code : 'connection failed';
  return `network error (${detail})`;
}

/** retry-after in seconds (the HTTP-date form is rare from webhooks and ignored). */
function retryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,6}$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1000;
}

/** Removes the target's URL and secret from a text, should a receiver echo them back. */
function scrub(text: string, target: AlertTarget): string {
  let out = text.replaceAll(target.url, '<url>');
  if (target.type === 'webhook') out = out.replaceAll(target.secret, '<secret>');
  return out;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

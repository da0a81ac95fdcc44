/**
 * The one way an external guard talks to its service: a JSON POST with a time cap, the request's
 * abort signal, and a capped read of the answer. Every failure (a status, a timeout, a cut
 * connection, an answer too large or not JSON) becomes a RemoteGuardError whose message names the
 * guard type and what went wrong, never the URL, the key or the text checked: the guardrail's
 * policy logs it and decides between failing closed and open.
 */

/**
 * The HTTP client the guards send through: the transport's HttpClient satisfies it (only
 * transport/ opens sockets), and the shape is small enough to see what is used.
 */
export interface GuardHttpClient {
  send(
    spec: { method: 'POST'; url: string; headers: Record<string, string>; body: string },
    options: { timeoutMs: number; providerId: string; signal?: AbortSignal; bodyLimit?: { maxBytes: number; reason: string } },
  ): Promise<{ status: number; headers: Record<string, string>; body: { text(): Promise<string>; dump(): Promise<void> } }>;
}

/** The largest answer a guard service may send: verdicts are small, a flood is refused. */
export const MAX_GUARD_ANSWER_BYTES = 1024 * 1024;

/** The remote guard types. */
export type RemoteGuardType = 'http' | 'llm_judge' | 'lakera' | 'presidio' | 'openai_moderation';

/** What failed: the guard's policy and metrics can tell a slow service from a broken one. */
export type RemoteGuardFailure = 'status' | 'timeout' | 'aborted' | 'network' | 'too_large' | 'malformed' | 'judge_failed';

/** A remote guard's failure; the message is safe to log and store (no URL, key or checked text). */
export class RemoteGuardError extends Error {
  readonly guardType: RemoteGuardType;
  readonly failure: RemoteGuardFailure;
  /** The service's HTTP status, for failure 'status'. */
  readonly status?: number;

  constructor(guardType: RemoteGuardType, failure: RemoteGuardFailure, detail: string, options: { status?: number; cause?: unknown } = {}) {
    super(`${guardType} guard: ${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RemoteGuardError';
    this.guardType = guardType;
    this.failure = failure;
    this.status = options.status;
  }
}

/** One POST to a guard service. */
export interface GuardPost {
  guardType: RemoteGuardType;
  url: string;
  /** Besides content-type and user-agent (names are lower-cased so a config header replaces ours, not doubles it). */
  headers?: Record<string, string>;
  /** Sent as `authorization: Bearer`. */
  apiKey?: string;
  body: unknown;
  timeoutMs: number;
  /** The check's signal (guard timeout, request gone). */
  signal: AbortSignal;
}

/** The headers of a guard POST: JSON, the config's extra headers, then the bearer key if any. */
export function guardHeaders(extra: Record<string, string> | undefined, apiKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'switchboard-guardrails' };
  for (const [name, value] of Object.entries(extra ?? {})) headers[name.toLowerCase()] = value;
  if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;
  return headers;
}

/**
 * POSTs `body` as JSON and returns the parsed 2xx answer. Throws a RemoteGuardError on any failure;
 * the caller checks the answer's shape.
 */
export async function postGuardJson(http: GuardHttpClient, post: GuardPost): Promise<unknown> {
  const { guardType, timeoutMs, signal } = post;
  if (signal.aborted) throw new RemoteGuardError(guardType, 'aborted', 'cancelled before the call', { cause: signal.reason });
  // One signal for the call: the guard's own time cap, or the check's signal, whichever comes first.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const follow = () => controller.abort(signal.reason);
  signal.addEventListener('abort', follow, { once: true });
  try {
    const response = await http.send(
      { method: 'POST', url: post.url, headers: guardHeaders(post.headers, post.apiKey), body: JSON.stringify(post.body) },
      {
        timeoutMs,
        providerId: `guard:${guardType}`,
        signal: controller.signal,
        bodyLimit: { maxBytes: MAX_GUARD_ANSWER_BYTES, reason: 'a guard service answers with a short verdict' },
      },
    );
    if (response.status < 200 || response.status >= 300) {
      // Read nothing of a refusal: it may echo the request, and it is not needed to fail.
      await response.body.dump().catch(() => {});
      throw new RemoteGuardError(guardType, 'status', `the service answered HTTP ${response.status}`, { status: response.status });
    }
    const text = await response.body.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new RemoteGuardError(guardType, 'malformed', 'the answer is not JSON');
    }
  } catch (err) {
    if (err instanceof RemoteGuardError) throw err;
    throw callFailure(guardType, err, { timedOut, aborted: signal.aborted, timeoutMs });
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', follow);
  }
}

/** What a guard's config says about its service: the URL, extra headers, the key and the time cap. */
export interface GuardServiceConfig {
  url: string;
  headers?: Record<string, string>;
  api_key?: string;
  timeout_ms: number;
}

/**
 * POSTs `body` to the service a guard's config names, with the config's headers, key and time cap,
 * and returns the parsed answer as postGuardJson does. `url` replaces the config's where the guard
 * posts under it (Presidio's `{url}/analyze`).
 */
export function postToGuardService(
  client: GuardHttpClient,
  guardType: RemoteGuardType,
  config: GuardServiceConfig,
  body: unknown,
  signal: AbortSignal,
  url: string = config.url,
): Promise<unknown> {
  return postGuardJson(client, { guardType, url, headers: config.headers, apiKey: config.api_key, body, timeoutMs: config.timeout_ms, signal });
}

/** A transport failure as a RemoteGuardError: which failure, by code, never the transport's own text. */
function callFailure(guardType: RemoteGuardType, err: unknown, state: { timedOut: boolean; aborted: boolean; timeoutMs: number }): RemoteGuardError {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (state.timedOut || code === 'upstream_timeout') {
    return new RemoteGuardError(guardType, 'timeout', `no answer within ${state.timeoutMs} ms (timeout_ms)`, { cause: err });
  }
  if (state.aborted) return new RemoteGuardError(guardType, 'aborted', 'the check was cancelled', { cause: err });
  if (code === 'upstream_response_too_large') {
    return new RemoteGuardError(guardType, 'too_large', `the answer is larger than ${MAX_GUARD_ANSWER_BYTES} bytes`, { cause: err });
  }
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  const detail = typeof cause === 'string' ? cause : typeof code === 'string' ? code : 'connection failed';
  return new RemoteGuardError(guardType, 'network', `could not reach the service (${detail})`, { cause: err });
}

/** A wrong-shaped answer: names the field at fault, never its value (it may echo the text checked). */
export function malformed(guardType: RemoteGuardType, what: string): RemoteGuardError {
  return new RemoteGuardError(guardType, 'malformed', `the answer has the wrong shape (${what})`);
}

/** Whether a value is a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Findings lists, one per text, all empty. */
export function noFindings<T>(count: number): T[][] {
  return Array.from({ length: count }, () => []);
}

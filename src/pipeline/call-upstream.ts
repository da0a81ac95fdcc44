/**
 * The dispatch phase: try each target of a model in order, encoding, authorizing and sending
 * the request, until one answers 2xx. Retryable failures (429, 5xx, connection errors) move on
 * to the next target; anything else is returned to the client at once.
 */
import type { Target } from '../config/compile.js';
import { GatewayError, upstreamStatusToError } from '../core/errors.js';
import type { HttpRequestSpec } from '../providers/spec/provider.js';
import type { UpstreamResponse } from '../transport/http-client.js';
import { redactSecrets } from './redact.js';
import type { GatewayServices } from './services.js';

/** The winning attempt. */
export interface UpstreamAttempt {
  target: Target;
  response: UpstreamResponse;
  attempts: number;
  /** ms from sending to response headers, for the winning attempt. */
  ttfbMs: number;
  /** ms spent waiting on upstreams across all attempts (failed ones included). */
  upstreamMs: number;
}

/** Failure after all attempts, with how many were made. */
export class AttemptsFailed extends Error {
  constructor(
    readonly error: GatewayError,
    readonly attempts: number,
    readonly target: Target | undefined,
    /** ms spent waiting on upstreams across the attempts. */
    readonly upstreamMs: number,
  ) {
    super(error.message);
  }
}

function retryable(error: GatewayError): boolean {
  return error.status === 429 || error.status >= 500;
}

/** Reads an upstream error body and turns it into a GatewayError in our vocabulary. */
export async function upstreamError(target: Target, response: UpstreamResponse): Promise<GatewayError> {
  const text = await response.body.text().catch(() => '');
  const info = target.compiled.provider.decodeError(response.status, response.headers, text);
  const mapped = upstreamStatusToError(info.status ?? response.status);
  const message = redactSecrets(info.message, target.compiled.settings);
  return new GatewayError(info.errorCode ?? mapped.code, mapped.status, `Provider '${target.providerId}' returned HTTP ${response.status}: ${message}`, {
    provider: target.providerId,
    upstreamStatus: response.status,
    upstreamType: info.type === undefined ? undefined : redactSecrets(info.type, target.compiled.settings),
    retryAfterSeconds: info.retryAfterSeconds,
  });
}

/** Tries targets in order; `build` encodes the request for one target (may throw a 400). */
export async function callUpstream(
  services: GatewayServices,
  targets: readonly Target[],
  build: (target: Target) => HttpRequestSpec | Promise<HttpRequestSpec>,
  signal: AbortSignal,
): Promise<UpstreamAttempt> {
  let attempts = 0;
  let lastError: GatewayError | undefined;
  let lastTarget: Target | undefined;
  let upstreamMs = 0;
  for (const target of targets) {
    attempts++;
    lastTarget = target;
    const { provider, settings } = target.compiled;
    let spec = await build(target);
    const sentAt = performance.now();
    try {
      if (provider.authorize) spec = await provider.authorize(spec, settings, services.authTools);
      const response = await services.http.send(spec, { signal, timeoutMs: services.plan.config.server.upstream_timeout_ms, providerId: target.providerId });
      const ttfbMs = performance.now() - sentAt;
      if (response.status < 300) return { target, response, attempts, ttfbMs, upstreamMs: upstreamMs + ttfbMs };
      lastError = await upstreamError(target, response);
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      lastError = err;
    }
    upstreamMs += performance.now() - sentAt;
    if (signal.aborted || !retryable(lastError)) break;
  }
  throw new AttemptsFailed(lastError ?? new GatewayError('internal_error', 500, 'No target was tried.'), attempts, lastTarget, upstreamMs);
}

/**
 * One attempt at one target, the innermost dispatcher: encode the request for the target,
 * authorize it, send it, and read the answer (decoded JSON, or the open stream). Every failure
 * is a GatewayError recorded on ctx.attempts with the stage it happened in, so interceptors
 * (fallback, retry, ...) decide from the ledger.
 */
import type { Target } from '../config/compile.js';
import { GatewayError, toGatewayError, upstreamStatusToError } from '../core/errors.js';
import { transportError, type UpstreamResponse } from '../transport/http-client.js';
import type { AttemptRecord, RequestContext } from './context.js';
import type { Dispatch, Operation, PipelineObserver, Reply } from './contract.js';
import { authorizationSecrets, redactError, redactSecrets } from './redact.js';
import type { GatewayServices } from './services.js';

/** Reads an upstream error body and turns it into a GatewayError in our vocabulary. */
async function upstreamError(ctx: RequestContext, target: Target, response: UpstreamResponse): Promise<GatewayError> {
  const text = await response.body.text().catch(() => '');
  const info = target.compiled.provider.decodeError(response.status, response.headers, text);
  const mapped = upstreamStatusToError(info.status ?? response.status);
  const settings = target.compiled.settings;
  const message = redactSecrets(info.message, settings, ctx.runtimeSecrets);
  return new GatewayError(info.errorCode ?? mapped.code, mapped.status, `Provider '${target.providerId}' returned HTTP ${response.status}: ${message}`, {
    provider: target.providerId,
    upstreamStatus: response.status,
    upstreamType: info.type === undefined ? undefined : redactSecrets(info.type, settings, ctx.runtimeSecrets),
    retryAfterSeconds: info.retryAfterSeconds,
  });
}

/** What a failure while reading a 2xx answer means: a body that is not JSON, or the transport failing. */
function readError(target: Target, err: unknown): GatewayError {
  if (err instanceof SyntaxError)
    return new GatewayError('upstream_invalid_response', 502, `Provider '${target.providerId}' returned a body that is not JSON.`, {
      provider: target.providerId,
      cause: err,
    });
  return transportError(err, target.providerId);
}

/** The dispatcher that sends to the first of the targets it is given (interceptors pick them). */
export function sendAttempt<Req, Res>(services: GatewayServices, operation: Operation<Req, Res>, observers: readonly PipelineObserver[]): Dispatch<Res> {
  const onAttempt = observers.filter((o) => o.onAttempt);
  return async (anyCtx, targets, options) => {
    const ctx = anyCtx as RequestContext<Req, Res>;
    const target = targets[0];
    if (!target) throw new GatewayError('internal_error', 500, 'No target to send to.');
    const { provider, settings } = target.compiled;
    const sentAt = performance.now();
    const attempt: AttemptRecord = {
      providerId: target.providerId,
      providerType: settings.type,
      model: target.model,
      durationMs: 0,
      target,
      reason: options?.reason,
    };
    ctx.attempts.push(attempt);
    let upstream: UpstreamResponse | undefined;
    try {
      attempt.stage = 'encode';
      const encoded = operation.encode(ctx, target);
      let spec = encoded instanceof Promise ? await encoded : encoded;
      attempt.stage = 'send';
      if (provider.authorize) {
        spec = await provider.authorize(spec, settings, services.authTools);
        // Credentials minted at run time (Vertex's OAuth token) are redacted like configured ones.
        for (const secret of authorizationSecrets(spec)) ctx.addRuntimeSecret(secret);
      }
      upstream = await services.http.send(spec, {
        signal: options?.signal ?? ctx.signal,
        timeoutMs: target.timeouts.firstTokenMs,
        providerId: target.providerId,
      });
      attempt.durationMs = performance.now() - sentAt;
      attempt.headers = upstream.headers;
      if (upstream.status >= 300) throw await upstreamError(ctx, target, upstream);
      const reply: Reply<Res> = { target };
      if (operation.streams(ctx.request)) reply.upstream = upstream;
      else {
        attempt.stage = 'read';
        let json: unknown;
        try {
          json = await upstream.body.json();
        } catch (err) {
          throw readError(target, err);
        }
        reply.response = operation.decode(ctx, target, json, upstream.headers);
      }
      attempt.stage = undefined;
      ctx.upstreamTtfbMs = attempt.durationMs;
      return reply;
    } catch (err) {
      // Whatever failed, the upstream body must not stay open (it would keep generating).
      if (upstream) upstream.body.dump().catch(() => {});
      // Every failure is scrubbed: an authorize() or token exchange can fail with upstream words too.
      attempt.error = redactError(toGatewayError(err), settings, ctx.runtimeSecrets);
      throw attempt.error;
    } finally {
      const spent = performance.now() - sentAt;
      if (attempt.error || !attempt.durationMs) attempt.durationMs = spent;
      ctx.upstreamMs += attempt.stage === 'encode' ? 0 : spent;
      for (const observer of onAttempt) observer.onAttempt!(ctx as RequestContext, attempt);
    }
  };
}

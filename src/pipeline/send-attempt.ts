/**
 * One attempt at one target, the innermost dispatcher: encode the request for the target,
 * authorize it, send it, and read the answer (decoded JSON, or the stream primed up to its first
 * content event). Every failure is a GatewayError recorded on ctx.attempts with the stage it
 * happened in, so interceptors (fallback, retry, ...) decide from the ledger. The target's
 * timeouts bound the attempt; the interceptor's signal and the request's both cancel it.
 */
import type { Target } from '../config/compile.js';
import { GatewayError, toGatewayError, upstreamStatusToError } from '../core/errors.js';
import { type TimeoutLabels, transportError, type UpstreamResponse } from '../transport/http-client.js';
import { attemptCancelled, AttemptScope } from './attempt-scope.js';
import type { AttemptRecord, RequestContext } from './context.js';
import type { Dispatch, Operation, PipelineObserver, Reply } from './contract.js';
import { authorizationSecrets, redactError, redactSecrets } from './redact.js';
import type { GatewayServices } from './services.js';
import { StreamSource } from './stream-source.js';
import { TimeoutSweep } from './timeout-sweep.js';

/** How timeout errors name the target's timeouts, for a streamed and a non-streamed call. */
const STREAM_TIMEOUTS: TimeoutLabels = {
  headers: { did: 'did not send its first token', setting: 'timeouts.first_token_ms' },
  idle: { did: 'sent nothing', setting: 'timeouts.idle_ms' },
  connect: { did: 'did not accept a connection', setting: 'timeouts.connect_ms' },
};
const CALL_TIMEOUTS: TimeoutLabels = { ...STREAM_TIMEOUTS, headers: { did: 'did not answer', setting: 'timeouts.first_token_ms' } };

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

/** The error a failed attempt is recorded with: a cancellation's reason when it was cancelled, else what failed. */
function failureOf(ctx: RequestContext, attempt: AttemptRecord, err: unknown, scope: AttemptScope | undefined): GatewayError {
  if (ctx.signal.aborted) {
    attempt.cancelled = true;
    return ctx.abortReason ?? toGatewayError(err);
  }
  if (scope?.endedBy === 'owner') {
    attempt.cancelled = true;
    const reason: unknown = scope.signal.reason;
    return reason instanceof GatewayError ? reason : attemptCancelled(attempt.providerId);
  }
  return toGatewayError(err);
}

/** The dispatcher that sends to the first of the targets it is given (interceptors pick them). */
export function sendAttempt<Req, Res>(services: GatewayServices, operation: Operation<Req, Res>, observers: readonly PipelineObserver[]): Dispatch<Res> {
  const onAttempt = observers.filter((o) => o.onAttempt);
  const onAttemptStart = observers.filter((o) => o.onAttemptStart);
  // First-token bounds of streams being primed: one sweep per distinct bound, not a timer per attempt.
  const firstTokens = new TimeoutSweep();
  return async (anyCtx, targets, options) => {
    const ctx = anyCtx as RequestContext<Req, Res>;
    const target = targets[0];
    if (!target) throw new GatewayError('internal_error', 500, 'No target to send to.');
    const { provider, settings } = target.compiled;
    const timeouts = target.timeouts;
    const sentAt = performance.now();
    const attempt: AttemptRecord = {
      providerId: target.providerId,
      providerType: settings.type,
      model: target.model,
      durationMs: 0,
      startedAt: sentAt,
      target,
      reason: options?.reason,
    };
    ctx.attempts.push(attempt);
    // Only an attempt with its own signal or a total timeout pays for a scope; else the request's signal is enough.
    const scope = options?.signal || timeouts.totalMs > 0 ? new AttemptScope(ctx.signal, options?.signal, timeouts.totalMs, target.providerId) : undefined;
    const signal = scope ? scope.signal : ctx.signal;
    const streams = operation.streams(ctx.request);
    let upstream: UpstreamResponse | undefined;
    let source: StreamSource | undefined;
    try {
      attempt.stage = 'encode';
      const encoded = operation.encode(ctx, target);
      let spec = encoded instanceof Promise ? await encoded : encoded;
      attempt.stage = 'send';
      // Observers' headers (trace context) go in before authorize, so a signing provider signs them too.
      for (const observer of onAttemptStart) {
        const extra = observer.onAttemptStart!(ctx as RequestContext, attempt);
        if (extra) spec = { ...spec, headers: { ...spec.headers, ...extra } };
      }
      if (provider.authorize) {
        spec = await provider.authorize(spec, settings, services.authTools);
        // Credentials minted at run time (Vertex's OAuth token) are redacted like configured ones.
        for (const secret of authorizationSecrets(spec)) ctx.addRuntimeSecret(secret);
      }
      const requestedAt = performance.now();
      upstream = await services.http.send(spec, {
        signal,
        headersTimeoutMs: timeouts.firstTokenMs,
        idleTimeoutMs: timeouts.idleMs,
        connectTimeoutMs: timeouts.connectMs,
        timeoutLabels: streams ? STREAM_TIMEOUTS : CALL_TIMEOUTS,
        providerId: target.providerId,
      });
      attempt.durationMs = performance.now() - sentAt;
      attempt.headers = upstream.headers;
      if (upstream.status >= 300) throw await upstreamError(ctx, target, upstream);
      const reply: Reply<Res> = { target };
      if (streams) {
        attempt.stage = 'read';
        if (!operation.streamDecoder) throw new GatewayError('internal_error', 500, 'The operation cannot stream.');
        const { framing, decoder } = operation.streamDecoder(target);
        source = new StreamSource({
          framing,
          decoder,
          body: upstream.body,
          providerId: target.providerId,
          maxEventBytes: services.http.limits.maxEventBytes,
          scope,
        });
        // The first-token bound counts from the request, the head's wait included (undici bounded that part).
        source.timeoutMs = timeouts.firstTokenMs;
        source.deadline = requestedAt + timeouts.firstTokenMs;
        const watched = firstTokens.add(source);
        try {
          await source.prime();
        } finally {
          firstTokens.remove(watched);
        }
        attempt.firstTokenMs = performance.now() - sentAt;
        reply.upstream = upstream;
        reply.primed = source;
      } else {
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
      // A streamed reply keeps its scope until the stream ends (the source disposes it); else the attempt is over.
      if (!source) scope?.dispose();
      return reply;
    } catch (err) {
      // Whatever failed, the upstream body must not stay open (it would keep generating).
      if (source) source.release().catch(() => {});
      else if (upstream) upstream.body.dump().catch(() => {});
      scope?.dispose();
      // Every failure is scrubbed: an authorize() or token exchange can fail with upstream words too.
      attempt.error = redactError(failureOf(ctx as RequestContext, attempt, err, scope), settings, ctx.runtimeSecrets);
      throw attempt.error;
    } finally {
      const spent = performance.now() - sentAt;
      if (attempt.error || !attempt.durationMs) attempt.durationMs = spent;
      ctx.upstreamMs += attempt.stage === 'encode' ? 0 : spent;
      for (const observer of onAttempt) observer.onAttempt!(ctx as RequestContext, attempt);
    }
  };
}

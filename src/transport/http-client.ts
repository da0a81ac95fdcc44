/**
 * The only code that opens sockets to providers: one undici Agent (keep-alive pools per origin),
 * per-attempt timeouts, cancellation through AbortSignal, and byte caps on what is read back.
 */
import { Agent } from 'undici';
import { GatewayError } from '../core/errors.js';
import type { HttpRequestSpec } from '../providers/spec/provider.js';
import { DEFAULT_MAX_EVENT_BYTES } from '../providers/spec/sse.js';
import { InFlightList } from '../core/in-flight-list.js';
import { UpstreamExchange, type UpstreamResponse } from './upstream-exchange.js';

/** Byte caps on upstream reads (config server.upstream_max_body_bytes / upstream_max_event_bytes). */
export interface UpstreamLimits {
  /** Largest body text()/json() read: non-streamed responses and error bodies. */
  maxBodyBytes: number;
  /** Largest single stream event; not enforced here but handed to the frame decoders. */
  maxEventBytes: number;
}

/** The config defaults, for `new HttpClient()` in tests and tools. */
export const DEFAULT_UPSTREAM_LIMITS: Readonly<UpstreamLimits> = { maxBodyBytes: 32 * 1024 * 1024, maxEventBytes: DEFAULT_MAX_EVENT_BYTES };

export type { UpstreamBody, UpstreamResponse } from './upstream-exchange.js';

/** Options for one upstream call. */
export interface SendOptions {
  signal?: AbortSignal;
  /** Time allowed until the response headers arrive, and between body chunks. */
  timeoutMs: number;
  providerId: string;
  /**
   * A tighter body cap for this call (e.g. OAuth token responses), with the reason shown past it;
   * without it the client's maxBodyBytes applies and the error names the config field.
   */
  bodyLimit?: { maxBytes: number; reason: string };
}

/** Sends HTTP requests over pooled keep-alive connections. */
export class HttpClient {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, connections: 256, pipelining: 1 });
  /** Exchanges not finished yet, for close() to cut after its grace period. */
  private readonly open = new InFlightList<UpstreamExchange>();
  /** The caps in force; the pipeline passes maxEventBytes to its frame decoders. */
  readonly limits: Readonly<UpstreamLimits>;
  private readonly defaultCap: { maxBytes: number; reason: string };

  /** Limits left out take the config defaults, so `new HttpClient()` behaves like a default config. */
  constructor(limits: Partial<UpstreamLimits> = {}) {
    const resolved = {
      maxBodyBytes: limits.maxBodyBytes ?? DEFAULT_UPSTREAM_LIMITS.maxBodyBytes,
      maxEventBytes: limits.maxEventBytes ?? DEFAULT_UPSTREAM_LIMITS.maxEventBytes,
    };
    for (const [name, value] of Object.entries(resolved)) {
      if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`HttpClient: ${name} must be a positive integer, got ${value}.`);
    }
    this.limits = resolved;
    this.defaultCap = { maxBytes: resolved.maxBodyBytes, reason: BODY_CAP_REASON };
  }

  /**
   * Sends a request and resolves at the response headers; connection failures and timeouts
   * become GatewayErrors. Bodies read whole are capped; iterated bodies (streams) are not, their
   * events are capped instead.
   */
  send(spec: HttpRequestSpec, options: SendOptions): Promise<UpstreamResponse> {
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(transportError(signal.reason, options.providerId));
    return new Promise<UpstreamResponse>((resolve, reject) => {
      const exchange = new UpstreamExchange({ resolve, reject }, options.providerId, options.bodyLimit ?? this.defaultCap, transportError, this.open, signal);
      const slash = spec.url.indexOf('/', spec.url.indexOf('//') + 2);
      this.agent.dispatch(
        {
          origin: slash === -1 ? spec.url : spec.url.slice(0, slash),
          path: slash === -1 ? '/' : spec.url.slice(slash),
          method: spec.method,
          headers: spec.headers,
          body: spec.body,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        },
        exchange,
      );
    });
  }

  /**
   * Closes all pooled connections. A request whose body was left unread (a stream abandoned after
   * its event cap was hit, say) never completes, so after graceMs whatever is still open is cut.
   */
  async close(graceMs = 5_000): Promise<void> {
    const closed = this.agent.close();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<true>((resolve) => (timer = setTimeout(resolve, graceMs, true)));
    const cut = await Promise.race([closed.then(() => false), expired]);
    clearTimeout(timer);
    if (!cut) return;
    for (const exchange of this.open.values()) exchange.abort(new GatewayError('upstream_unavailable', 502, 'The gateway is shutting down.'));
    await closed;
  }
}

/** The reason a body cap names when none is given: the setting that raises it. */
const BODY_CAP_REASON = 'raise server.upstream_max_body_bytes to accept larger responses';

/** Maps undici/network failures to gateway errors that never include URLs or keys. */
export function transportError(err: unknown, providerId: string): GatewayError {
  if (err instanceof GatewayError) return err;
  const name = (err as { name?: unknown } | undefined)?.name;
  const rawCode = (err as { code?: unknown } | undefined)?.code;
  // DOMException (an AbortSignal's default reason) has a numeric code; its name says what it is.
  const code = typeof rawCode === 'string' ? rawCode : typeof name === 'string' ? name : '';
  if (code === 'AbortError' || name === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return new GatewayError('client_closed', 499, 'The request was cancelled.', { provider: providerId, cause: err });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new GatewayError('upstream_timeout', 504, `Provider '${providerId}' did not answer in time.`, { provider: providerId, cause: err });
  }
  return new GatewayError('upstream_unavailable', 502, `Could not reach provider '${providerId}' (${code || 'connection failed'}).`, {
    provider: providerId,
    cause: err,
  });
}

/**
 * The only code that opens sockets to providers: undici Agents (keep-alive pools per origin; one
 * Agent per distinct connect timeout, since undici sets that per Agent), per-call timeouts named
 * after the settings behind them, cancellation through AbortSignal, and byte caps on what is read.
 */
import { Agent } from 'undici';
import { GatewayError } from '../core/errors.js';
import type { HttpRequestSpec } from '../providers/spec/provider.js';
import { DEFAULT_MAX_EVENT_BYTES } from '../providers/spec/sse.js';
import { InFlightList } from '../core/in-flight-list.js';
import type { SendOptions, TimeoutLabels } from './send-options.js';
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
export type { SendOptions, TimeoutLabels } from './send-options.js';

/** undici's own connect timeout, which the default Agent keeps. */
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** One keep-alive pool per origin, with the given connect timeout. */
function createAgent(connectTimeoutMs: number): Agent {
  return new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, connections: 256, pipelining: 1, connect: { timeout: connectTimeoutMs } });
}

/** Sends HTTP requests over pooled keep-alive connections. */
export class HttpClient {
  private readonly agent = createAgent(DEFAULT_CONNECT_TIMEOUT_MS);
  /** Agents for the other connect timeouts in use (a handful: one per distinct timeouts.connect_ms). */
  private readonly agents = new Map<number, Agent>();
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
      const exchange = new UpstreamExchange({ resolve, reject }, options, options.bodyLimit ?? this.defaultCap, transportError, this.open, signal);
      const slash = spec.url.indexOf('/', spec.url.indexOf('//') + 2);
      this.agentFor(options.connectTimeoutMs).dispatch(
        {
          origin: slash === -1 ? spec.url : spec.url.slice(0, slash),
          path: slash === -1 ? '/' : spec.url.slice(slash),
          method: spec.method,
          headers: spec.headers,
          body: spec.body,
          headersTimeout: options.headersTimeoutMs ?? options.timeoutMs,
          bodyTimeout: options.idleTimeoutMs ?? options.timeoutMs,
        },
        exchange,
      );
    });
  }

  /** The Agent with this connect timeout, created on first use. */
  private agentFor(connectTimeoutMs: number | undefined): Agent {
    if (connectTimeoutMs === undefined || connectTimeoutMs === DEFAULT_CONNECT_TIMEOUT_MS) return this.agent;
    let agent = this.agents.get(connectTimeoutMs);
    if (!agent) {
      agent = createAgent(connectTimeoutMs);
      this.agents.set(connectTimeoutMs, agent);
    }
    return agent;
  }

  /**
   * Closes all pooled connections. A request whose body was left unread (a stream abandoned after
   * its event cap was hit, say) never completes, so after graceMs whatever is still open is cut.
   */
  async close(graceMs = 5_000): Promise<void> {
    const closed = Promise.all([this.agent.close(), ...[...this.agents.values()].map((agent) => agent.close())]);
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

/** The message of a timeout error: what the upstream did not do, within how long, and the setting behind it. */
function timeoutMessage(providerId: string, code: string, options: SendOptions | undefined): string {
  const labels = options?.timeoutLabels ?? DEFAULT_TIMEOUT_LABELS;
  let label = labels.idle;
  let ms = options?.idleTimeoutMs ?? options?.timeoutMs;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    label = labels.connect;
    ms = options?.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  } else if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    label = labels.headers;
    ms = options?.headersTimeoutMs ?? options?.timeoutMs;
  }
  // "sent nothing for 30000 ms", "did not answer within 2000 ms".
  const bound = ms === undefined ? 'in time' : `${label === labels.idle ? 'for' : 'within'} ${ms} ms`;
  return `Provider '${providerId}' ${label.did} ${bound}${label.setting ? ` (${label.setting})` : ''}.`;
}

/** What timeout errors say when the caller names no settings. */
const DEFAULT_TIMEOUT_LABELS: TimeoutLabels = {
  headers: { did: 'did not answer' },
  idle: { did: 'sent nothing' },
  connect: { did: 'did not accept a connection' },
};

/**
 * Maps undici/network failures to gateway errors that never include URLs or keys. With the call's
 * options, a timeout names how long it was and which setting sets it.
 */
export function transportError(err: unknown, providerId: string, options?: SendOptions): GatewayError {
  if (err instanceof GatewayError) return err;
  const name = (err as { name?: unknown } | undefined)?.name;
  const rawCode = (err as { code?: unknown } | undefined)?.code;
  // DOMException (an AbortSignal's default reason) has a numeric code; its name says what it is.
  const code = typeof rawCode === 'string' ? rawCode : typeof name === 'string' ? name : '';
  if (code === 'AbortError' || name === 'AbortError' || code === 'UND_ERR_ABORTED') {
    return new GatewayError('client_closed', 499, 'The request was cancelled.', { provider: providerId, cause: err });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new GatewayError('upstream_timeout', 504, timeoutMessage(providerId, code, options), { provider: providerId, cause: err });
  }
  return new GatewayError('upstream_unavailable', 502, `Could not reach provider '${providerId}' (${code || 'connection failed'}).`, {
    provider: providerId,
    cause: err,
  });
}

/**
 * The only code that opens sockets to providers: one undici Agent (keep-alive pools per origin),
 * per-attempt timeouts, and cancellation through AbortSignal.
 */
import { Agent, request } from 'undici';
import { GatewayError } from '../core/errors.js';
import type { HttpRequestSpec } from '../providers/spec/provider.js';

/** An upstream response whose body has not been read yet. */
export interface UpstreamResponse {
  status: number;
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array> & { text(): Promise<string>; json(): Promise<unknown>; dump(): Promise<void> };
}

/** Options for one upstream call. */
export interface SendOptions {
  signal?: AbortSignal;
  /** Time allowed until the response headers arrive, and between body chunks. */
  timeoutMs: number;
  providerId: string;
}

/** Sends HTTP requests over pooled keep-alive connections. */
export class HttpClient {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, connections: 256, pipelining: 1 });

  /** Sends a request; connection failures and timeouts become GatewayErrors. */
  async send(spec: HttpRequestSpec, options: SendOptions): Promise<UpstreamResponse> {
    try {
      const response = await request(spec.url, {
        method: spec.method,
        headers: spec.headers,
        body: spec.body,
        signal: options.signal,
        dispatcher: this.agent,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
      return { status: response.statusCode, headers: flattenHeaders(response.headers), body: response.body };
    } catch (err) {
      throw transportError(err, options.providerId);
    }
  }

  /** Closes all pooled connections. */
  async close(): Promise<void> {
    await this.agent.close();
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in headers) {
    const value = headers[key];
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Maps undici/network failures to gateway errors that never include URLs or keys. */
export function transportError(err: unknown, providerId: string): GatewayError {
  if (err instanceof GatewayError) return err;
  const code = (err as { code?: string }).code ?? (err as { name?: string }).name ?? '';
  if (code === 'AbortError' || code === 'UND_ERR_ABORTED') {
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

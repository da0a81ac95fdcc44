/**
 * The only code that opens sockets to providers: one undici Agent (keep-alive pools per origin),
 * per-attempt timeouts, cancellation through AbortSignal, and byte caps on what is read back.
 */
import { Agent, type Dispatcher, request } from 'undici';
import { GatewayError, upstreamResponseTooLarge } from '../core/errors.js';
import type { HttpRequestSpec } from '../providers/spec/provider.js';
import { DEFAULT_MAX_EVENT_BYTES } from '../providers/spec/sse.js';
import { InFlightList } from '../core/in-flight-list.js';

/** Byte caps on upstream reads (config server.upstream_max_body_bytes / upstream_max_event_bytes). */
export interface UpstreamLimits {
  /** Largest body text()/json() read: non-streamed responses and error bodies. */
  maxBodyBytes: number;
  /** Largest single stream event; not enforced here but handed to the frame decoders. */
  maxEventBytes: number;
}

/** The config defaults, for `new HttpClient()` in tests and tools. */
export const DEFAULT_UPSTREAM_LIMITS: Readonly<UpstreamLimits> = { maxBodyBytes: 32 * 1024 * 1024, maxEventBytes: DEFAULT_MAX_EVENT_BYTES };

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
  /**
   * A tighter body cap for this call (e.g. OAuth token responses), with the reason shown past it;
   * without it the client's maxBodyBytes applies and the error names the config field.
   */
  bodyLimit?: { maxBytes: number; reason: string };
}

/** Sends HTTP requests over pooled keep-alive connections. */
export class HttpClient {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, connections: 256, pipelining: 1 });
  // Streamed bodies being read, for close() to cut after its grace period. Only iterated bodies
  // are tracked: text()/json() always finish or fail, and tracking every body costs GC time.
  private readonly openBodies = new InFlightList<RawBody>();
  /** The caps in force; the pipeline passes maxEventBytes to its frame decoders. */
  readonly limits: Readonly<UpstreamLimits>;

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
  }

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
      const body = response.body;
      const headers = flattenHeaders(response.headers);
      const limit = options.bodyLimit;
      const capped = new CappedBody(
        body,
        headers['content-length'],
        limit?.maxBytes ?? this.limits.maxBodyBytes,
        limit?.reason ?? BODY_CAP_REASON,
        options.providerId,
        this.openBodies,
      );
      return { status: response.statusCode, headers, body: capped };
    } catch (err) {
      throw transportError(err, options.providerId);
    }
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
    // agent.destroy() would not help here: close() has already handed the pools over.
    for (const body of this.openBodies.values()) {
      body.on('error', () => {});
      body.destroy();
    }
    await closed;
  }
}

type RawBody = Dispatcher.ResponseData['body'];

/** The reason a body cap names when none is given: the setting that raises it. */
const BODY_CAP_REASON = 'raise server.upstream_max_body_bytes to accept larger responses';

/**
 * Wraps undici's body so text()/json() stop at the cap: a declared content-length above it fails
 * before reading, otherwise bytes are counted as they arrive and the body is destroyed (closing the
 * connection) the moment they pass it, so at most maxBytes are ever held. Iterating the body, as
 * streams do, is not capped here: a stream may run for hours, and its events are capped instead.
 * A class, not closures: one of these is made per upstream response.
 */
class CappedBody {
  /** The declared content-length, when there is one. */
  private readonly declared: number | undefined;

  constructor(
    private readonly body: RawBody,
    contentLength: string | undefined,
    private readonly maxBytes: number,
    private readonly reason: string,
    private readonly providerId: string,
    private readonly open: InFlightList<RawBody>,
  ) {
    const declared = contentLength === undefined ? undefined : Number(contentLength);
    this.declared = declared !== undefined && Number.isFinite(declared) ? declared : undefined;
  }

  /** A declared length within the cap bounds the read already, so undici's own (faster) readers serve it. */
  private get declaredWithin(): boolean {
    return this.declared !== undefined && this.declared <= this.maxBytes;
  }

  private tooLarge(): GatewayError {
    // undici reports its own destroy as an 'error' event; with no listener that would crash the process.
    this.body.on('error', () => {});
    this.body.destroy();
    return upstreamResponseTooLarge(this.providerId, 'a response body', this.maxBytes, this.reason);
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    const { body, open } = this;
    const entry = open.add(body);
    // The body destroys itself after its end (autoDestroy), so 'close' follows every way out.
    body.once('close', () => open.remove(entry));
    return body[Symbol.asyncIterator]();
  }

  async text(): Promise<string> {
    if (this.declared !== undefined && this.declared > this.maxBytes) throw this.tooLarge();
    if (this.declaredWithin) return this.body.text().catch((err: unknown) => Promise.reject(transportError(err, this.providerId)));
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of this.body) {
        size += chunk.length;
        if (size > this.maxBytes) throw this.tooLarge();
        chunks.push(chunk as Buffer);
      }
    } catch (err) {
      throw transportError(err, this.providerId);
    }
    const bytes = Buffer.concat(chunks, size);
    // A leading byte-order mark is skipped, as undici's own text() does.
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    return bytes.toString('utf8', start);
  }

  /**
   * The body parsed as JSON. A body that is not JSON rejects with a SyntaxError, and a failing
   * connection with undici's own error: the caller maps both (this is the hot path, so no wrapper).
   */
  json(): Promise<unknown> {
    if (this.declaredWithin) return this.body.json();
    return this.text().then(JSON.parse);
  }

  dump(): Promise<void> {
    return this.body.dump();
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

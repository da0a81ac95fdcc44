/** Response helpers for simulator handlers: JSON, raw bytes, paced streams, and injected faults. */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Scenario } from './scenario.js';

/** A request as simulator handlers see it. */
export interface SimRequest {
  method: string;
  /** Path without the flavor prefix and without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Parsed JSON body; undefined when the body is empty or not JSON. */
  json: unknown;
  /** True when the body was present but not valid JSON. */
  invalidJson: boolean;
  /** Regex groups of the matched route. */
  params: string[];
  /** The flavor prefix (first path segment), e.g. "mistral", "groq", "azure"; "" when none. */
  flavor: string;
}

/** A family's native error body and headers for a status. */
export type ErrorRenderer = (status: number, message: string, retryAfterSeconds?: number) => { body: unknown; headers?: Record<string, string> };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wraps a ServerResponse with the helpers handlers need. */
export class SimResponder {
  constructor(readonly res: ServerResponse) {}

  /** Sends a JSON body. */
  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    this.res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    this.res.end(text);
  }

  /** Sends raw bytes with the given headers. */
  raw(status: number, body: string | Uint8Array, headers: Record<string, string>): void {
    this.res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
    this.res.end(body);
  }

  /**
   * Applies the scenario's pre-response faults: latency, hang, connection reset and HTTP errors.
   * Returns true when it already answered (or dropped) the request.
   */
  async preamble(scenario: Scenario, renderError: ErrorRenderer): Promise<boolean> {
    if (scenario.latencyMs > 0) await sleep(scenario.latencyMs);
    const fault = scenario.fault;
    if (scenario.hugeBody !== undefined && fault !== 'hang' && fault !== 'reset') {
      const status = Number(fault);
      await this.hugeBody(Number.isInteger(status) && status >= 400 ? status : 200, scenario.hugeBody);
      return true;
    }
    if (!fault || fault === 'cut') return false;
    if (fault === 'hang') {
      // Never answer; the connection stays open until the client gives up.
      await new Promise<void>((resolve) => this.res.on('close', () => resolve()));
      return true;
    }
    if (fault === 'reset') {
      this.res.socket?.destroy();
      return true;
    }
    const status = Number(fault);
    if (!Number.isInteger(status) || status < 400) return false;
    const rendered = renderError(status, `Simulated ${status} error.`, scenario.retryAfter);
    const headers = { ...rendered.headers };
    if (scenario.retryAfter !== undefined) headers['retry-after'] = String(scenario.retryAfter);
    this.json(status, rendered.body, headers);
    return true;
  }

  /**
   * Sends `{"padding":"xxx…"}` of `size` bytes, chunked and without content-length so only a
   * reader that counts bytes can stop it early; generated as it goes, and stops when the client hangs up.
   */
  async hugeBody(status: number, size: number): Promise<void> {
    const head = '{"padding":"';
    const tail = '"}';
    const block = Buffer.alloc(64 * 1024, 'x');
    this.res.writeHead(status, { 'content-type': 'application/json' });
    this.res.write(head);
    let left = Math.max(0, size - head.length - tail.length);
    while (left > 0 && !this.res.destroyed) {
      const n = Math.min(left, block.length);
      left -= n;
      if (!this.res.write(n === block.length ? block : block.subarray(0, n))) await drainOrClose(this.res);
    }
    if (!this.res.destroyed) this.res.end(tail);
  }

  /**
   * Streams frames with the scenario's pacing: ttft_ms before the first frame, token_ms between
   * frames. With fault=cut the socket is destroyed after cut_after frames (default: half).
   */
  async stream(headers: Record<string, string>, frames: Array<string | Uint8Array>, scenario: Scenario): Promise<void> {
    this.res.writeHead(200, headers);
    const cutAt = scenario.fault === 'cut' ? (scenario.cutAfter ?? Math.max(1, Math.floor(frames.length / 2))) : -1;
    if (scenario.ttftMs > 0) await sleep(scenario.ttftMs);
    const paced = scenario.tokenMs > 0;
    if (!paced && cutAt < 0) {
      // Fast path: one write for the whole stream keeps the simulator far from the bottleneck.
      this.res.end(frames.length === 1 || typeof frames[0] !== 'string' ? Buffer.concat(frames.map(toBuffer)) : frames.join(''));
      return;
    }
    for (let i = 0; i < frames.length; i++) {
      if (this.res.destroyed) return;
      if (i === cutAt) {
        // Let the frames written so far reach the client first: a cut stream, not a reset.
        await new Promise<void>((resolve) => this.res.write('', () => resolve()));
        this.res.socket?.destroy();
        return;
      }
      if (i > 0 && paced) await sleep(scenario.tokenMs);
      this.res.write(frames[i]!);
    }
    this.res.end();
  }
}

function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function toBuffer(frame: string | Uint8Array): Buffer {
  return typeof frame === 'string' ? Buffer.from(frame) : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
}

/** Formats one SSE event. */
export function sseEvent(data: unknown, event?: string): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return event ? `event: ${event}\ndata: ${payload}\n\n` : `data: ${payload}\n\n`;
}

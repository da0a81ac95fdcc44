/** Response helpers for simulator handlers: JSON, raw bytes, paced streams, and injected faults. */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { SimState } from './chaos.js';
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

/** A complete error answer: status, native body, headers. */
export interface FaultAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A family's native answers to injected faults. */
export interface FamilyFaults {
  /** The error body for an injected status. */
  error: ErrorRenderer;
  /** The family's "prompt is too long" 400 (fault=context_window), given the request's input tokens. */
  contextWindow?: (inputTokens: number) => FaultAnswer;
  /**
   * fault=content_filter answered as an error (Azure's filtered prompt). Without it the family
   * reports the filter in the reply itself (a finish or stop reason), which planReply prepares.
   */
  contentFilter?: () => FaultAnswer;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wraps a ServerResponse with the helpers handlers need. */
export class SimResponder {
  private settled = false;
  /** fault=cut0 on a non-streamed reply: the next success answer sends its head, then drops the connection. */
  private cutBody = false;

  /** `state` is the simulator's fault state (tally, fail_times, chaos); without it those keys do nothing. */
  constructor(
    readonly res: ServerResponse,
    readonly state?: SimState,
  ) {}

  /**
   * Decides the request's fault once (tally, fail_times, chaos); later calls do nothing. planReply
   * calls it before it plans (a content filter changes the reply), preamble again for routes
   * that plan nothing.
   */
  settle(scenario: Scenario): void {
    if (this.settled) return;
    this.settled = true;
    this.state?.settle(scenario);
  }

  /** Sends a JSON body. */
  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    this.res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    if (this.cutBody && status < 300) {
      void this.cutAfterHead();
      return;
    }
    this.res.end(text);
  }

  /** Sends raw bytes with the given headers. */
  raw(status: number, body: string | Uint8Array, headers: Record<string, string>): void {
    this.res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
    if (this.cutBody && status < 300) {
      void this.cutAfterHead();
      return;
    }
    this.res.end(body);
  }

  /**
   * Applies the scenario's pre-response faults: latency, hang, connection reset, HTTP errors and
   * the family's context-window and content-filter errors. Returns true when it already answered
   * (or dropped) the request. `faults` is the family's error renderer, or all its fault answers.
   */
  async preamble(scenario: Scenario, faults: ErrorRenderer | FamilyFaults, inputTokens = 0): Promise<boolean> {
    this.settle(scenario);
    if (scenario.latencyMs > 0) await sleep(scenario.latencyMs);
    const fault = scenario.fault;
    if (scenario.hugeBody !== undefined && fault !== 'hang' && fault !== 'reset') {
      const status = Number(fault);
      await this.hugeBody(Number.isInteger(status) && status >= 400 ? status : 200, scenario.hugeBody);
      return true;
    }
    if (!fault || fault === 'cut') return false;
    if (fault === 'cut0') {
      this.cutBody = true;
      return false;
    }
    const family = typeof faults === 'function' ? { error: faults } : faults;
    if (fault === 'context_window') {
      const answer = family.contextWindow?.(inputTokens) ?? { status: 400, ...family.error(400, "The input is longer than the model's context window.") };
      this.json(answer.status, answer.body, answer.headers);
      return true;
    }
    if (fault === 'content_filter') {
      if (!family.contentFilter) return false;
      const answer = family.contentFilter();
      this.json(answer.status, answer.body, answer.headers);
      return true;
    }
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
    const rendered = family.error(status, `Simulated ${status} error.`, scenario.retryAfter);
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

  /** Sends the head written so far (and whatever was written after it), then drops the connection. */
  private async cutAfterHead(): Promise<void> {
    this.res.flushHeaders();
    await new Promise<void>((resolve) => this.res.write('', () => resolve()));
    this.res.socket?.destroy();
  }

  /**
   * Streams frames with the scenario's pacing: ttft_ms before the first frame, token_ms between
   * frames. With fault=cut the socket is destroyed after cut_after frames (default: half); with
   * fault=cut0 after the `prelude` frames, the leading frames that carry no content (a role-only
   * chunk, message_start), so the cut comes before any content.
   */
  async stream(headers: Record<string, string>, frames: Array<string | Uint8Array>, scenario: Scenario, prelude = 0): Promise<void> {
    this.res.writeHead(200, headers);
    const fault = scenario.fault;
    const cutAt =
      fault === 'cut' ? (scenario.cutAfter ?? Math.max(1, Math.floor(frames.length / 2))) : fault === 'cut0' ? Math.min(prelude, frames.length) : -1;
    if (cutAt === 0) {
      await this.cutAfterHead();
      return;
    }
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

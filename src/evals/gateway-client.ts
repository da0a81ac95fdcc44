/**
 * The eval's client of the gateway's public API (Chat Completions with the `prompt` extension,
 * Embeddings), called with the caller's virtual key so budgets and rate limits apply to the run.
 * Global fetch, like the CLI's admin client: this is an operator's tool talking to a gateway, not
 * the gateway's own outbound traffic (which goes through transport/). Reads are capped.
 */
import { EvalStopError } from './errors.js';
import { addUsage, type UsageTally } from './usage.js';

/** Where the gateway is and which key to call it with. */
export interface GatewayConnection {
  url: string;
  key?: string;
  /** Per-call timeout. */
  timeoutMs: number;
}

/** A call that failed for this row only (an upstream error, a 400 for a bad variable): it scores 0. */
export class RowCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'RowCallError';
  }
}

/** Largest answer body read. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** Statuses that would fail every row the same way: the run stops instead of grading zeros. */
const STOP_STATUSES = new Set([401, 402, 403]);

/** A parsed JSON answer with its cost header. */
interface Answer {
  body: Record<string, unknown>;
  costUsd?: number;
}

/** Checks the URL once, before the run, so a typo is an input error rather than N row errors. */
export function gatewayBase(url: string): URL {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new EvalStopError(`--url '${url}' is not a URL (e.g. http://127.0.0.1:8080).`, 0);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new EvalStopError(`--url '${url}' must be http:// or https://.`, 0);
  return base;
}

/** Reads a body up to the cap. */
async function readCapped(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw new RowCallError(`the gateway's answer is larger than ${MAX_ANSWER_BYTES} bytes`, res.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** POSTs JSON to the gateway; network failures and refusals stop the run, other errors fail the row. */
async function post(conn: GatewayConnection, path: string, body: unknown): Promise<Answer> {
  const base = gatewayBase(conn.url);
  // Out of every experiment: a baseline called by label must get the version the label names.
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', 'x-switchboard-experiments': 'off' };
  if (conn.key) headers.authorization = `Bearer ${conn.key}`;
  let res: Response;
  try {
    res = await fetch(new URL(path, base), { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(conn.timeoutMs) });
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'TimeoutError') throw new RowCallError(`the gateway did not answer within ${conn.timeoutMs} ms (--timeout-ms)`, 0, 'timeout');
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new EvalStopError(
      `cannot reach the gateway at ${base.origin}: ${cause?.code ?? cause?.message ?? (err as Error).message}. Is it running? (--url, SWITCHBOARD_URL)`,
      0,
    );
  }
  const text = await readCapped(res);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!res.ok) {
    const error = (parsed as { error?: { message?: unknown; code?: unknown; type?: unknown } } | undefined)?.error;
    const message = typeof error?.message === 'string' ? error.message : `HTTP ${res.status}`;
    const code = typeof error?.code === 'string' ? error.code : typeof error?.type === 'string' ? error.type : undefined;
    if (STOP_STATUSES.has(res.status)) {
      const hint =
        res.status === 402 ? ' (a budget refused the call; the run stops)' : res.status === 401 && !conn.key ? ' Pass --key or set SWITCHBOARD_API_KEY.' : '';
      throw new EvalStopError(`the gateway refused the call: HTTP ${res.status}${code ? ` ${code}` : ''}: ${message}${hint}`, res.status, code);
    }
    throw new RowCallError(`HTTP ${res.status}${code ? ` ${code}` : ''}: ${message}`, res.status, code);
  }
  if (!parsed || typeof parsed !== 'object') throw new RowCallError(`the gateway answered ${res.status} with a body that is not JSON`, res.status);
  const cost = Number(res.headers.get('x-switchboard-cost-usd'));
  return { body: parsed as Record<string, unknown>, costUsd: res.headers.has('x-switchboard-cost-usd') && Number.isFinite(cost) ? cost : undefined };
}

/** Usage as the OpenAI answer reports it. */
function usageOf(body: Record<string, unknown>): { inputTokens: number; outputTokens: number } {
  const usage = (body.usage ?? {}) as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return { inputTokens: num(usage.prompt_tokens), outputTokens: num(usage.completion_tokens) };
}

/** The text of a chat completion's first choice (content parts joined; tool calls as JSON when there is no text). */
export function answerText(body: Record<string, unknown>): string {
  const choice = (Array.isArray(body.choices) ? body.choices[0] : undefined) as { message?: { content?: unknown; tool_calls?: unknown } } | undefined;
  const content = choice?.message?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join('');
  if (choice?.message?.tool_calls) return JSON.stringify(choice.message.tool_calls);
  return '';
}

/** One chat completion; its usage and cost are added to `tally`. */
export async function chatCompletion(conn: GatewayConnection, body: Record<string, unknown>, tally: UsageTally): Promise<string> {
  const answer = await post(conn, '/v1/chat/completions', { ...body, stream: false });
  addUsage(tally, { ...usageOf(answer.body), costUsd: answer.costUsd });
  return answerText(answer.body);
}

/** Embeddings of the inputs, in order; usage and cost are added to `tally`. */
export async function embeddings(conn: GatewayConnection, model: string, inputs: string[], tally: UsageTally): Promise<number[][]> {
  const answer = await post(conn, '/v1/embeddings', { model, input: inputs });
  addUsage(tally, { ...usageOf(answer.body), costUsd: answer.costUsd });
  const data = Array.isArray(answer.body.data) ? (answer.body.data as Array<{ index?: number; embedding?: unknown }>) : [];
  const ordered = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  return ordered.map((d) => (Array.isArray(d.embedding) ? (d.embedding as number[]) : []));
}

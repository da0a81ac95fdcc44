/**
 * The chaos harness's load generator: OpenAI Chat Completions requests to a gateway over a
 * keep-alive undici pool (far cheaper per request than fetch), each named by a `[[sim id=…]]`
 * directive so the simulator's tally can tell what reached a provider. Every answer is checked
 * the way a client would: a 200 with content, or for a stream, content and a final `[DONE]`
 * with no error event in between.
 */
import { Pool } from 'undici';

/** One request's outcome as the client saw it. */
export interface Outcome {
  id: string;
  ok: boolean;
  /** HTTP status (0 when no answer came). */
  status: number;
  /** Why it failed: `http_503:upstream_unavailable`, `stream_error:upstream_error`, `stream_truncated`, `client:UND_ERR_…`. */
  failure?: string;
  /** Time from sending the request to the end of the answer's body. */
  latencyMs: number;
  /** x-switchboard-attempts. */
  attempts?: number;
  /** x-switchboard-provider. */
  provider?: string;
  /** The text the client received. */
  content: string;
  /** A streamed error event's body, when one came. */
  errorEvent?: unknown;
}

/** One request to send. */
export interface ChatCall {
  model: string;
  stream: boolean;
  /** Scenario id put in the directive (the tally's key). */
  id: string;
  /** More directive pairs, e.g. `fault=429 retry_after=1 fail_times=1`. */
  directive?: string;
  /** Client-side bound on the whole exchange. */
  timeoutMs?: number;
}

/** A keep-alive client of one gateway. */
export function createClient(url: string, connections: number): Pool {
  return new Pool(url, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function errorCode(body: unknown): string {
  const error = isObj(body) && isObj(body.error) ? body.error : undefined;
  return String(error?.code ?? error?.type ?? 'unknown');
}

/** Checks a streamed body: content deltas, no error event, ends with [DONE]. */
function checkStream(text: string, outcome: Outcome): void {
  let done = false;
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: ')) continue;
    const data = line.slice(6).trim();
    if (data === '[DONE]') {
      done = true;
      continue;
    }
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      outcome.failure = 'stream_bad_json';
      return;
    }
    if (isObj(event) && event.error !== undefined) {
      outcome.errorEvent = event;
      outcome.failure = `stream_error:${errorCode(event)}`;
      return;
    }
    const choice = isObj(event) && Array.isArray(event.choices) && isObj(event.choices[0]) ? event.choices[0] : undefined;
    const delta = isObj(choice?.delta) ? choice.delta : undefined;
    if (typeof delta?.content === 'string') outcome.content += delta.content;
  }
  if (!done) outcome.failure = 'stream_truncated';
  else if (outcome.content === '') outcome.failure = 'stream_no_content';
}

/** Checks a non-streamed body: a 200 whose first choice has text. */
function checkJson(status: number, text: string, outcome: Outcome): void {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    outcome.failure = `http_${status}:bad_json`;
    return;
  }
  if (status !== 200) {
    outcome.failure = `http_${status}:${errorCode(body)}`;
    return;
  }
  const choice = isObj(body) && Array.isArray(body.choices) && isObj(body.choices[0]) ? body.choices[0] : undefined;
  const content = isObj(choice?.message) ? choice.message.content : undefined;
  if (typeof content === 'string' && content !== '') outcome.content = content;
  else outcome.failure = 'no_content';
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Sends one chat request and judges the answer; never throws. */
export async function sendChat(client: Pool, call: ChatCall): Promise<Outcome> {
  const outcome: Outcome = { id: call.id, ok: false, status: 0, latencyMs: 0, content: '' };
  const directive = `[[sim id=${call.id}${call.directive ? ` ${call.directive}` : ''}]]`;
  const body = JSON.stringify({ model: call.model, stream: call.stream, max_tokens: 64, messages: [{ role: 'user', content: `hello there ${directive}` }] });
  const timeoutMs = call.timeoutMs ?? 30_000;
  const started = performance.now();
  try {
    const res = await client.request({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer chaos' },
      body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    outcome.status = res.statusCode;
    const attempts = header(res.headers, 'x-switchboard-attempts');
    if (attempts !== undefined) outcome.attempts = Number(attempts);
    outcome.provider = header(res.headers, 'x-switchboard-provider');
    const text = await res.body.text();
    const streamed = call.stream && res.statusCode === 200 && (header(res.headers, 'content-type') ?? '').startsWith('text/event-stream');
    if (streamed) checkStream(text, outcome);
    else checkJson(res.statusCode, text, outcome);
  } catch (err) {
    const code = (err as { code?: string }).code ?? (err as Error).name;
    outcome.failure = `client:${code}`;
  }
  outcome.latencyMs = performance.now() - started;
  outcome.ok = outcome.failure === undefined;
  return outcome;
}

/** A load: `requests` calls of one kind, `concurrency` at a time. */
export interface LoadOptions extends Omit<ChatCall, 'id'> {
  requests: number;
  concurrency: number;
  /** Ids are `${idPrefix}-${n}`. */
  idPrefix: string;
}

/** Runs a load on its own keep-alive pool; outcomes in completion order. */
export async function runLoad(url: string, options: LoadOptions): Promise<Outcome[]> {
  const client = createClient(url, options.concurrency);
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.requests) {
      const n = next++;
      outcomes.push(await sendChat(client, { ...options, id: `${options.idPrefix}-${n}` }));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  } finally {
    await client.close();
  }
  return outcomes;
}

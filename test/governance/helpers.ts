/**
 * Helpers for governance end-to-end tests: admin API calls, keys, chat calls through the gateway,
 * the priced simulator provider of the caps proof, free ports and polling with a deadline.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { expect } from 'vitest';

/**
 * $1,000 per million output tokens and free input: every output token costs exactly $0.001, and
 * the simulator fills max_tokens on a long prompt, so a request's cost is max_tokens × $0.001.
 */
export const OUTPUT_PRICE_PER_M = 1000;
/** USD per output token at OUTPUT_PRICE_PER_M. */
export const USD_PER_TOKEN = OUTPUT_PRICE_PER_M / 1e6;
/** A prompt long enough that the simulator's reply is cut at any max_tokens used here. */
export const LONG_PROMPT = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');

/** An OpenAI-type provider on the simulator (`${SIM}` is replaced by startStack) with the proof's prices. */
export function pricedProvider(simUrl = '${SIM}'): Record<string, unknown> {
  return {
    id: 'sim',
    type: 'openai',
    api_key: 'sk-sim',
    base_url: `${simUrl}/v1`,
    prices: { 'gpt-4o-mini': { input: 0, cached_input: 0, cache_write: 0, output: OUTPUT_PRICE_PER_M } },
  };
}

/** The alias the priced provider serves. */
export const PRICED_MODELS = [{ name: 'capped', targets: [{ provider: 'sim', model: 'gpt-4o-mini' }] }];

/** A JSON answer: status, headers, raw text and the parsed body (undefined when not JSON). */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary JSON.
  json: any;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Calls the admin API with the admin key. */
export async function adminCall(base: string, adminKey: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${base}/admin/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return answer(response);
}

/** Creates a team and a key in it with `fields` (budget, limits, ...); answers its id and secret. */
export async function createKey(base: string, adminKey: string, fields: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const team = await adminCall(base, adminKey, 'POST', '/teams', { name: `team-${randomBytes(4).toString('hex')}` });
  expect(team.status, team.text).toBe(201);
  const created = await adminCall(base, adminKey, 'POST', '/keys', { team_id: team.json.id, name: 'e2e', ...fields });
  expect(created.status, created.text).toBe(201);
  return { id: created.json.id, key: created.json.key };
}

/** Options of one chat call. */
export interface ChatOptions {
  model?: string;
  maxTokens?: number;
  stream?: boolean;
  prompt?: string;
  /** Extra body fields (stream_options, ...). */
  extra?: Record<string, unknown>;
}

/** POST /v1/chat/completions with a virtual key as bearer. */
export async function chat(base: string, key: string, options: ChatOptions = {}): Promise<Answer> {
  const body: Record<string, unknown> = {
    model: options.model ?? 'capped',
    stream: options.stream ?? false,
    messages: [{ role: 'user', content: options.prompt ?? LONG_PROMPT }],
    ...options.extra,
  };
  if (options.maxTokens !== undefined) body.max_tokens = options.maxTokens;
  const response = await fetch(`${base}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return answer(response);
}

/** POST /v1/messages (Anthropic's format) with a virtual key in x-api-key, as the Anthropic SDK sends it. */
export async function messages(base: string, key: string, maxTokens: number, model = 'capped'): Promise<Answer> {
  const response = await fetch(`${base}/v1/messages`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
    body: JSON.stringify({ model, max_tokens: maxTokens, messages: [{ role: 'user', content: LONG_PROMPT }] }),
  });
  return answer(response);
}

/** The data frames of an SSE body, parsed ([DONE] left out). */
// biome-ignore lint/suspicious/noExplicitAny: stream chunks are arbitrary JSON.
export function sseData(text: string): any[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice(6)));
}

/** A loopback TCP port free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Calls `probe` every `everyMs` until it answers something other than undefined; throws after timeoutMs naming `what`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Helpers for the cache's black-box tests: raw JSON and SSE calls through the gateway, and the upstream tally. */
import type { TestStack } from '../../src/testing/stack.js';

/** An answer: status, headers, raw text and the parsed body (undefined when not JSON). */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions walk arbitrary JSON.
  json: any;
  /** Shorthand for the x-switchboard-cache response header. */
  cache: string | null;
}

/** POSTs a JSON body to the gateway and reads the whole answer (a stream's too). */
export async function post(stack: TestStack, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const response = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json, cache: response.headers.get('x-switchboard-cache') };
}

/** The data payloads of an SSE body, in order (`[DONE]` kept as the string). */
// biome-ignore lint/suspicious/noExplicitAny: stream chunks are arbitrary JSON.
export function sseFrames(text: string): any[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => (line === 'data: [DONE]' ? '[DONE]' : JSON.parse(line.slice(6))));
}

/** The text an OpenAI chat stream assembles to. */
export function streamedText(text: string): string {
  return sseFrames(text)
    .filter((frame) => frame !== '[DONE]')
    .map((frame) => frame.choices?.[0]?.delta?.content ?? '')
    .join('');
}

/** How many requests named `id` reached the simulator. */
export function upstreamCalls(stack: TestStack, id: string): number {
  return stack.simulator.tally(id)?.count ?? 0;
}

/** A chat body for `alias` whose one user turn carries the `[[sim id=... SIM]]` directive. */
export function chatBody(alias: string, id: string, extra: Record<string, unknown> = {}, prompt = 'What is the capital of France?', sim = '') {
  return { model: alias, messages: [{ role: 'user', content: `${prompt} [[sim id=${id}${sim ? ` ${sim}` : ''}]]` }], ...extra };
}

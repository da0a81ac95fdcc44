/**
 * Black-box helpers for the bad-input tests: raw HTTP requests (any bytes, any headers) and
 * assertions on the error shapes each ingress promises.
 */
import { createServer } from 'node:net';
import { request } from 'undici';
import { expect } from 'vitest';

/** A fully read response. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
}

/** What to send. `contentType: null` sends no content-type header. */
export interface RawRequest {
  method?: string;
  body?: string | Buffer;
  contentType?: string | null;
  headers?: Record<string, string>;
}

/** Sends one request and reads the whole answer; never follows redirects or retries. */
export async function send(url: string, options: RawRequest = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined && options.contentType !== null) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await request(url, {
    method: (options.method ?? 'POST') as 'POST',
    headers,
    body: options.body,
    headersTimeout: 20_000,
    bodyTimeout: 20_000,
  });
  const text = await response.body.text();
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(response.headers)) if (value !== undefined) flat[key] = Array.isArray(value) ? value.join(', ') : value;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: flat, text, json };
}

/** Sends a JSON value as the body. */
export function postJson(url: string, body: unknown, headers?: Record<string, string>): Promise<RawResponse> {
  return send(url, { body: JSON.stringify(body), headers });
}

/** Evidence of an internal leak: a JS stack frame, a source path, or a file URL. */
const LEAKS: RegExp[] = [/\n\s+at /, /\bat .+:\d+:\d+\)?/, /file:\/\//, /\/(?:work|home|tmp|usr|src|node_modules)\/[\w.-]/, /\.(?:ts|js|mjs|cjs):\d+/];

/** Fails when a text contains a stack frame or a file path. */
export function expectNoInternals(text: string): void {
  for (const pattern of LEAKS) expect(text, `response leaks internals (${pattern})`).not.toMatch(pattern);
}

/** The OpenAI error object, typed for assertions. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string };
}

/** Asserts an OpenAI-shaped error with this status and code, and returns the body. */
export function expectOpenAIError(res: RawResponse, status: number, code: string): OpenAIErrorBody {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['x-request-id']).toMatch(/^req_/);
  expectOpenAIShape(res.json);
  const body = res.json as OpenAIErrorBody;
  expect(body.error.code).toBe(code);
  expectNoInternals(res.text);
  return body;
}

/** Asserts the OpenAI error shape only: {"error":{message,type,param,code}} and nothing else. */
export function expectOpenAIShape(json: unknown): void {
  expect(json).toBeTypeOf('object');
  const body = json as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['error']);
  const error = body.error as Record<string, unknown>;
  expect(Object.keys(error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(error.message).toBeTypeOf('string');
  expect((error.message as string).length).toBeGreaterThan(0);
  expect(error.type).toBeTypeOf('string');
  expect(error.code).toMatch(/^[a-z0-9_]+$/);
  expect(error.param === null || typeof error.param === 'string').toBe(true);
}

/** The Anthropic error object, typed for assertions. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string; code: string; param?: string };
}

/** Asserts an Anthropic-shaped error with this status and code, and returns the body. */
export function expectAnthropicError(res: RawResponse, status: number, code: string): AnthropicErrorBody {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['x-request-id']).toMatch(/^req_/);
  expectAnthropicShape(res.json);
  const body = res.json as AnthropicErrorBody;
  expect(body.error.code).toBe(code);
  expectNoInternals(res.text);
  return body;
}

/** Asserts the Anthropic error shape: {"type":"error","error":{type,message,...}}. */
export function expectAnthropicShape(json: unknown): void {
  expect(json).toBeTypeOf('object');
  const body = json as Record<string, unknown>;
  expect(body.type).toBe('error');
  expect(Object.keys(body).sort()).toEqual(['error', 'type']);
  const error = body.error as Record<string, unknown>;
  expect(error.type).toMatch(/^[a-z_]+_error$|^request_too_large$/);
  expect(error.message).toBeTypeOf('string');
  expect((error.message as string).length).toBeGreaterThan(0);
  expect(error.code).toMatch(/^[a-z0-9_]+$/);
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

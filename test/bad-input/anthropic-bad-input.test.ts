/**
 * Bad input on the Anthropic-format endpoint (/v1/messages): every case gets an Anthropic-shaped
 * error ({"type":"error","error":{type,message}}) with the gateway's stable code, never a stack.
 * Also fuzzes /v1/messages with random and mutated bodies.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { type FuzzBody, fuzzBodies, runFuzz } from './fuzz-bodies.js';
import { expectAnthropicError, postJson, send } from './http.js';

const LIMIT = 256 * 1024;
const SECRET = 'sk-test-SECRET-anthropic-1234';
let stack: TestStack;
let messages: string;

beforeAll(async () => {
  stack = await startStack({
    providers: [{ id: 'sim', type: 'openai', api_key: SECRET, base_url: '${SIM}/v1' }],
    models: [{ name: 'small', targets: [{ provider: 'sim', model: 'sim-small' }] }],
    extra: { server: { host: '127.0.0.1', port: 0, body_limit_bytes: LIMIT } },
  });
  messages = `${stack.url}/v1/messages`;
});
afterAll(async () => stack?.close());

const valid = (): Record<string, unknown> => ({ model: 'small', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] });

describe('the valid baseline', () => {
  it('is routed: a well-formed body gets 200 and an Anthropic message', async () => {
    const res = await postJson(messages, valid());
    expect(res.status, res.text).toBe(200);
    const body = res.json as { type: string; content: Array<{ type: string; text: string }> };
    expect(body.type).toBe('message');
    expect(body.content[0]?.text).toBe('Simulated reply to: hello');
  });
});

describe('malformed bodies', () => {
  it.each([
    ['truncated JSON', '{"model":"small","messages":['],
    ['not JSON at all', 'hello there'],
    ['an empty body', ''],
  ])('answers 400 invalid_json for %s', async (_name, body) => {
    const { error } = expectAnthropicError(await send(messages, { body }), 400, 'invalid_json');
    expect(error.type).toBe('invalid_request_error');
  });

  it('answers 400 invalid_utf8 for bytes that are not UTF-8', async () => {
    const body = Buffer.concat([
      Buffer.from('{"model":"small","max_tokens":5,"messages":[{"role":"user","content":"'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('"}]}'),
    ]);
    expectAnthropicError(await send(messages, { body }), 400, 'invalid_utf8');
  });

  it('answers 400 invalid_json for nesting deeper than the gateway handles', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const body = `{"model":"small","max_tokens":5,"tools":[{"name":"f","input_schema":{"type":"object","x":${deep}}}],"messages":[{"role":"user","content":"hi"}]}`;
    const { error } = expectAnthropicError(await send(messages, { body }), 400, 'invalid_json');
    expect(error.message).toMatch(/deeper than \d+ levels/);
  });

  it('answers 400 invalid_request when the body is not an object', async () => {
    for (const body of [[], 'hi', null, 3]) expectAnthropicError(await postJson(messages, body), 400, 'invalid_request');
  });
});

describe('wrong and missing fields', () => {
  it.each([
    ['messages is a string', { messages: 'x' }, 'messages'],
    ['temperature is a word', { temperature: 'hot' }, 'temperature'],
    ['max_tokens is negative', { max_tokens: -1 }, 'max_tokens'],
    ['max_tokens is a string', { max_tokens: '10' }, 'max_tokens'],
    ['stream is a string', { stream: 'yes' }, 'stream'],
    ['model is a number', { model: 5 }, 'model'],
    ['a role is unknown', { messages: [{ role: 'system', content: 'hi' }] }, 'messages.0.role'],
    ['an unknown top-level field is sent', { frobnicate: true }, 'frobnicate'],
  ])('answers 400 invalid_request naming the param when %s', async (_name, patch, param) => {
    const { error } = expectAnthropicError(await postJson(messages, { ...valid(), ...patch }), 400, 'invalid_request');
    expect(error.type).toBe('invalid_request_error');
    expect(error.param).toBe(param);
    expect(error.message).toContain(param);
  });

  it.each(['model', 'messages', 'max_tokens'])('answers 400 naming %s when it is missing', async (field) => {
    const body = valid();
    delete body[field];
    const { error } = expectAnthropicError(await postJson(messages, body), 400, 'invalid_request');
    expect(error.param).toBe(field);
  });

  it('answers 400 naming messages when messages is empty', async () => {
    const { error } = expectAnthropicError(await postJson(messages, { ...valid(), messages: [] }), 400, 'invalid_request');
    expect(error.param).toBe('messages');
  });

  it('answers 404 model_not_found for an unknown model', async () => {
    const { error } = expectAnthropicError(await postJson(messages, { ...valid(), model: 'no-such-model' }), 404, 'model_not_found');
    expect(error.type).toBe('not_found_error');
    expect(error.message).toContain('no-such-model');
  });

  it('answers 400 invalid_image for base64 image data that is not base64', async () => {
    for (const data of ['@@not-base64@@', 'abc', 'aGVsbG8=!']) {
      const body = {
        ...valid(),
        messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data } }] }],
      };
      const { error } = expectAnthropicError(await postJson(messages, body), 400, 'invalid_image');
      expect(error.type).toBe('invalid_request_error');
      expect(error.param).toBe('messages.0.content.0.source.data');
    }
  });

  it('answers 400 unsupported_parameter naming the param and the provider', async () => {
    const { error } = expectAnthropicError(await postJson(messages, { ...valid(), top_k: 40 }), 400, 'unsupported_parameter');
    expect(error.param).toBe('top_k');
    expect(error.message).toContain("'top_k'");
    expect(error.message).toContain("'sim'");
  });
});

describe('documented fields: hints answered 200, features the gateway lacks refused by name', () => {
  const tool = { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } };

  it.each([
    [
      'eager_input_streaming and the other tool hints',
      { tools: [{ ...tool, eager_input_streaming: true, defer_loading: false, input_examples: [{ city: 'x' }] }] },
    ],
    ['a tool cache breakpoint and the automatic one', { tools: [{ ...tool, cache_control: { type: 'ephemeral' } }], cache_control: { type: 'ephemeral' } }],
    ['service_tier standard_only', { service_tier: 'standard_only' }],
    ['speed, diagnostics and inference_geo global', { speed: 'fast', diagnostics: { previous_message_id: 'msg_1' }, inference_geo: 'global' }],
    ['one forced tool with disable_parallel_tool_use', { tools: [tool], tool_choice: { type: 'any', disable_parallel_tool_use: true } }],
  ])('answers 200 for %s', async (_name, patch) => {
    const res = await postJson(messages, { ...valid(), ...patch });
    expect(res.status, res.text).toBe(200);
  });

  it.each([
    ['container', { container: 'container_1' }],
    ['mcp_servers', { mcp_servers: [{ type: 'url', url: 'https://mcp.example', name: 'x' }] }],
    ['context_management', { context_management: { edits: [] } }],
    ['inference_geo', { inference_geo: 'us' }],
    ['thinking.display', { max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 1024, display: 'omitted' } }],
    ['tools.0.allowed_callers', { tools: [{ ...tool, allowed_callers: ['code_execution_20250825'] }] }],
  ])('answers 400 unsupported_parameter naming %s', async (param, patch) => {
    const { error } = expectAnthropicError(await postJson(messages, { ...valid(), ...patch }), 400, 'unsupported_parameter');
    expect(error.type).toBe('invalid_request_error');
    expect(error.param).toBe(param);
    expect(error.message.startsWith(`${param}:`)).toBe(true);
  });
});

describe('upstream failures in the Anthropic shape', () => {
  it('answers an upstream 401 as authentication_error without the provider key', async () => {
    for (const stream of [false, true]) {
      const res = await postJson(messages, { ...valid(), stream, messages: [{ role: 'user', content: 'hi [[sim fault=401]]' }] });
      const { error } = expectAnthropicError(res, 401, 'upstream_authentication');
      expect(error.type).toBe('authentication_error');
      expect(res.text).not.toContain(SECRET);
      expect(JSON.stringify(res.headers)).not.toContain(SECRET);
    }
  });

  it('answers an upstream 529-style overload as overloaded_error with retry-after', async () => {
    const res = await postJson(messages, { ...valid(), messages: [{ role: 'user', content: 'hi [[sim fault=503 retry_after=7]]' }] });
    const { error } = expectAnthropicError(res, 503, 'upstream_unavailable');
    expect(error.type).toBe('overloaded_error');
    expect(res.headers['retry-after']).toBe('7');
  });
});

describe('transport-level refusals in the Anthropic shape', () => {
  it('answers 413 body_too_large (request_too_large) over the limit', async () => {
    const body = JSON.stringify({ ...valid(), messages: [{ role: 'user', content: 'x'.repeat(LIMIT * 2) }] });
    const { error } = expectAnthropicError(await send(messages, { body }), 413, 'body_too_large');
    expect(error.type).toBe('request_too_large');
  });

  it('answers 405 method_not_allowed with an Allow header', async () => {
    const res = await send(messages, { method: 'GET' });
    expectAnthropicError(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('POST');
  });

  it('answers 415 unsupported_media_type for a non-JSON content type', async () => {
    expectAnthropicError(await send(messages, { body: JSON.stringify(valid()), contentType: 'text/plain' }), 415, 'unsupported_media_type');
  });

  it('answers 404 route_not_found under /v1/messages/ in the Anthropic shape', async () => {
    const { error } = expectAnthropicError(await send(`${messages}/count_tokens`, { body: JSON.stringify(valid()) }), 404, 'route_not_found');
    expect(error.type).toBe('not_found_error');
  });
});

describe('fuzzing /v1/messages', () => {
  it('answers every random or mutated body with a well-formed response and stays up', async () => {
    const bases = [
      valid(),
      { ...valid(), stream: true, system: 'be brief', messages: [{ role: 'user', content: [{ type: 'text', text: 'one two' }] }] },
      {
        ...valid(),
        tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
        messages: [
          { role: 'user', content: 'weather?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] },
        ],
      },
    ];
    const bodies: FuzzBody[] = fc.sample(fuzzBodies(...bases), { numRuns: 1200, seed: 0x5eed_a17 });
    const stats = await runFuzz(messages, bodies, 'anthropic');
    // The mutations must also exercise the success path, or the fuzz only tests the validator.
    expect(stats.ok).toBeGreaterThan(50);
    expect(stats.streams).toBeGreaterThan(5);
    expect(stats.errors).toBeGreaterThan(300);
    expect((await send(`${stack.url}/healthz`, { method: 'GET' })).status).toBe(200);
  });
});

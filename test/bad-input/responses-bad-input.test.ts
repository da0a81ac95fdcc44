/**
 * Bad input on POST /v1/responses: every case gets a clear OpenAI-shaped error with a stable code
 * and the parameter at fault, never a stack; and a fuzz run of random and mutated bodies keeps
 * every answer well-formed.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { fuzzBodies, runFuzz } from './fuzz-bodies.js';
import { expectOpenAIError, postJson, send } from './http.js';

const LIMIT = 64 * 1024;
let stack: TestStack;
let url: string;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { id: 'sim', type: 'openai', api_key: 'sim-key', base_url: '${SIM}/v1' },
      { id: 'claude', type: 'anthropic', api_key: 'sim-key', base_url: '${SIM}' },
    ],
    models: [
      { name: 'small', targets: [{ provider: 'sim', model: 'sim-small' }] },
      { name: 'claude', targets: [{ provider: 'claude', model: 'claude-sonnet-4-5' }] },
    ],
    extra: { server: { host: '127.0.0.1', port: 0, body_limit_bytes: LIMIT } },
  });
  url = `${stack.url}/v1/responses`;
});
afterAll(async () => stack?.close());

const valid = { model: 'small', input: 'hello' };

describe('the valid baseline', () => {
  it('answers a well-formed body with 200', async () => {
    const res = await postJson(url, valid);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ object: 'response', status: 'completed' });
  });
});

describe('malformed bodies', () => {
  it.each([
    ['truncated JSON', '{"model":"small","input":['],
    ['not JSON at all', 'hello there'],
    ['an empty body', ''],
  ])('answers 400 invalid_json for %s', async (_name, body) => {
    expectOpenAIError(await send(url, { body }), 400, 'invalid_json');
  });

  it.each([[[]], ['a string'], [42], [null]])('answers 400 invalid_request for the body %j', async (body) => {
    expectOpenAIError(await postJson(url, body), 400, 'invalid_request');
  });
});

describe('wrong types and values', () => {
  it.each([
    [{ input: 'x' }, 'model'],
    [{ model: 7, input: 'x' }, 'model'],
    [{ model: 'small', input: 7 }, 'input'],
    [{ model: 'small', input: [] }, 'input'],
    [{ ...valid, temperature: 'hot' }, 'temperature'],
    [{ ...valid, max_output_tokens: 4 }, 'max_output_tokens'],
    [{ ...valid, stream: 'true' }, 'stream'],
    [{ ...valid, tools: { type: 'function' } }, 'tools'],
    [{ ...valid, tools: [{ type: 'function', name: 'has space' }] }, 'tools[0].name'],
    [{ ...valid, text: { format: { type: 'json_schema', name: 'x' } } }, 'text.format.schema'],
    [{ ...valid, reasoning: { effort: 'ultra' } }, 'reasoning.effort'],
    [{ model: 'small', input: [{ role: 'user', content: [{ type: 'input_text', text: 5 }] }] }, 'input[0].content[0].text'],
    [{ model: 'small', input: [{ type: 'function_call_output', output: 'x' }] }, 'input[0].call_id'],
    [
      { model: 'small', input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'data:image/png;base64,%%%' }] }] },
      'input[0].content[0].image_url',
    ],
  ])('answers 400 for %j naming %s', async (body, param) => {
    const res = await postJson(url, body);
    expect(res.status, res.text).toBe(400);
    expect((res.json as { error: { param: string } }).error.param).toBe(param);
  });

  it('refuses an unknown field for a provider without a Responses API, naming it and the provider', async () => {
    const { error } = expectOpenAIError(await postJson(url, { model: 'claude', input: 'x', frobnicate: true }), 400, 'unsupported_parameter');
    expect(error.param).toBe('frobnicate');
    expect(error.message).toContain("'claude'");
  });

  it("sends an unknown field to a provider's own Responses API, which answers for it", async () => {
    const { error } = expectOpenAIError(await postJson(url, { ...valid, frobnicate: true }), 400, 'upstream_bad_request');
    expect(error.message).toContain('frobnicate');
    expect(error.message).toContain("'sim'");
  });

  it('refuses a built-in tool and a built-in tool item for a provider without a Responses API', async () => {
    const tool = expectOpenAIError(
      await postJson(url, { model: 'claude', input: 'x', tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }] }),
      400,
      'unsupported_parameter',
    );
    expect(tool.error.message).toBe("Parameter 'tools' (built-in tool 'file_search') is not supported by provider 'claude'.");
    const item = expectOpenAIError(
      await postJson(url, {
        model: 'claude',
        input: [
          { type: 'web_search_call', id: 'ws_1', status: 'completed' },
          { role: 'user', content: 'x' },
        ],
      }),
      400,
      'unsupported_parameter',
    );
    expect(item.error.param).toBe('input');
  });

  it('refuses what the gateway cannot carry whatever the provider', async () => {
    expectOpenAIError(await postJson(url, { ...valid, background: true }), 400, 'unsupported_parameter');
    expectOpenAIError(await postJson(url, { ...valid, conversation: 'conv_1' }), 400, 'unsupported_parameter');
  });

  it('answers 404 for an unknown model and for a previous response it never stored', async () => {
    expectOpenAIError(await postJson(url, { model: 'nope', input: 'x' }), 404, 'model_not_found');
    const { error } = expectOpenAIError(await postJson(url, { ...valid, previous_response_id: 'resp_nope' }), 404, 'response_not_found');
    expect(error.type).toBe('not_found_error');
    expect(error.param).toBe('previous_response_id');
  });
});

describe('limits, content type and routing', () => {
  it('answers 413 body_too_large for a body over the limit', async () => {
    const res = await postJson(url, { ...valid, input: 'x'.repeat(LIMIT) });
    expectOpenAIError(res, 413, 'body_too_large');
  });

  it('answers 415 for a body that is not declared JSON', async () => {
    expectOpenAIError(await send(url, { body: JSON.stringify(valid), contentType: 'text/plain' }), 415, 'unsupported_media_type');
    expectOpenAIError(await send(url, { body: JSON.stringify(valid), contentType: null }), 415, 'unsupported_media_type');
  });

  it('answers 405 with an Allow header for another method', async () => {
    const res = await send(url, { method: 'GET' });
    expectOpenAIError(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('POST');
  });
});

const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
const BASES = [
  valid,
  { model: 'small', stream: true, instructions: 'be brief', input: 'one two' },
  {
    model: 'small',
    max_output_tokens: 64,
    input: [
      {
        role: 'user',
        content: [
          { type: 'input_text', text: 'look' },
          { type: 'input_image', image_url: `data:image/png;base64,${PIXEL}`, detail: 'auto' },
        ],
      },
    ],
  },
  {
    model: 'claude',
    tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    tool_choice: 'auto',
    reasoning: { effort: 'low', summary: 'auto' },
    text: { format: { type: 'json_object' } },
    input: [
      { role: 'user', content: 'weather?' },
      { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'hmm' }] },
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
    ],
  },
];

describe('fuzzing /v1/responses', () => {
  it('answers 1500 random or mutated bodies well-formed, and stays up', async () => {
    const bodies = fc.sample(fuzzBodies(...BASES), { numRuns: 1500, seed: 0x5e5105 });
    const stats = await runFuzz(url, bodies, 'openai');
    expect(stats.ok).toBeGreaterThan(30);
    expect(stats.streams).toBeGreaterThan(3);
    expect(stats.errors).toBeGreaterThan(300);
    expect((await postJson(url, valid)).status).toBe(200);
  });
});

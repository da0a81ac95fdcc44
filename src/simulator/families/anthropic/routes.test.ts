import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../server.js';
import { signThinking } from './signature.js';

// biome-ignore lint/suspicious/noExplicitAny: wire bodies are read loosely in assertions
type Loose = any;

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const HEADERS = { 'content-type': 'application/json', 'x-api-key': 'sk-sim', 'anthropic-version': '2023-06-01' };
const base = { model: 'claude-sonnet-4-5', max_tokens: 256, messages: [{ role: 'user', content: 'Hello' }] };
const weatherTool = { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };

async function post(body: unknown, headers: Record<string, string> = HEADERS, path = '/v1/messages') {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  let json: Loose;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

async function expectInvalid(body: unknown, message: string | RegExp) {
  const res = await post(body);
  expect(res.status).toBe(400);
  expect(res.json.type).toBe('error');
  expect(res.json.error.type).toBe('invalid_request_error');
  expect(res.json.request_id).toMatch(/^req_/);
  if (typeof message === 'string') expect(res.json.error.message).toBe(message);
  else expect(res.json.error.message).toMatch(message);
}

function parseSse(text: string): Array<{ event: string; data: Loose }> {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((chunk) => {
      const [eventLine, dataLine] = chunk.split('\n');
      return { event: eventLine!.replace(/^event: /, ''), data: JSON.parse(dataLine!.replace(/^data: /, '')) };
    });
}

describe('anthropic simulator: headers', () => {
  it('requires an API key (x-api-key or Bearer)', async () => {
    const res = await post(base, { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ type: 'error', error: { type: 'authentication_error', message: 'x-api-key header is required' } });
    const bearer = await post(base, { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', authorization: 'Bearer tok' });
    expect(bearer.status).toBe(200);
  });

  it('requires anthropic-version', async () => {
    const res = await post(base, { 'content-type': 'application/json', 'x-api-key': 'k' });
    expect(res.status).toBe(400);
    expect(res.json.error).toEqual({ type: 'invalid_request_error', message: 'anthropic-version: header is required' });
  });

  it('is not served under an OpenAI-compatible flavor prefix', async () => {
    const res = await post(base, HEADERS, '/mistral/v1/messages');
    expect(res.status).toBe(404);
    expect(res.json.error.type).toBe('not_found_error');
  });
});

describe('anthropic simulator: body validation', () => {
  it('rejects missing and malformed top-level fields', async () => {
    await expectInvalid({ ...base, model: undefined }, 'model: Field required');
    await expectInvalid({ ...base, max_tokens: undefined }, 'max_tokens: Field required');
    await expectInvalid({ ...base, max_tokens: 0 }, 'max_tokens: Input should be greater than or equal to 1');
    await expectInvalid({ ...base, messages: undefined }, 'messages: Field required');
    await expectInvalid({ ...base, seed: 1 }, 'seed: Extra inputs are not permitted');
    await expectInvalid({ ...base, temperature: 1.5 }, /^temperature: /);
    await expectInvalid({ ...base, metadata: { user_id: 'u', tag: 1 } }, 'metadata.tag: Extra inputs are not permitted');
  });

  it('rejects bad roles, empty content and empty text blocks', async () => {
    await expectInvalid({ ...base, messages: [{ role: 'system', content: 'x' }] }, "messages.0.role: Input should be 'user' or 'assistant'");
    await expectInvalid({ ...base, messages: [{ role: 'user', content: [] }] }, /^messages\.0: all messages must have non-empty content/);
    await expectInvalid({ ...base, messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] }, /text content blocks must be non-empty/);
  });

  it('merges consecutive same-role turns instead of rejecting them', async () => {
    const res = await post({
      ...base,
      messages: [
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
      ],
    });
    expect(res.status).toBe(200);
  });

  it('rejects prefill on models that no longer support it', async () => {
    const messages = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Sure' },
    ];
    expect((await post({ ...base, messages })).status).toBe(200);
    await expectInvalid({ ...base, model: 'claude-opus-4-7', messages }, /does not support assistant message prefill/);
  });

  it('checks image sources and that the bytes match the media type', async () => {
    const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const image = (source: unknown) => ({
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source },
            { type: 'text', text: 'What?' },
          ],
        },
      ],
    });
    expect((await post(image({ type: 'base64', media_type: 'image/png', data: png }))).status).toBe(200);
    expect((await post(image({ type: 'url', url: 'https://example.com/a.png' }))).status).toBe(200);
    await expectInvalid(image({ type: 'base64', media_type: 'image/jpeg', data: png }), /does not match the provided media type image\/jpeg/);
    await expectInvalid(image({ type: 'base64', media_type: 'image/png', data: `data:image/png;base64,${png}` }), /Invalid base64/);
    await expectInvalid(image({ type: 'base64', media_type: 'image/bmp', data: png }), /media_type/);
  });

  it('enforces the tool_use / tool_result pairing rules', async () => {
    const assistant = { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] };
    const result = (id: string) => ({ type: 'tool_result', tool_use_id: id, content: '18C' });
    const convo = (last: unknown[]) => ({
      ...base,
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'Weather?' }, assistant, { role: 'user', content: last }],
    });
    expect((await post(convo([result('toolu_1'), { type: 'text', text: 'thanks' }]))).status).toBe(200);
    await expectInvalid(convo([result('toolu_x')]), /^messages\.2\.content\.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_x/);
    await expectInvalid(
      convo([{ type: 'text', text: 'no result' }]),
      /^messages\.2: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_1/,
    );
    await expectInvalid(convo([{ type: 'text', text: 'first' }, result('toolu_1')]), /^messages\.2: Did not find 1 `tool_result` block\(s\) at the beginning/);
    const { tools: _tools, ...noTools } = convo([result('toolu_1')]);
    await expectInvalid(noTools, 'Requests which include `tool_use` or `tool_result` blocks must define tools.');
  });

  it('enforces the thinking rules', async () => {
    await expectInvalid(
      { ...base, thinking: { type: 'enabled', budget_tokens: 500 } },
      'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024',
    );
    await expectInvalid({ ...base, thinking: { type: 'enabled', budget_tokens: 1024 } }, /^`max_tokens` must be greater than `thinking.budget_tokens`/);
    const on = { ...base, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 } };
    await expectInvalid({ ...on, temperature: 0.5 }, /^`temperature` may only be set to 1 when thinking is enabled/);
    await expectInvalid({ ...on, tools: [weatherTool], tool_choice: { type: 'any' } }, 'Thinking may not be enabled when tool_choice forces tool use.');
    const forged = [
      { role: 'user', content: 'Q' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'edited', signature: signThinking('original') },
          { type: 'text', text: 'A' },
        ],
      },
      { role: 'user', content: 'Q2' },
    ];
    await expectInvalid({ ...on, messages: forged }, 'messages.1.content.0: Invalid `signature` in `thinking` block');
    const loop = [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '18C' }] },
    ];
    await expectInvalid(
      { ...on, tools: [weatherTool], messages: loop },
      /^messages\.1\.content\.0\.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`/,
    );
  });
});

describe('anthropic simulator: replies', () => {
  it('answers with a message, thinking first and signed', async () => {
    const res = await post({ ...base, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 1024 }, system: 'Be nice.' });
    expect(res.status).toBe(200);
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    const body = res.json;
    expect(body).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', stop_reason: 'end_turn', stop_sequence: null });
    expect(body.id).toMatch(/^msg_/);
    expect(body.content[0].type).toBe('thinking');
    expect(body.content[0].signature).toBe(signThinking(body.content[0].thinking));
    expect(body.content[1]).toMatchObject({ type: 'text', text: expect.stringContaining('Simulated reply to: Hello') });
    expect(body.usage).toMatchObject({ input_tokens: expect.any(Number), output_tokens: expect.any(Number), cache_read_input_tokens: 0 });
  });

  it('streams the exact event sequence: ping, thinking with signature_delta, tool_use in >= 2 fragments', async () => {
    const res = await post({
      ...base,
      stream: true,
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'Use get_weather please' }],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.text.endsWith('\n\n')).toBe(true);
    const events = parseSse(res.text);
    for (const e of events) expect(e.data.type).toBe(e.event);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('message_start');
    expect(names[1]).toBe('content_block_start');
    expect(names[2]).toBe('ping');
    expect(names.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(events[1]!.data.content_block).toEqual({ type: 'thinking', thinking: '', signature: '' });
    const thinkingDeltas = events.filter((e) => e.data.index === 0 && e.event === 'content_block_delta').map((e) => e.data.delta);
    expect(thinkingDeltas.at(-1).type).toBe('signature_delta');
    const thinking = thinkingDeltas
      .filter((d) => d.type === 'thinking_delta')
      .map((d) => d.thinking)
      .join('');
    expect(thinkingDeltas.at(-1).signature).toBe(signThinking(thinking));
    const toolStart = events.find((e) => e.event === 'content_block_start' && e.data.content_block.type === 'tool_use')!;
    expect(toolStart.data.index).toBe(1);
    expect(toolStart.data.content_block).toMatchObject({ name: 'get_weather', input: {} });
    expect(toolStart.data.content_block.id).toMatch(/^toolu_/);
    const fragments = events.filter((e) => e.data.index === 1 && e.data.delta?.type === 'input_json_delta').map((e) => e.data.delta.partial_json);
    expect(fragments.filter((f: string) => f !== '').length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(fragments.join(''))).toEqual({ city: 'sample city' });
    expect(events.at(-2)!.data).toMatchObject({ delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: expect.any(Number) } });
  });

  it('renders faults in Anthropic shape: 429 with retry-after, 529 overloaded', async () => {
    const limited = await post({ ...base, messages: [{ role: 'user', content: 'Hi [[sim fault=429 retry_after=3]]' }] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.json.error.type).toBe('rate_limit_error');
    const overloaded = await post(base, { ...HEADERS, 'x-sim-scenario': 'fault=529' });
    expect(overloaded.status).toBe(529);
    expect(overloaded.json.error).toEqual({ type: 'overloaded_error', message: 'Overloaded' });
  });

  it('speaks the official Anthropic SDK wire: create and stream accumulate the same message', async () => {
    const client = new Anthropic({ apiKey: 'sk-sim', baseURL: sim.url, maxRetries: 0 });
    const params = {
      model: 'claude-sonnet-4-5',
      max_tokens: 300,
      tools: [weatherTool as Anthropic.Tool],
      messages: [{ role: 'user' as const, content: 'Call get_weather now' }],
    };
    const created = await client.messages.create(params);
    const streamed = await client.messages.stream(params).finalMessage();
    expect(created.stop_reason).toBe('tool_use');
    expect(streamed.content).toEqual(created.content);
    expect(streamed.stop_reason).toBe('tool_use');
    expect(streamed.usage.output_tokens).toBe(created.usage.output_tokens);
    await expect(client.messages.create({ ...params, max_tokens: 0 })).rejects.toBeInstanceOf(Anthropic.BadRequestError);
  });
});

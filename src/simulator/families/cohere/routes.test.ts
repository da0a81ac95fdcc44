/** The Cohere family validates like the real API and speaks its exact wire shapes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../server.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const AUTH = { authorization: 'Bearer test-key', 'content-type': 'application/json' };

/** Parsed wire bodies are probed ad hoc in assertions. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Wire = Record<string, any>;

async function post(path: string, body: unknown, headers: Record<string, string> = AUTH) {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Wire };
}

const hello = { model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Hello' }] };
const tool = { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } };

describe('Cohere simulator: /v2/chat validation', () => {
  it('requires a Bearer key and answers 401 in Cohere shape', async () => {
    const none = await post('/v2/chat', hello, { 'content-type': 'application/json' });
    expect(none.status).toBe(401);
    expect(none.json()).toEqual({ id: expect.any(String), message: 'no api key supplied' });
    const wrongScheme = await post('/v2/chat', hello, { 'content-type': 'application/json', authorization: 'Token abc' });
    expect(wrongScheme.status).toBe(401);
  });

  it.each([
    ['missing model', { messages: hello.messages }, 400, /model is required/],
    ['missing messages', { model: 'command-a-03-2025' }, 400, /messages is required/],
    ['empty messages', { ...hello, messages: [] }, 400, /non-empty/],
    ['bad role', { ...hello, messages: [{ role: 'developer', content: 'x' }] }, 400, /role must be one of/],
    ['OpenAI top_p', { ...hello, top_p: 0.5 }, 422, /unknown field: parameter top_p is not a valid field/],
    ['OpenAI stop', { ...hello, stop: ['x'] }, 422, /parameter stop is not/],
    ['user name', { ...hello, messages: [{ role: 'user', content: 'x', name: 'ann' }] }, 422, /parameter name is not/],
    ['lowercase tool_choice', { ...hello, tools: [tool], tool_choice: 'required' }, 400, /tool_choice/],
    ['p out of range', { ...hello, p: 1 }, 400, /p must be a number between 0.01 and 0.99/],
    ['k not integer', { ...hello, k: 1.5 }, 400, /k must be an integer/],
    ['penalty above 1', { ...hello, frequency_penalty: 1.5 }, 400, /frequency_penalty/],
    ['six stop sequences', { ...hello, stop_sequences: ['a', 'b', 'c', 'd', 'e', 'f'] }, 400, /at most 5/],
    ['json with tools', { ...hello, tools: [tool], response_format: { type: 'json_object' } }, 400, /in combination/],
    ['json_schema wrapper', { ...hello, response_format: { type: 'json_schema' } }, 400, /response_format.type/],
    ['tool strict', { ...hello, tools: [{ ...tool, function: { ...tool.function, strict: true } }] }, 422, /parameter strict/],
    [
      'image in system',
      { ...hello, messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://e.com/a.png' } }] }, ...hello.messages] },
      400,
      /not valid for role 'system'/,
    ],
    ['empty user turn', { ...hello, messages: [{ role: 'user', content: '' }] }, 400, /at least 1 token/],
    ['thinking type', { ...hello, thinking: { type: 'on' } }, 400, /thinking.type/],
  ])('rejects %s', async (_name, body, status, message) => {
    const res = await post('/v2/chat', body);
    expect(res.status).toBe(status);
    expect(res.json().message).toMatch(message);
  });

  it('rejects invalid JSON', async () => {
    const res = await post('/v2/chat', '{"model":');
    expect(res.status).toBe(400);
    expect(res.json().message).toMatch(/invalid json/);
  });

  it('requires tool_call_id to match an earlier assistant tool call', async () => {
    const messages = [
      { role: 'user', content: 'look up x' },
      { role: 'assistant', tool_plan: 'I will look.', tool_calls: [{ id: 'lookup_1', type: 'function', function: { name: 'lookup', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'lookup_2', content: 'result' },
    ];
    const bad = await post('/v2/chat', { ...hello, tools: [tool], messages });
    expect(bad.status).toBe(400);
    expect(bad.json().message).toMatch(/lookup_2/);
    messages[2] = { role: 'tool', tool_call_id: 'lookup_1', content: [{ type: 'document', document: { data: '{"x":1}' } }] } as never;
    const ok = await post('/v2/chat', { ...hello, tools: [tool], messages });
    expect(ok.status).toBe(200);
    expect(ok.json().message.content[0].text).toBe('Tool results received: {"x":1}');
  });
});

describe('Cohere simulator: /v2/chat replies', () => {
  it('answers in the v2 JSON shape', async () => {
    const res = await post('/v2/chat', hello);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      message: { role: 'assistant', content: [{ type: 'text', text: 'Simulated reply to: Hello' }] },
      finish_reason: 'COMPLETE',
      usage: { billed_units: { input_tokens: 2, output_tokens: 4 }, tokens: { input_tokens: 2, output_tokens: 4 } },
    });
  });

  it('renders tool calls with Cohere-style ids and a tool plan', async () => {
    const res = await post('/v2/chat', { ...hello, messages: [{ role: 'user', content: 'please lookup' }], tools: [tool] });
    const body = res.json();
    expect(body.finish_reason).toBe('TOOL_CALL');
    expect(body.message.tool_plan).toBe('I will use lookup.');
    expect(body.message.tool_calls).toEqual([
      { id: expect.stringMatching(/^lookup_/), type: 'function', function: { name: 'lookup', arguments: '{"q":"sample q"}' } },
    ]);
  });

  it('streams the exact SSE event sequence with event: and data: lines', async () => {
    const res = await post('/v2/chat', { ...hello, stream: true });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const blocks = res.text.split('\n\n').filter(Boolean);
    expect(blocks.at(-1)).toBe('data: [DONE]');
    const events = blocks.slice(0, -1).map((block) => {
      const [eventLine, dataLine, ...rest] = block.split('\n');
      expect(rest).toEqual([]);
      const name = eventLine!.replace(/^event: /, '');
      const data = JSON.parse(dataLine!.replace(/^data: /, ''));
      expect(data.type).toBe(name);
      return data;
    });
    expect(events.map((e) => e.type)).toEqual([
      'message-start',
      'content-start',
      'content-delta',
      'content-delta',
      'content-delta',
      'content-delta',
      'content-end',
      'message-end',
    ]);
    expect(events[0].delta).toEqual({ message: { role: 'assistant' } });
    expect(events[1]).toEqual({ type: 'content-start', index: 0, delta: { message: { content: { type: 'text', text: '' } } } });
    expect(
      events
        .slice(2, 6)
        .map((e) => e.delta.message.content.text)
        .join(''),
    ).toBe('Simulated reply to: Hello');
    expect(events[7].delta).toEqual({
      finish_reason: 'COMPLETE',
      usage: { billed_units: { input_tokens: 2, output_tokens: 4 }, tokens: { input_tokens: 2, output_tokens: 4 } },
    });
  });

  it('streams tool calls as single objects with an event-level index', async () => {
    const res = await post('/v2/chat', { ...hello, stream: true, messages: [{ role: 'user', content: 'lookup' }], tools: [tool] });
    const data = res.text
      .split('\n')
      .filter((l) => l.startsWith('data: {'))
      .map((l) => JSON.parse(l.slice(6)));
    const start = data.find((d) => d.type === 'tool-call-start');
    expect(start.index).toBe(0);
    expect(Array.isArray(start.delta.message.tool_calls)).toBe(false);
    expect(start.delta.message.tool_calls).toMatchObject({ type: 'function', function: { name: 'lookup', arguments: '' } });
    const args = data.filter((d) => d.type === 'tool-call-delta').map((d) => d.delta.message.tool_calls.function.arguments);
    expect(args.length).toBe(2);
    expect(args.join('')).toBe('{"q":"sample q"}');
    expect(data.at(-1).delta.finish_reason).toBe('TOOL_CALL');
  });

  it('answers a 429 fault in Cohere shape with retry-after', async () => {
    const res = await post('/v2/chat', { ...hello, stream: true }, { ...AUTH, 'x-sim-scenario': 'fault=429 retry_after=5' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.json()).toEqual({ id: expect.any(String), message: 'Simulated 429 error.' });
  });
});

describe('Cohere simulator: /v2/embed', () => {
  it('requires input_type for v3+ models and validates output_dimension', async () => {
    const noType = await post('/v2/embed', { model: 'embed-english-v3.0', texts: ['a'] });
    expect(noType.status).toBe(400);
    expect(noType.json().message).toMatch(/input_type is required/);
    const dimV3 = await post('/v2/embed', { model: 'embed-english-v3.0', input_type: 'search_query', texts: ['a'], output_dimension: 256 });
    expect(dimV3.status).toBe(400);
    const badDim = await post('/v2/embed', { model: 'embed-v4.0', input_type: 'search_query', texts: ['a'], output_dimension: 300 });
    expect(badDim.status).toBe(400);
    const unknown = await post('/v2/embed', { model: 'embed-v4.0', input_type: 'search_query', input: ['a'] });
    expect(unknown.status).toBe(422);
    const tooMany = await post('/v2/embed', { model: 'embed-v4.0', input_type: 'search_query', texts: Array(97).fill('a') });
    expect(tooMany.status).toBe(400);
  });

  it('returns embeddings by type, aligned with the texts, and billed units', async () => {
    const res = await post('/v2/embed', {
      model: 'embed-v4.0',
      input_type: 'search_document',
      texts: ['hello', 'goodbye'],
      embedding_types: ['float', 'int8'],
      output_dimension: 512,
    });
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.response_type).toBe('embeddings_by_type');
    expect(body.texts).toEqual(['hello', 'goodbye']);
    expect(body.embeddings.float).toHaveLength(2);
    expect(body.embeddings.float[0]).toHaveLength(512);
    expect(body.embeddings.int8[1]).toHaveLength(512);
    expect(body.meta).toEqual({ api_version: { version: '2' }, billed_units: { input_tokens: 4 } });
    const again = (await post('/v2/embed', { model: 'embed-v4.0', input_type: 'search_document', texts: ['hello'] })).json();
    expect(again.embeddings.float[0]).toHaveLength(1536);
    expect(again.embeddings.float[0].slice(0, 512)).toEqual(body.embeddings.float[0].slice(0, 512));
  });
});

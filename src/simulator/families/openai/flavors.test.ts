/** The OpenAI family's per-flavor wire behaviour, checked over HTTP against the in-process simulator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../server.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

// biome-ignore lint/suspicious/noExplicitAny: the tests read arbitrary wire JSON by path.
type Obj = Record<string, any>;

async function post(
  path: string,
  body: Obj,
  headers: Record<string, string> = { authorization: 'Bearer k' },
): Promise<{ status: number; json: Obj; text: string }> {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let json: Obj = {};
  try {
    json = JSON.parse(text);
  } catch {
    // a stream
  }
  return { status: res.status, json, text };
}

/** The JSON payloads of an SSE body, and its comment lines. */
function sse(text: string): { data: Obj[]; comments: string[] } {
  const lines = text.split('\n');
  return {
    data: lines.filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]').map((l) => JSON.parse(l.slice(6))),
    comments: lines.filter((l) => l.startsWith(':')),
  };
}

const chat = (extra: Obj = {}) => ({ model: 'm', messages: [{ role: 'user', content: 'Hello' }], ...extra });
const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];

describe('OpenAI flavor stays OpenAI', () => {
  it('hides reasoning and sends no usage chunk unless asked', async () => {
    const body = await post('/v1/chat/completions', chat({ reasoning_effort: 'high' }));
    expect(body.json.choices[0].message.reasoning_content).toBeUndefined();
    const stream = sse((await post('/v1/chat/completions', chat({ stream: true }))).text);
    expect(stream.data.every((c) => !('usage' in c))).toBe(true);
    expect(stream.comments).toEqual([]);
  });

  it('refuses random_seed, which only some flavors accept', async () => {
    expect((await post('/v1/chat/completions', chat({ random_seed: 1 }))).status).toBe(400);
  });
});

describe('mistral flavor', () => {
  it('answers unknown fields with 422 FastAPI details and bad tool-call ids with its flat error', async () => {
    const extra = await post('/mistral/v1/chat/completions', chat({ seed: 1 }));
    expect(extra.status).toBe(422);
    expect(extra.json).toEqual({ detail: [{ type: 'extra_forbidden', loc: ['body', 'seed'], msg: 'Extra inputs are not permitted', input: 1 }] });
    const name = await post('/mistral/v1/chat/completions', chat({ messages: [{ role: 'user', content: 'x', name: 'n' }] }));
    expect(name.json.detail[0].loc).toEqual(['body', 'messages', 0, 'user', 'name']);
    const ids = await post(
      '/mistral/v1/chat/completions',
      chat({
        tools,
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_abc', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'call_abc', content: 'sunny' },
        ],
      }),
    );
    expect(ids.status).toBe(400);
    expect(ids.json).toEqual({
      object: 'error',
      message: 'Tool call id was call_abc but must be a-z, A-Z, 0-9, with a length of 9.',
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  });

  it("accepts tool_choice 'any' and random_seed; mints 9-character ids; usage on the final chunk", async () => {
    const res = await post('/mistral/v1/chat/completions', chat({ tools, tool_choice: 'any', random_seed: 3, stream: true }));
    const { data } = sse(res.text);
    const call = data.flatMap((c) => c.choices[0]?.delta?.tool_calls ?? []).find((c: Obj) => c.id);
    expect(call.id).toMatch(/^[a-zA-Z0-9]{9}$/);
    const last = data.at(-1)!;
    expect(last.choices[0].finish_reason).toBe('tool_calls');
    expect(last.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
  });

  it('returns reasoning as thinking chunks of an array content', async () => {
    const res = await post('/mistral/v1/chat/completions', chat({ prompt_mode: 'reasoning' }));
    expect(res.json.choices[0].message.content[0]).toEqual({ type: 'thinking', thinking: [{ type: 'text', text: 'Considering the request: Hello' }] });
    expect(res.json.choices[0].message.content[1].type).toBe('text');
  });
});

describe('other flavors', () => {
  it('groq: 400 for messages[].name and stream_options; usage in x_groq of the last chunk', async () => {
    expect((await post('/groq/openai/v1/chat/completions', chat({ messages: [{ role: 'user', content: 'x', name: 'n' }] }))).status).toBe(400);
    expect((await post('/groq/openai/v1/chat/completions', chat({ stream: true, stream_options: { include_usage: true } }))).status).toBe(400);
    const { data } = sse((await post('/groq/openai/v1/chat/completions', chat({ stream: true }))).text);
    expect(data[0]!.x_groq.id).toMatch(/^req_/);
    expect(data.at(-1)!.x_groq.usage).toMatchObject({ prompt_tokens: expect.any(Number), queue_time: expect.any(Number) });
  });

  it('together: eos finish and usage on the last chunk', async () => {
    const { data } = sse((await post('/together/v1/chat/completions', chat({ stream: true }))).text);
    expect(data.at(-1)!.choices[0].finish_reason).toBe('eos');
    expect(data.at(-1)!.usage.total_tokens).toBeGreaterThan(0);
  });

  it('deepseek: keep-alive comments, cache-hit usage, reasoning_content required back in thinking mode', async () => {
    const res = await post('/deepseek/chat/completions', chat({ stream: true, stream_options: { include_usage: true } }));
    expect(sse(res.text).comments).toEqual([': keep-alive']);
    const body = await post('/deepseek/chat/completions', chat({ model: 'deepseek-reasoner' }));
    expect(body.json.usage).toMatchObject({ prompt_cache_hit_tokens: 0, prompt_cache_miss_tokens: body.json.usage.prompt_tokens });
    expect(body.json.choices[0].message.reasoning_content).toBe('Considering the request: Hello');
    const turns = [
      { role: 'user', content: 'x' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
    ];
    expect((await post('/deepseek/chat/completions', chat({ model: 'deepseek-reasoner', tools, messages: turns }))).status).toBe(400);
    expect((await post('/deepseek/chat/completions', chat({ model: 'deepseek-chat', tools, messages: turns }))).status).toBe(200);
  });

  it('openrouter: processing comments and an always-sent usage message', async () => {
    const { data, comments } = sse((await post('/openrouter/api/v1/chat/completions', chat({ stream: true }))).text);
    expect(comments).toEqual([': OPENROUTER PROCESSING']);
    expect(data.at(-1)).toMatchObject({ choices: [], usage: { cost: expect.any(Number) } });
  });

  it('perplexity: citations, <think> tags for reasoning models, alternation rule, refused tools', async () => {
    const res = await post('/perplexity/chat/completions', chat({ model: 'sonar-reasoning' }));
    expect(res.json.citations).toHaveLength(1);
    expect(res.json.choices[0].message.content).toMatch(/^<think>Considering the request: Hello<\/think>\n\nSimulated reply/);
    const twoUsers = chat({
      messages: [
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
      ],
    });
    expect((await post('/perplexity/chat/completions', twoUsers)).status).toBe(400);
    expect((await post('/perplexity/chat/completions', chat({ tools }))).status).toBe(400);
  });

  it('xai: reasoning models refuse stop; grok-4 refuses reasoning_effort', async () => {
    expect((await post('/xai/v1/chat/completions', chat({ model: 'grok-4', stop: ['x'] }))).status).toBe(400);
    expect((await post('/xai/v1/chat/completions', chat({ model: 'grok-3', stop: ['x'] }))).status).toBe(200);
    expect((await post('/xai/v1/chat/completions', chat({ model: 'grok-4', reasoning_effort: 'low' }))).status).toBe(400);
  });

  it('ollama and friends need no key; ollama refuses remote image URLs', async () => {
    expect((await post('/ollama/v1/chat/completions', chat(), {})).status).toBe(200);
    expect((await post('/vllm/v1/chat/completions', chat(), {})).status).toBe(200);
    expect((await post('/groq/openai/v1/chat/completions', chat(), {})).status).toBe(401);
    const image = chat({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://e.com/a.png' } }] }] });
    expect((await post('/ollama/v1/chat/completions', image, {})).json.error.message).toContain('image URLs are not currently supported');
  });
});

describe('azure flavor', () => {
  const url = (version: string) => `/azure/openai/deployments/dep/chat/completions?api-version=${version}`;

  it('annotates prompts and completions with content-filter results', async () => {
    const res = await post(url('2024-10-21'), { messages: [{ role: 'user', content: 'Hello' }] }, { 'api-key': 'k' });
    expect(res.json.prompt_filter_results[0].content_filter_results.hate).toEqual({ filtered: false, severity: 'safe' });
    expect(res.json.choices[0].content_filter_results).toBeDefined();
    const { data } = sse((await post(url('2024-10-21'), { stream: true, messages: [{ role: 'user', content: 'Hello' }] }, { 'api-key': 'k' })).text);
    expect(data[0]).toMatchObject({ id: '', choices: [], prompt_filter_results: expect.any(Array) });
    expect(data.at(-1)).toMatchObject({ id: '', choices: [{ finish_reason: null, content_filter_results: expect.any(Object) }] });
  });

  it('refuses fields newer than the api-version and filters prompts on request', async () => {
    const streamOptions = { stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'x' }] };
    expect((await post(url('2024-10-21'), streamOptions, { 'api-key': 'k' })).status).toBe(400);
    expect((await post(url('2024-09-01-preview'), streamOptions, { 'api-key': 'k' })).status).toBe(200);
    const filtered = await post(url('2024-10-21'), { messages: [{ role: 'user', content: 'x [[sim fault=content_filter]]' }] }, { 'api-key': 'k' });
    expect(filtered.status).toBe(400);
    expect(filtered.json.error).toMatchObject({ code: 'content_filter', param: 'prompt', innererror: { code: 'ResponsibleAIPolicyViolation' } });
  });
});

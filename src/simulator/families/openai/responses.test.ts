/** The simulator's Responses API: validation like OpenAI's, response objects, the typed event stream, faults, Azure paths. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../server.js';
import { sealReasoning } from './encrypted-reasoning.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const AUTH = { authorization: 'Bearer sk-test', 'content-type': 'application/json' };

/** Parsed wire bodies are probed ad hoc in assertions. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Wire = Record<string, any>;

async function post(path: string, body: unknown, headers: Record<string, string> = AUTH) {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Wire };
}

/** The SSE events of a streamed answer: event name and parsed data. */
function events(text: string): Array<{ event: string; data: Wire }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)![1]!;
      const data = JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as Wire;
      return { event, data };
    });
}

const hello = { model: 'gpt-5', instructions: 'Be brief.', input: 'Hello', store: false };
const weather = {
  type: 'function',
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

describe('Responses simulator: validation', () => {
  it.each([
    ['no model', { input: 'hi' }, 400, "Missing required parameter: 'model'."],
    ['no input', { model: 'gpt-5' }, 400, "Missing required parameter: 'input'."],
    ['a Chat Completions field', { ...hello, response_format: { type: 'json_object' } }, 400, /moved to 'text\.format'/],
    ['max_tokens', { ...hello, max_tokens: 20 }, 400, /moved to 'max_output_tokens'/],
    ['an unknown field', { ...hello, stop: ['x'] }, 400, "Unknown parameter: 'stop'."],
    ['max_output_tokens below 16', { ...hello, max_output_tokens: 5 }, 400, /Expected a value >= 16, but got 5/],
    ['a nested function tool', { ...hello, tools: [{ type: 'function', function: { name: 'f' } }] }, 400, "Unknown parameter: 'tools[0].function'."],
    [
      'a strict tool whose schema is open',
      { ...hello, tools: [{ type: 'function', name: 'f', parameters: { type: 'object', properties: { a: { type: 'string' } } } }] },
      400,
      "Invalid schema for function 'f': In context=(), 'additionalProperties' is required to be supplied and to be false.",
    ],
    ['an unknown tool type', { ...hello, tools: [{ type: 'browser' }] }, 400, /Invalid value: 'browser'/],
    ['a bad reasoning effort', { ...hello, reasoning: { effort: 'max' } }, 400, /Invalid value: 'max'/],
    ['an unknown include', { ...hello, include: ['everything'] }, 400, /Invalid value: 'everything'/],
    ['text.format json_schema without a name', { ...hello, text: { format: { type: 'json_schema', schema: {} } } }, 400, /'text\.format\.name'/],
    [
      'input_text in an assistant message',
      { ...hello, input: [{ role: 'assistant', content: [{ type: 'input_text', text: 'x' }] }] },
      400,
      "Invalid value: 'input_text'. Supported values are: 'output_text', 'refusal'.",
    ],
    [
      'a tool output without its call',
      { ...hello, input: [{ type: 'function_call_output', call_id: 'call_x', output: 'r' }] },
      400,
      'No tool call found for function call output with call_id call_x.',
    ],
    [
      'a reasoning item without encrypted content',
      { ...hello, input: [{ type: 'reasoning', id: 'rs_1', summary: [] }] },
      404,
      /Item with id 'rs_1' not found\. Items are not persisted when `store` is set to false/,
    ],
    [
      'a reasoning item whose encrypted content was altered',
      { ...hello, input: [{ type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: `${sealReasoning('rs_1', 'x')}AA` }] },
      400,
      'The encrypted content for item rs_1 could not be verified.',
    ],
    [
      'encrypted content of another item',
      { ...hello, input: [{ type: 'reasoning', id: 'rs_2', summary: [], encrypted_content: sealReasoning('rs_1', 'x') }] },
      400,
      'The encrypted content for item rs_2 could not be verified.',
    ],
    ['a previous_response_id (nothing is stored)', { ...hello, previous_response_id: 'resp_1' }, 404, "Previous response with id 'resp_1' not found."],
  ])('refuses %s', async (_name, body, status, message) => {
    const res = await post('/v1/responses', body);
    expect(res.status).toBe(status);
    const error = res.json().error;
    expect(error).toMatchObject({ type: 'invalid_request_error' });
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });

  it('requires a Bearer key, and has no Responses route for other flavors', async () => {
    expect((await post('/v1/responses', hello, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await post('/groq/openai/v1/responses', hello)).status).toBe(404);
  });

  it('accepts a round trip of its own items: reasoning, a web search call, function calls and their outputs', async () => {
    const id = 'rs_x';
    const res = await post('/v1/responses', {
      ...hello,
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        { type: 'reasoning', id, summary: [{ type: 'summary_text', text: 'One city.' }], encrypted_content: sealReasoning(id, 'One city.') },
        { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'weather' } },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '18 C' },
      ],
      tools: [weather],
    });
    expect(res.status).toBe(200);
    expect(res.json().output[0].content[0].text).toBe('Tool results received: 18 C');
  });
});

describe('Responses simulator: answers', () => {
  it('answers a response object with the instructions in the reply, and usage in Responses names', async () => {
    const res = await post('/v1/responses', { ...hello, service_tier: 'auto', metadata: { a: 'b' } });
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'gpt-5',
      instructions: 'Be brief.',
      store: false,
      service_tier: 'default',
      metadata: { a: 'b' },
      incomplete_details: null,
      error: null,
    });
    expect(body.id).toMatch(/^resp_/);
    expect(body.output).toEqual([
      {
        id: expect.stringMatching(/^msg_/),
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Simulated reply to: Hello (system: Be brief.)', annotations: [], logprobs: [] }],
      },
    ]);
    // Input tokens: characters of instructions and input / 4; output tokens: words.
    expect(body.usage).toEqual({
      input_tokens: 4,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: 7,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 11,
    });
  });

  it('calls function tools the user names, after reasoning with a summary and encrypted content', async () => {
    const body = (
      await post('/v1/responses', {
        ...hello,
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'call get_weather please' }] }],
        tools: [weather],
        reasoning: { effort: 'low', summary: 'auto' },
        include: ['reasoning.encrypted_content'],
      })
    ).json();
    const [reasoning, call] = body.output;
    expect(reasoning).toEqual({
      id: expect.stringMatching(/^rs_/),
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'Deciding to call get_weather.' }],
      encrypted_content: sealReasoning(reasoning.id, 'Deciding to call get_weather.'),
    });
    expect(call).toMatchObject({ type: 'function_call', status: 'completed', name: 'get_weather', arguments: '{"city":"sample city"}' });
    expect(call.call_id).toMatch(/^call_/);
    expect(body.usage.output_tokens_details.reasoning_tokens).toBe(4);
  });

  it('keeps the summary empty unless asked, and encrypted content out unless included', async () => {
    const body = (await post('/v1/responses', { ...hello, reasoning: { effort: 'medium' } })).json();
    expect(body.output[0]).toEqual({ id: expect.stringMatching(/^rs_/), type: 'reasoning', summary: [] });
  });

  it('searches the web when given the web_search tool, and cites the source', async () => {
    const body = (await post('/v1/responses', { ...hello, input: 'news today', tools: [{ type: 'web_search' }] })).json();
    expect(body.output[0]).toEqual({
      type: 'web_search_call',
      id: expect.stringMatching(/^ws_/),
      status: 'completed',
      action: { type: 'search', query: 'news today' },
    });
    expect(body.output[1].content[0].annotations).toEqual([
      {
        type: 'url_citation',
        start_index: 0,
        end_index: body.output[1].content[0].text.length,
        url: 'https://example.com/simulated-source',
        title: 'Simulated source',
      },
    ]);
  });

  it('answers incomplete at max_output_tokens when the reply is longer', async () => {
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`).join('_');
    const body = (await post('/v1/responses', { ...hello, input: `[[sim reply=${words}]]`, max_output_tokens: 16 })).json();
    expect(body).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, max_output_tokens: 16 });
    expect(body.output[0].status).toBe('incomplete');
    expect(body.output[0].content[0].text.trim().split(' ')).toHaveLength(16);
  });

  it('writes JSON that fits a json_schema text format', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false };
    const body = (await post('/v1/responses', { ...hello, text: { format: { type: 'json_schema', name: 'place', schema, strict: true } } })).json();
    expect(JSON.parse(body.output[0].content[0].text)).toEqual({ city: 'sample city' });
  });
});

describe('Responses simulator: streams', () => {
  it('streams typed events with sequence numbers, item ids and a final response.completed', async () => {
    const res = await post('/v1/responses', { ...hello, stream: true });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const stream = events(res.text);
    expect(stream.map((e) => e.data.sequence_number)).toEqual(stream.map((_, i) => i));
    for (const e of stream) expect(e.data.type).toBe(e.event);
    expect(stream.map((e) => e.event).filter((name) => !name.endsWith('.delta'))).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const text = stream
      .filter((e) => e.event === 'response.output_text.delta')
      .map((e) => e.data.delta)
      .join('');
    expect(text).toBe('Simulated reply to: Hello (system: Be brief.)');
    const done = stream.at(-1)!.data.response;
    expect(done.output[0].content[0].text).toBe(text);
    expect(done.usage.total_tokens).toBe(11);
    expect(stream[0]!.data.response).toMatchObject({ status: 'in_progress', output: [], usage: null });
  });

  it('streams reasoning summary parts, the encrypted reasoning item and function call arguments', async () => {
    const res = await post('/v1/responses', {
      ...hello,
      stream: true,
      input: 'call get_weather',
      tools: [weather],
      reasoning: { effort: 'high', summary: 'detailed' },
      include: ['reasoning.encrypted_content'],
    });
    const stream = events(res.text);
    const names = stream.map((e) => e.event);
    expect(names).toContain('response.reasoning_summary_part.added');
    expect(names).toContain('response.reasoning_summary_text.done');
    const reasoningDone = stream.find((e) => e.event === 'response.output_item.done' && e.data.item.type === 'reasoning')!;
    expect(reasoningDone.data.item.encrypted_content).toBe(sealReasoning(reasoningDone.data.item.id, 'Deciding to call get_weather.'));
    const added = stream.find((e) => e.event === 'response.output_item.added' && e.data.item.type === 'function_call')!;
    expect(added.data.item).toMatchObject({ status: 'in_progress', arguments: '', name: 'get_weather' });
    const args = stream
      .filter((e) => e.event === 'response.function_call_arguments.delta')
      .map((e) => {
        expect(e.data.item_id).toBe(added.data.item.id);
        return e.data.delta;
      })
      .join('');
    expect(args).toBe('{"city":"sample city"}');
    expect(names.at(-1)).toBe('response.completed');
  });

  it('streams web search progress, and ends an answer cut at the limit with response.incomplete', async () => {
    const search = events((await post('/v1/responses', { ...hello, stream: true, tools: [{ type: 'web_search_preview' }] })).text).map((e) => e.event);
    expect(search).toContain('response.web_search_call.searching');
    expect(search).toContain('response.output_text.annotation.added');
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`).join('_');
    const cut = events((await post('/v1/responses', { ...hello, stream: true, input: `[[sim reply=${words}]]`, max_output_tokens: 16 })).text);
    expect(cut.at(-1)).toMatchObject({
      event: 'response.incomplete',
      data: { response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } },
    });
  });
});

describe('Responses simulator: faults', () => {
  it('answers injected statuses in OpenAI error shape with retry-after', async () => {
    const res = await post('/v1/responses', { ...hello, input: 'hi [[sim fault=429 retry_after=3]]' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(res.json().error).toMatchObject({ code: 'rate_limit_exceeded' });
  });

  it('fails a stream with response.failed, and a whole response with status failed', async () => {
    const stream = events((await post('/v1/responses', { ...hello, stream: true, input: 'hi [[sim fault=failed]]' })).text);
    expect(stream.map((e) => e.event)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
    expect(stream[2]!.data.response.error).toEqual({ code: 'server_error', message: 'Simulated failure: the model failed to generate a response.' });
    const whole = (await post('/v1/responses', { ...hello, input: 'hi [[sim fault=failed]]' })).json();
    expect(whole).toMatchObject({ status: 'failed', error: { code: 'server_error' } });
  });

  it('cuts a stream half-way', async () => {
    const res = await fetch(`${sim.url}/v1/responses`, {
      method: 'POST',
      headers: AUTH,
      body: JSON.stringify({ ...hello, stream: true, input: 'hi [[sim fault=cut]]' }),
    });
    await expect(res.text()).rejects.toThrow();
  });
});

describe('Responses simulator: Azure', () => {
  const AZURE = { 'api-key': 'az-key', 'content-type': 'application/json' };

  it('serves the dated path from 2025-03-01-preview and the v1 path, with the deployment as model', async () => {
    const dated = await post('/azure/openai/responses?api-version=2025-04-01-preview', { ...hello, model: 'my-deployment' }, AZURE);
    expect(dated.status).toBe(200);
    expect(dated.json().model).toBe('my-deployment');
    expect((await post('/azure/openai/v1/responses', hello, AZURE)).status).toBe(200);
  });

  it('answers 404 for an older api-version, no api-version, or a deployment-scoped path; 401 without a key', async () => {
    for (const path of ['/azure/openai/responses?api-version=2024-10-21', '/azure/openai/responses', '/azure/openai/deployments/d/responses?api-version=v1']) {
      const res = await post(path, hello, AZURE);
      expect(res.status, path).toBe(404);
      expect(res.json()).toEqual({ error: { code: '404', message: 'Resource not found' } });
    }
    expect((await post('/azure/openai/v1/responses', hello, { 'content-type': 'application/json' })).status).toBe(401);
  });

  it("refuses a prompt Azure's content filter blocks", async () => {
    const res = await post('/azure/openai/v1/responses', { ...hello, input: 'bad [[sim fault=content_filter]]' }, AZURE);
    expect(res.status).toBe(400);
    expect(res.json().error.code).toBe('content_filter');
  });
});

describe('the simulator records what it received', () => {
  it('keeps path, query, JSON body and headers, with credentials redacted', async () => {
    sim.received.clear();
    await post(
      '/azure/openai/responses?api-version=2025-04-01-preview',
      { ...hello, model: 'dep' },
      { 'api-key': 'az-secret', 'content-type': 'application/json' },
    );
    const got = sim.received.last(/\/responses$/)!;
    expect(got.method).toBe('POST');
    expect(got.path).toBe('/azure/openai/responses');
    expect(got.query.get('api-version')).toBe('2025-04-01-preview');
    expect(got.body).toEqual({ ...hello, model: 'dep' });
    expect(got.headers['api-key']).toBe('[redacted]');
    expect(JSON.stringify(sim.received.all())).not.toContain('az-secret');
    expect(sim.received.all(/\/chat\/completions$/)).toEqual([]);
  });
});

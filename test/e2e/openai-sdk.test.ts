import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';

let stack: TestStack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack({
    providers: [{ id: 'sim', type: 'openai', api_key: 'sim-key', base_url: '${SIM}/v1' }],
    models: [
      { name: 'small', targets: [{ provider: 'sim', model: 'sim-small' }] },
      { name: 'priced', targets: [{ provider: 'sim', model: 'gpt-4o' }] },
    ],
  });
  client = new OpenAI({ apiKey: 'any', baseURL: `${stack.url}/v1`, maxRetries: 0 });
});
afterAll(async () => stack?.close());

describe('OpenAI SDK through the gateway', () => {
  it('answers a chat completion with gateway headers', async () => {
    const { data, response } = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    expect(data.choices[0]?.message.content).toBe('Simulated reply to: hello');
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-switchboard-provider')).toBe('sim');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(response.headers.get('server-timing')).toMatch(/gateway;dur=/);
  });

  it('streams text and strips the usage chunk the client did not ask for', async () => {
    const stream = await client.chat.completions.create({ model: 'small', stream: true, messages: [{ role: 'user', content: 'one two three' }] });
    let text = '';
    let usageChunks = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usageChunks++;
    }
    expect(text).toBe('Simulated reply to: one two three');
    expect(usageChunks).toBe(0);
  });

  it('goes straight to a provider with PROVIDER_ID/MODEL', async () => {
    const data = await client.chat.completions.create({ model: 'sim/any-model', messages: [{ role: 'user', content: 'hi' }] });
    expect(data.model).toBe('any-model');
  });

  it('answers 404 model_not_found for an unknown model', async () => {
    await expect(client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
    });
  });

  it('puts x-request-id and server-timing on every response, errors included', async () => {
    const responses = await Promise.all([
      fetch(`${stack.url}/nope`),
      fetch(`${stack.url}/healthz`),
      fetch(`${stack.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":"nope","messages":[]}' }),
      fetch(`${stack.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'x [[sim fault=503]]' }] }),
      }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([404, 200, 400, 503]);
    for (const response of responses) {
      expect(response.headers.get('x-request-id')).toMatch(/^req_/);
      expect(response.headers.get('server-timing')).toMatch(/^gateway;dur=\d+\.\d+/);
    }
    expect(responses[3]!.headers.get('server-timing')).toMatch(/upstream;dur=/);
  });

  it('lists the configured aliases', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['small', 'priced']);
  });

  it('prices a known model from the catalog in x-switchboard-cost-usd and the request log', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'priced', messages: [{ role: 'user', content: 'price me [[sim cached=2]]' }] })
      .withResponse();
    const usage = data.usage!;
    // gpt-4o: $2.50 input, $1.25 cached input, $10 output per million tokens.
    const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
    expect(cached).toBe(2);
    const expected = ((usage.prompt_tokens - cached) * 2.5 + cached * 1.25 + usage.completion_tokens * 10) / 1e6;
    expect(Number(response.headers.get('x-switchboard-cost-usd'))).toBeCloseTo(expected, 10);
    await stack.gateway.requestLog.flush();
    const { openSqlite, SqliteRequestLogStore } = await import('../../src/storage/sqlite/request-log-store.js');
    const db = openSqlite(`sqlite:${stack.dir}/switchboard.db`);
    const row = new SqliteRequestLogStore(db).recent(1)[0]!;
    db.close();
    expect(row.model_requested).toBe('priced');
    expect(Number(row.cost_usd)).toBeCloseTo(expected, 10);
  });
});

/** The exact cache end to end through the OpenAI SDK: a repeat is served from the cache, streamed or not. */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';

let stack: TestStack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack({
    providers: [{ id: 'openai', type: 'openai', api_key: 'sk-key', base_url: '${SIM}/v1' }],
    models: [{ name: 'gpt', targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] }],
    extra: { cache: { mode: 'exact' } },
  });
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: 'open', maxRetries: 0 });
});
afterAll(async () => stack?.close());

describe('exact cache smoke', () => {
  it('serves the second identical request from the cache', async () => {
    const body = { model: 'gpt', messages: [{ role: 'user' as const, content: 'Hello there [[sim id=smoke-1]]' }] };
    const first = await client.chat.completions.create(body).withResponse();
    expect(first.response.headers.get('x-switchboard-cache')).toBe('miss');
    await stack.gateway.cache!.flush();
    const second = await client.chat.completions.create(body).withResponse();
    expect(second.response.headers.get('x-switchboard-cache')).toBe('hit');
    expect(second.data.choices[0]!.message.content).toBe(first.data.choices[0]!.message.content);
    expect(stack.simulator.tally('smoke-1')?.count).toBe(1);
    const stream = await client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }).withResponse();
    expect(stream.response.headers.get('x-switchboard-cache')).toBe('hit');
    let text = '';
    let chunks = 0;
    let usage: unknown;
    for await (const chunk of stream.data) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(first.data.choices[0]!.message.content);
    expect(chunks).toBeGreaterThan(2);
    expect(usage).toEqual(first.data.usage);
    expect(stack.simulator.tally('smoke-1')?.count).toBe(1);
  });
});

/**
 * Fuzzes /v1/chat/completions and /v1/embeddings with thousands of random and mutated bodies
 * against a simulator-backed gateway: every answer must be well-formed and the process must
 * stay up. (/v1/messages is fuzzed in anthropic-bad-input.test.ts.)
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { fuzzBodies, runFuzz } from './fuzz-bodies.js';
import { send } from './http.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    providers: [{ id: 'sim', type: 'openai', api_key: 'sim-key', base_url: '${SIM}/v1' }],
    models: [{ name: 'small', targets: [{ provider: 'sim', model: 'sim-small' }] }],
    extra: { server: { host: '127.0.0.1', port: 0, body_limit_bytes: 256 * 1024 } },
  });
});
afterAll(async () => stack?.close());

const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const CHAT_BASES = [
  { model: 'small', messages: [{ role: 'user', content: 'hello' }] },
  { model: 'small', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'one two' }] },
  {
    model: 'small',
    temperature: 0.5,
    max_tokens: 50,
    messages: [
      { role: 'system', content: 'be brief' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL}` } },
        ],
      },
    ],
  },
  {
    model: 'small',
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    tool_choice: 'auto',
    messages: [
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
    ],
  },
];

const EMBEDDING_BASES = [
  { model: 'small', input: 'hello' },
  { model: 'small', input: ['a', 'b'], encoding_format: 'base64', dimensions: 8 },
];

describe('fuzzing the OpenAI-format endpoints', () => {
  it('answers 2000 random or mutated chat bodies well-formed', async () => {
    const bodies = fc.sample(fuzzBodies(...CHAT_BASES), { numRuns: 2000, seed: 0xc0ffee });
    const stats = await runFuzz(`${stack.url}/v1/chat/completions`, bodies, 'openai');
    expect(stats.ok).toBeGreaterThan(50);
    expect(stats.streams).toBeGreaterThan(5);
    expect(stats.errors).toBeGreaterThan(500);
    expect((await send(`${stack.url}/healthz`, { method: 'GET' })).status).toBe(200);
  });

  it('answers 800 random or mutated embeddings bodies well-formed', async () => {
    const bodies = fc.sample(fuzzBodies(...EMBEDDING_BASES), { numRuns: 800, seed: 0xbeef });
    const stats = await runFuzz(`${stack.url}/v1/embeddings`, bodies, 'openai');
    expect(stats.ok).toBeGreaterThan(20);
    expect(stats.errors).toBeGreaterThan(200);
    expect((await send(`${stack.url}/healthz`, { method: 'GET' })).status).toBe(200);
  });

  it('stays up and keeps serving valid requests afterwards', async () => {
    const res = await send(`${stack.url}/v1/chat/completions`, { body: JSON.stringify(CHAT_BASES[0]) });
    expect(res.status).toBe(200);
  });
});

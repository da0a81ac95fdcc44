/**
 * Fallbacks by cause and hedging through a running gateway, across providers and formats: a
 * prompt too long for an OpenAI model goes to the long-context alias (Anthropic), a content-filter
 * refusal to the configured alternative, and a late first token starts a hedge whose winner answers.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';

let stack: TestStack;
let openai: OpenAI;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      // Each answers every request with one fault, whatever the prompt says (the header wins).
      { id: 'short-ctx', type: 'openai', api_key: 'k', base_url: '${SIM}/v1', headers: { 'x-sim-scenario': 'fault=context_window' } },
      { id: 'filtering', type: 'openai', api_key: 'k', base_url: '${SIM}/v1', headers: { 'x-sim-scenario': 'fault=content_filter' } },
      { id: 'slow', type: 'openai', api_key: 'k', base_url: '${SIM}/v1', headers: { 'x-sim-scenario': 'latency_ms=3000' } },
      { id: 'claude', type: 'anthropic', api_key: 'k', base_url: '${SIM}' },
    ],
    models: [
      { name: 'short', targets: [{ provider: 'short-ctx', model: 'gpt-4o' }], fallbacks: { context_window: 'long' } },
      { name: 'short-alone', targets: [{ provider: 'short-ctx', model: 'gpt-4o' }] },
      { name: 'long', targets: [{ provider: 'claude', model: 'claude-sonnet-4-5' }] },
      { name: 'strict', targets: [{ provider: 'filtering', model: 'gpt-4o' }], fallbacks: { content_filter: 'lenient' } },
      { name: 'lenient', targets: [{ provider: 'claude', model: 'claude-sonnet-4-5' }] },
      {
        name: 'hedged',
        targets: [
          { provider: 'slow', model: 'gpt-4o' },
          { provider: 'claude', model: 'claude-sonnet-4-5' },
        ],
        hedge: { after_ms: 100 },
      },
    ],
  });
  openai = new OpenAI({ apiKey: 'any', baseURL: `${stack.url}/v1`, maxRetries: 0 });
});
afterAll(async () => stack?.close());

describe('fallbacks by cause', () => {
  it('sends a prompt too long for the model to the context_window alias, in the client format', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'short', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    expect(data.choices[0]!.message.content).toContain('hello');
    expect(response.headers.get('x-switchboard-provider')).toBe('claude');
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
  });

  it('never retries a context-window error without a fallback: the client gets the 400', async () => {
    const error = await openai.chat.completions.create({ model: 'short-alone', messages: [{ role: 'user', content: 'hello' }] }).catch((e) => e);
    expect(error.status).toBe(400);
    expect(error.headers.get('x-switchboard-attempts')).toBe('1');
  });

  it('asks the content_filter alias when the provider filtered a non-streamed answer', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'strict', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    expect(data.choices[0]!.finish_reason).toBe('stop');
    expect(response.headers.get('x-switchboard-provider')).toBe('claude');
  });
});

describe('hedging', () => {
  it('answers from the second target when the first is late (without the hedge, the slow one answers, after 3 s)', async () => {
    const { response } = await openai.chat.completions.create({ model: 'hedged', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    expect(response.headers.get('x-switchboard-provider')).toBe('claude');
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
  });
});

/**
 * How upstream failures reach clients through a running gateway: fallback to the next target,
 * Anthropic's 529, timeouts, connection resets and streams cut mid-way.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';

let stack: TestStack;
let openai: OpenAI;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { id: 'sim', type: 'openai', api_key: 'k', base_url: '${SIM}/v1' },
      { id: 'claude', type: 'anthropic', api_key: 'k', base_url: '${SIM}' },
      // A port nothing listens on: connection refused.
      { id: 'dead', type: 'openai', api_key: 'k', base_url: 'http://127.0.0.1:9/v1' },
    ],
    models: [
      { name: 'claude', targets: [{ provider: 'claude', model: 'claude-sonnet-4-5' }] },
      {
        name: 'with-fallback',
        targets: [
          { provider: 'dead', model: 'gpt-4o' },
          { provider: 'sim', model: 'sim-small' },
        ],
      },
      { name: 'small', targets: [{ provider: 'sim', model: 'sim-small' }] },
    ],
    extra: { server: { host: '127.0.0.1', port: 0, upstream_timeout_ms: 300 } },
  });
  openai = new OpenAI({ apiKey: 'any', baseURL: `${stack.url}/v1`, maxRetries: 0 });
});
afterAll(async () => stack?.close());

describe('upstream failures', () => {
  it('falls back to the next target when one cannot be reached', async () => {
    const { data, response } = await openai.chat.completions.create({ model: 'with-fallback', messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect(data.choices[0]!.message.content).toBe('Simulated reply to: hi');
    expect(response.headers.get('x-switchboard-attempts')).toBe('2');
    expect(response.headers.get('x-switchboard-provider')).toBe('sim');
  });

  it("turns Anthropic's 529 overloaded into 503 for OpenAI clients", async () => {
    const error = await openai.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'hi [[sim fault=529]]' }] }).catch((e) => e);
    expect(error.status).toBe(503);
    expect(error.error.code).toBe('upstream_overloaded');
  });

  it('answers Anthropic clients with overloaded_error for the same 529', async () => {
    const anthropic = new Anthropic({ apiKey: 'any', baseURL: stack.url, maxRetries: 0 });
    const error = await anthropic.messages
      .create({ model: 'claude', max_tokens: 10, messages: [{ role: 'user', content: 'hi [[sim fault=529]]' }] })
      .catch((e) => e);
    expect([503, 529]).toContain(error.status);
    expect(error.error.error.type).toBe('overloaded_error');
  });

  it('gives up on an upstream that hangs after upstream_timeout_ms with 504', async () => {
    const error = await openai.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi [[sim fault=hang]]' }] }).catch((e) => e);
    expect(error.status).toBe(504);
    expect(error.error.code).toBe('upstream_timeout');
  });

  it('reports a reset connection as 502 upstream_unavailable', async () => {
    const error = await openai.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi [[sim fault=reset]]' }] }).catch((e) => e);
    expect(error.status).toBe(502);
    expect(error.error.code).toBe('upstream_unavailable');
  });

  it('ends a stream cut mid-way with an error event, never a silent [DONE]', async () => {
    const response = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'small',
        stream: true,
        messages: [{ role: 'user', content: 'one two three four five six [[sim fault=cut cut_after=3]]' }],
      }),
    });
    const text = await response.text();
    expect(text).toContain('Simulated');
    expect(text).toMatch(/data: \{"error":\{/);
    expect(text).not.toMatch(/"finish_reason":"stop"/);
  });
});

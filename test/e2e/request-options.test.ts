/**
 * The OpenAI ingress never drops a request field silently: options some providers honour
 * (logprobs, service_tier, prediction, metadata, ...) are forwarded and answered where the
 * provider has them, refused with a 400 naming the parameter and provider where it does not
 * (or dropped when drop_params lists them), and fields OpenAI does not define are refused. Hints
 * that never change the answer (prompt-cache hints, service_tier default, include_obfuscation)
 * are left out where the provider lacks them.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';

let stack: TestStack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { id: 'oai', type: 'openai', api_key: 'sk-sim', base_url: '${SIM}/v1' },
      { id: 'claude', type: 'anthropic', api_key: 'sk-ant-sim', base_url: '${SIM}' },
      { id: 'claude-lenient', type: 'anthropic', api_key: 'sk-ant-sim', base_url: '${SIM}', drop_params: ['logprobs'] },
      { id: 'co', type: 'cohere', api_key: 'co-sim', base_url: '${SIM}' },
      { id: 'gem', type: 'gemini', api_key: 'gm-sim', base_url: '${SIM}' },
      { id: 'groq', type: 'groq', api_key: 'gq-sim', base_url: '${SIM}/groq/openai/v1' },
      { id: 'mis', type: 'mistral', api_key: 'mi-sim', base_url: '${SIM}/mistral/v1' },
    ],
    models: [
      { name: 'gpt', targets: [{ provider: 'oai', model: 'gpt-4o' }] },
      { name: 'claude', targets: [{ provider: 'claude', model: 'claude-sonnet-4-5' }] },
      { name: 'claude-lenient', targets: [{ provider: 'claude-lenient', model: 'claude-sonnet-4-5' }] },
      { name: 'cohere', targets: [{ provider: 'co', model: 'command-a-03-2025' }] },
      { name: 'gemini', targets: [{ provider: 'gem', model: 'gemini-2.5-flash' }] },
      { name: 'groq', targets: [{ provider: 'groq', model: 'llama-3.3-70b-versatile' }] },
      { name: 'mistral', targets: [{ provider: 'mis', model: 'mistral-large-latest' }] },
    ],
  });
  client = new OpenAI({ apiKey: 'any', baseURL: `${stack.url}/v1`, maxRetries: 0 });
});
afterAll(async () => stack?.close());

const ask = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'one two three' }] });

async function refusal(promise: Promise<unknown>): Promise<{ status?: number; code?: string; param?: string; message?: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { status?: number; error?: { code?: string; param?: string; message?: string } };
    return { status: e.status, ...e.error };
  }
  throw new Error('expected an error, got success');
}

describe('logprobs', () => {
  it('are forwarded to an OpenAI-family provider and returned in OpenAI shape, with tier and fingerprint', async () => {
    const r = await client.chat.completions.create({ ...ask('gpt'), logprobs: true, top_logprobs: 2, service_tier: 'flex' });
    const choice = r.choices[0]!;
    const tokens = choice.logprobs?.content ?? [];
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.map((t) => t.token).join('')).toBe(choice.message.content);
    for (const token of tokens) {
      expect(token.top_logprobs).toHaveLength(2);
      expect(token.bytes).toEqual([...Buffer.from(token.token)]);
      expect(token.logprob).toBeLessThan(0);
    }
    expect(r.service_tier).toBe('flex');
    expect(r.system_fingerprint).toBe('fp_simulator');
  });

  it('ride on the stream chunks that carry their text', async () => {
    const stream = await client.chat.completions.create({ ...ask('gpt'), stream: true, logprobs: true, top_logprobs: 1 });
    let text = '';
    let tokens = '';
    let fingerprints = 0;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      text += choice?.delta.content ?? '';
      for (const token of choice?.logprobs?.content ?? []) {
        tokens += token.token;
        expect(token.top_logprobs).toHaveLength(1);
      }
      if (chunk.system_fingerprint === 'fp_simulator') fingerprints++;
    }
    expect(text).toContain('Simulated reply to: one two three');
    expect(tokens).toBe(text);
    expect(fingerprints).toBeGreaterThan(0);
  });

  it('come back from Gemini too (responseLogprobs), translated to OpenAI shape', async () => {
    const r = await client.chat.completions.create({ ...ask('gemini'), logprobs: true, top_logprobs: 3 });
    const tokens = r.choices[0]!.logprobs?.content ?? [];
    expect(tokens.map((t) => t.token).join('')).toBe(r.choices[0]!.message.content);
    expect(tokens[0]!.top_logprobs).toHaveLength(3);
  });

  it.each([
    ['claude', 'claude'],
    ['cohere', 'co'],
    ['groq', 'groq'],
  ])('are refused with 400 unsupported_parameter naming logprobs and the provider for %s', async (model, provider) => {
    const error = await refusal(client.chat.completions.create({ ...ask(model), logprobs: true }));
    expect(error).toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'logprobs' });
    expect(error.message).toBe(`Parameter 'logprobs' is not supported by provider '${provider}'.`);
  });

  it('are dropped, with logprobs null in the answer, when the provider lists them in drop_params', async () => {
    const r = await client.chat.completions.create({ ...ask('claude-lenient'), logprobs: true, top_logprobs: 2 });
    expect(r.choices[0]!.message.content).toContain('Simulated reply to: one two three');
    expect(r.choices[0]!.logprobs).toBeNull();
  });
});

describe('other options', () => {
  it('reach the providers that have them: OpenAI metadata and store, Mistral prediction, Groq tiers', async () => {
    const openai = await client.chat.completions.create({ ...ask('gpt'), metadata: { team: 'search' }, store: true, prompt_cache_key: 'conv-1' });
    expect(openai.choices[0]!.message.content).toContain('Simulated reply');
    const mistral = await client.chat.completions.create({ ...ask('mistral'), prediction: { type: 'content', content: 'one two' }, metadata: { a: 'b' } });
    expect(mistral.choices[0]!.message.content).toContain('Simulated reply');
    const groq = await client.chat.completions.create({ ...ask('groq'), service_tier: 'default' });
    expect(groq.service_tier).toBe('on_demand');
  });

  it('are refused by name where the provider has no such field', async () => {
    expect(await refusal(client.chat.completions.create({ ...ask('claude'), metadata: { a: 'b' } }))).toMatchObject({ status: 400, param: 'metadata' });
    expect(await refusal(client.chat.completions.create({ ...ask('claude'), service_tier: 'flex' }))).toMatchObject({ status: 400, param: 'service_tier' });
    expect(await refusal(client.chat.completions.create({ ...ask('groq'), prediction: { type: 'content', content: 'x' } }))).toMatchObject({
      status: 400,
      code: 'unsupported_parameter',
      param: 'prediction',
    });
  });
});

describe('hints that never change the answer', () => {
  it('are left out, not refused, where the provider lacks them: prompt-cache hints and service_tier default', async () => {
    for (const model of ['claude', 'gemini', 'cohere', 'groq']) {
      const r = await client.chat.completions.create({
        ...ask(model),
        prompt_cache_key: 'conv-1',
        prompt_cache_retention: '24h',
        ...(model === 'groq' ? {} : { service_tier: 'default' as const }),
      });
      expect(r.choices[0]!.message.content, model).toContain('Simulated reply');
    }
  });

  it('accepts stream_options.include_obfuscation: true and streams the answer', async () => {
    const stream = await client.chat.completions.create({ ...ask('gemini'), stream: true, stream_options: { include_usage: true, include_obfuscation: true } });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toContain('Simulated reply');
  });
});

describe('fields the gateway cannot carry, or OpenAI does not define', () => {
  it('refuses a field OpenAI does not define, in OpenAI’s words', async () => {
    const res = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...ask('gpt'), frobnicate: true }),
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; param: string; message: string } };
    expect(error).toMatchObject({ code: 'invalid_request', param: 'frobnicate', message: 'Unrecognized request argument supplied: frobnicate' });
  });

  it('refuses real OpenAI fields whose result the gateway could not return', async () => {
    expect(await refusal(client.chat.completions.create({ ...ask('gpt'), n: 2 }))).toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'n' });
    expect(
      await refusal(client.chat.completions.create({ ...ask('gpt'), modalities: ['text', 'audio'], audio: { voice: 'alloy', format: 'wav' } })),
    ).toMatchObject({
      status: 400,
      code: 'unsupported_parameter',
    });
    expect(await refusal(client.chat.completions.create({ ...ask('gpt'), web_search_options: {} }))).toMatchObject({ param: 'web_search_options' });
  });
});

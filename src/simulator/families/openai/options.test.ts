/** The OpenAI family's options beyond the core ones: validated as OpenAI does, logprobs returned when asked. */
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

async function post(path: string, body: Obj): Promise<{ status: number; json: Obj; text: string }> {
  const res = await fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer k', 'api-key': 'k' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text.startsWith('{') ? JSON.parse(text) : {}, text };
}

const hello = { model: 'gpt-4o', messages: [{ role: 'user', content: 'one two three' }] };

describe('openai simulator: options', () => {
  it('returns logprobs with the asked number of alternatives, whole and per stream chunk', async () => {
    const whole = await post('/v1/chat/completions', { ...hello, logprobs: true, top_logprobs: 2 });
    expect(whole.status).toBe(200);
    const choice = whole.json.choices[0];
    expect(choice.logprobs.content.map((t: Obj) => t.token).join('')).toBe(choice.message.content);
    expect(choice.logprobs.content[0].top_logprobs).toHaveLength(2);
    expect(choice.logprobs.refusal).toBeNull();

    const streamed = await post('/v1/chat/completions', { ...hello, stream: true, logprobs: true });
    const chunks = streamed.text
      .split('\n')
      .filter((l) => l.startsWith('data: {'))
      .map((l) => JSON.parse(l.slice(6)));
    const withText = chunks.filter((c) => c.choices[0]?.delta.content);
    for (const chunk of withText) expect(chunk.choices[0].logprobs.content[0].token).toBe(chunk.choices[0].delta.content);
    expect(withText[0].choices[0].logprobs.content[0].top_logprobs).toEqual([]);
  });

  it('keeps logprobs null when not asked, and echoes the tier it served', async () => {
    const res = await post('/v1/chat/completions', {
      ...hello,
      service_tier: 'flex',
      metadata: { a: 'b' },
      store: true,
      verbosity: 'low',
      prompt_cache_key: 'k',
    });
    expect(res.status).toBe(200);
    expect(res.json.choices[0].logprobs).toBeNull();
    expect(res.json.service_tier).toBe('flex');
    expect((await post('/v1/chat/completions', { ...hello, service_tier: 'auto' })).json.service_tier).toBe('default');
  });

  it.each([
    [{ top_logprobs: 2 }, 'top_logprobs'],
    [{ logprobs: true, top_logprobs: 25 }, 'top_logprobs'],
    [{ logit_bias: { '1': 200 } }, 'logit_bias'],
    [{ service_tier: 'turbo' }, 'service_tier'],
    [{ verbosity: 'extreme' }, 'verbosity'],
    [{ metadata: { a: 1 } }, 'metadata.a'],
    [{ prediction: { type: 'guess' } }, 'prediction'],
  ])('answers 400 for %j as OpenAI does', async (patch, param) => {
    const res = await post('/v1/chat/completions', { ...hello, ...patch });
    expect(res.status).toBe(400);
    expect(res.json.error.param).toBe(param);
  });

  it('refuses fields newer than a dated Azure api-version, and takes them on v1', async () => {
    const dated = await post('/azure/openai/deployments/d1/chat/completions?api-version=2024-10-21', { ...hello, metadata: { a: 'b' } });
    expect(dated.status).toBe(400);
    expect(dated.json.error.message).toContain('metadata');
    expect(
      (await post('/azure/openai/deployments/d1/chat/completions?api-version=2025-01-01-preview', { ...hello, prediction: { type: 'content', content: 'x' } }))
        .status,
    ).toBe(200);
    expect((await post('/azure/openai/v1/chat/completions', { ...hello, verbosity: 'low' })).status).toBe(200);
  });
});

/** Perplexity: dialect differences and round trips against the simulator's perplexity flavor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { ChatRequest, StreamEvent } from '../../core/types.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { ask, caught, reasoningOf, roundTrip, settingsFor, textOf, weatherTool } from '../../testing/provider-roundtrip.js';
import { perplexityProvider } from './index.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const settings = (extra = {}) => settingsFor('perplexity', `${sim.url}/perplexity`, extra);

describe('perplexity encode', () => {
  it('calls {base}/chat/completions without /v1 and refuses tools, stop and seed', async () => {
    const spec = perplexityProvider.chat.encode(ask('sonar', 'hi', { maxTokens: 4 }), settingsFor('perplexity', perplexityProvider.defaultBaseUrl));
    expect(spec.url).toBe('https://api.perplexity.ai/chat/completions');
    expect(JSON.parse(spec.body as string)).toMatchObject({ max_tokens: 4 });
    const cases: Array<[Partial<ChatRequest>, string]> = [
      [{ tools: [weatherTool] }, 'tools'],
      [{ stop: ['x'] }, 'stop'],
      [{ seed: 1 }, 'seed'],
    ];
    for (const [extra, param] of cases) {
      const err = await caught(() => perplexityProvider.chat.encode(ask('sonar', 'hi', extra), settings()));
      expect(err).toBeInstanceOf(GatewayError);
      expect(err).toMatchObject({ param });
    }
  });
});

describe('perplexity <think> tags', () => {
  it('splits reasoning out of content even when a tag is cut across chunks', () => {
    const decoder = perplexityProvider.chat.createStreamDecoder(settings());
    const chunk = (content: string, finish: string | null = null) =>
      JSON.stringify({ id: 'p1', model: 'sonar-reasoning', created: 1, choices: [{ index: 0, delta: { content }, finish_reason: finish }] });
    const events: StreamEvent[] = [];
    for (const piece of ['<th', 'ink>Let me ', 'check.</thi', 'nk>\n\nThe ', 'answer.']) events.push(...decoder.push({ data: chunk(piece) }));
    events.push(...decoder.push({ data: chunk('', 'stop') }));
    expect(reasoningOf(events)).toBe('Let me check.');
    expect(textOf(events)).toBe('The answer.');
    const body = perplexityProvider.chat.decode(
      { id: 'p', model: 'sonar-reasoning', choices: [{ message: { content: '<think>Why.</think>\nBecause.' }, finish_reason: 'stop' }] },
      settings(),
    );
    expect(body).toMatchObject({ text: 'Because.', reasoning: 'Why.' });
  });
});

describe('perplexity round trips', () => {
  it('answers streamed and not; reasoning models’ thinking is split from the answer; usage from the final chunk', async () => {
    const rt = roundTrip(perplexityProvider, settings());
    const request = ask('sonar-reasoning-pro', 'Why is the sky blue?');
    const res = await rt.chat(request);
    expect(res.text).toBe('Simulated reply to: Why is the sky blue? (system: Be brief.)');
    expect(res.reasoning).toBe('Considering the request: Why is the sky blue?');
    const events = await rt.stream(request);
    expect(textOf(events)).toBe(res.text);
    expect(reasoningOf(events).trim()).toBe(res.reasoning);
    expect(events.filter((e) => e.type === 'usage')).toEqual([{ type: 'usage', usage: res.usage }]);
  });

  it('drops stop when configured, and the simulator accepts the request', async () => {
    const err = await caught(() => roundTrip(perplexityProvider, settings()).chat(ask('sonar', 'hi', { stop: ['x'] })));
    expect(err).toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'stop' });
    const res = await roundTrip(perplexityProvider, settings({ dropParams: new Set(['stop']) })).chat(ask('sonar', 'hi', { stop: ['x'] }));
    expect(res.text).toContain('Simulated reply to: hi');
  });
});

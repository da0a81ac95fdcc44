/** DeepSeek: dialect differences and round trips against the simulator's deepseek flavor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { ChatRequest } from '../../core/types.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { ask, caught, reasoningOf, roundTrip, settingsFor, textOf, toolCallsOf, UpstreamFailure, weatherTool } from '../../testing/provider-roundtrip.js';
import { deepseekProvider } from './index.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const MODEL = 'deepseek-chat';
const settings = (extra = {}) => settingsFor('deepseek', `${sim.url}/deepseek`, extra);

/** A finished tool-call turn; `reasoning` is the thinking that led to the call. */
function afterToolCall(reasoning?: string): ChatRequest {
  return {
    model: 'deepseek-reasoner',
    stream: false,
    tools: [weatherTool],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        content: reasoning ? [{ type: 'reasoning', text: reasoning }] : [],
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      },
      { role: 'tool', toolCallId: 'call_1', content: [{ type: 'text', text: 'sunny' }] },
    ],
  };
}

describe('deepseek encode', () => {
  it('calls {base}/chat/completions on api.deepseek.com with max_tokens and stream usage asked', () => {
    const spec = deepseekProvider.chat.encode(ask(MODEL, 'hi', { maxTokens: 9, stream: true }), settingsFor('deepseek', deepseekProvider.defaultBaseUrl));
    expect(spec.url).toBe('https://api.deepseek.com/chat/completions');
    expect(JSON.parse(spec.body as string)).toMatchObject({ max_tokens: 9, stream_options: { include_usage: true } });
  });

  it('toggles thinking: effort none disables it, other levels enable it', () => {
    const off = JSON.parse(deepseekProvider.chat.encode(ask(MODEL, 'hi', { reasoning: { effort: 'none' } }), settings()).body as string);
    expect(off.thinking).toEqual({ type: 'disabled' });
    expect(off.reasoning_effort).toBeUndefined();
    const on = JSON.parse(deepseekProvider.chat.encode(ask(MODEL, 'hi', { reasoning: { budgetTokens: 30000 } }), settings()).body as string);
    expect(on).toMatchObject({ thinking: { type: 'enabled' }, reasoning_effort: 'high' });
  });

  it('sends reasoning back as reasoning_content on assistant tool-call turns only', () => {
    const body = JSON.parse(deepseekProvider.chat.encode(afterToolCall('I should look it up.'), settings()).body as string);
    expect(body.messages[1].reasoning_content).toBe('I should look it up.');
    const plain = JSON.parse(
      deepseekProvider.chat.encode(
        {
          ...ask(MODEL, 'x'),
          messages: [
            {
              role: 'assistant',
              content: [
                { type: 'reasoning', text: 'r' },
                { type: 'text', text: 'a' },
              ],
            },
          ],
        },
        settings(),
      ).body as string,
    );
    expect(plain.messages[0].reasoning_content).toBeUndefined();
  });
});

describe('deepseek round trips', () => {
  it('reads reasoning_content and prompt_cache_hit_tokens, streamed (past keep-alive comments) and not', async () => {
    const rt = roundTrip(deepseekProvider, settings());
    const request = { ...ask('deepseek-reasoner', 'Compare 9.11 and 9.8 [[sim cached=3]]') };
    const res = await rt.chat(request);
    expect(res.reasoning).toBe('Considering the request: Compare 9.11 and 9.8');
    expect(res.usage.cachedInputTokens).toBe(3);
    expect(res.usage.reasoningTokens).toBeGreaterThan(0);
    const events = await rt.stream(request);
    expect(reasoningOf(events).trim()).toBe(res.reasoning);
    expect(textOf(events)).toBe(res.text);
    expect(events.filter((e) => e.type === 'usage')).toEqual([{ type: 'usage', usage: res.usage }]);
  });

  it('streams tool calls', async () => {
    const calls = toolCallsOf(await roundTrip(deepseekProvider, settings()).stream(ask(MODEL, 'call get_weather', { tools: [weatherTool] })));
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0]!.arguments)).toEqual({ city: 'sample city' });
  });

  it('satisfies the thinking-mode rule that tool-call turns carry reasoning_content', async () => {
    const res = await roundTrip(deepseekProvider, settings()).chat(afterToolCall('I should look it up.'));
    expect(res.text).toBe('Tool results received: sunny');
    const err = await caught(() => roundTrip(deepseekProvider, settings()).chat(afterToolCall()));
    expect(err).toBeInstanceOf(UpstreamFailure);
    expect((err as UpstreamFailure).info.message).toContain('Missing `reasoning_content` field in the assistant message at message index 1');
  });

  it('refuses seed with a 400 unless drop_params drops it', async () => {
    const err = await caught(() => roundTrip(deepseekProvider, settings()).chat(ask(MODEL, 'hi', { seed: 7 })));
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ status: 400, param: 'seed' });
    const res = await roundTrip(deepseekProvider, settings({ dropParams: new Set(['seed']) })).chat(ask(MODEL, 'hi', { seed: 7 }));
    expect(res.finishReason).toBe('stop');
  });
});

/** vLLM: dialect differences and round trips against the simulator's vllm flavor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { ask, caught, reasoningOf, roundTrip, settingsFor, textOf, toolCallsOf, weatherTool } from '../../testing/provider-roundtrip.js';
import { vllmProvider } from './index.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const MODEL = 'Qwen/Qwen3-8B';
const settings = (extra = {}) => settingsFor('vllm', `${sim.url}/vllm/v1`, extra);

describe('vllm encode', () => {
  it('sends max_tokens, top_k and stream usage; key optional', () => {
    expect(vllmProvider.requiredSettings).toEqual([]);
    const spec = vllmProvider.chat.encode(ask(MODEL, 'hi', { maxTokens: 3, topK: 20, stream: true }), settingsFor('vllm', vllmProvider.defaultBaseUrl));
    expect(spec.url).toBe('http://localhost:8000/v1/chat/completions');
    expect(JSON.parse(spec.body as string)).toMatchObject({ max_tokens: 3, top_k: 20, stream_options: { include_usage: true } });
  });

  it('decodes both the old flat error body and reasoning_content', () => {
    const info = vllmProvider.decodeError(400, {}, '{"object":"error","message":"bad prompt","type":"BadRequestError","param":null,"code":400}');
    expect(info).toEqual({ message: 'bad prompt', type: 'BadRequestError' });
    const res = vllmProvider.chat.decode(
      { id: 'x', model: MODEL, choices: [{ message: { content: 'a', reasoning_content: 'r' }, finish_reason: 'stop' }] },
      settings(),
    );
    expect(res.reasoning).toBe('r');
  });
});

describe('vllm round trips', () => {
  it('answers streamed and not without a key, reasoning from `reasoning`', async () => {
    const rt = roundTrip(vllmProvider, settings({ apiKey: undefined }));
    const request = ask(MODEL, 'Hello there', { reasoning: { effort: 'high' } });
    const res = await rt.chat(request);
    expect(res.reasoning).toBe('Considering the request: Hello there');
    const events = await rt.stream(request);
    expect(textOf(events)).toBe(res.text);
    expect(reasoningOf(events).trim()).toBe(res.reasoning);
    expect(events.filter((e) => e.type === 'usage')).toEqual([{ type: 'usage', usage: res.usage }]);
  });

  it('streams tool calls', async () => {
    const calls = toolCallsOf(await roundTrip(vllmProvider, settings()).stream(ask(MODEL, 'call get_weather', { tools: [weatherTool] })));
    expect(calls[0]).toMatchObject({ name: 'get_weather', arguments: '{"city":"sample city"}' });
  });

  it('refuses parallel_tool_calls=false (vLLM ignores it) unless drop_params drops it', async () => {
    const request = ask(MODEL, 'call get_weather', { tools: [weatherTool], parallelToolCalls: false });
    const err = await caught(() => roundTrip(vllmProvider, settings()).chat(request));
    expect(err).toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'parallel_tool_calls' });
    const res = await roundTrip(vllmProvider, settings({ dropParams: new Set(['parallel_tool_calls']) })).chat(request);
    expect(res.toolCalls).toHaveLength(1);
  });
});

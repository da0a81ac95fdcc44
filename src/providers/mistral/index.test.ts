/** Mistral: dialect differences and round trips against the simulator's mistral flavor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/types.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { ask, caught, reasoningOf, roundTrip, settingsFor, textOf, toolCallsOf, UpstreamFailure, weatherTool } from '../../testing/provider-roundtrip.js';
import { mistralProvider } from './index.js';
import { mistralToolCallId } from './tool-call-id.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const MODEL = 'mistral-small-latest';
const settings = (extra = {}) => settingsFor('mistral', `${sim.url}/mistral/v1`, extra);

/** A conversation replaying a tool call whose id was minted by OpenAI. */
function replay(id: string): ChatRequest {
  return {
    model: MODEL,
    stream: false,
    tools: [weatherTool],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      { role: 'assistant', content: [], toolCalls: [{ id, name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', toolCallId: id, content: [{ type: 'text', text: 'sunny' }] },
    ],
  };
}

describe('mistral encode', () => {
  it("sends random_seed, tool_choice 'any', max_tokens, no stream_options and system for developer", () => {
    const spec = mistralProvider.chat.encode(
      {
        ...ask(MODEL, 'hi', { seed: 42, tools: [weatherTool], toolChoice: 'required', maxTokens: 7, stream: true }),
        messages: [
          { role: 'developer', content: [{ type: 'text', text: 'rules' }] },
          { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        ],
      },
      settingsFor('mistral', mistralProvider.defaultBaseUrl),
    );
    expect(spec.url).toBe('https://api.mistral.ai/v1/chat/completions');
    const body = JSON.parse(spec.body as string);
    expect(body).toMatchObject({ random_seed: 42, tool_choice: 'any', max_tokens: 7, stream: true });
    expect(body.seed).toBeUndefined();
    expect(body.stream_options).toBeUndefined();
    expect(body.messages[0].role).toBe('system');
  });

  it('rewrites foreign tool-call ids to 9 alphanumerics, the same way in the call and its result', () => {
    const body = JSON.parse(mistralProvider.chat.encode(replay('call_PTLP8xhu3uwZk4l3nlnrrJha'), settings()).body as string);
    const id = body.messages[1].tool_calls[0].id;
    expect(id).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(body.messages[2].tool_call_id).toBe(id);
    expect(mistralToolCallId('D681PevKs')).toBe('D681PevKs');
    expect(mistralToolCallId('call_a')).not.toBe(mistralToolCallId('call_b'));
  });
});

describe('mistral decode', () => {
  it('maps model_length to length and error to error, and joins text chunks of an array content', () => {
    const decode = (finish: string) =>
      mistralProvider.chat.decode(
        {
          id: 'c',
          model: MODEL,
          choices: [
            {
              message: {
                content: [
                  { type: 'text', text: 'a' },
                  { type: 'text', text: 'b' },
                ],
              },
              finish_reason: finish,
            },
          ],
        },
        settings(),
      );
    expect(decode('model_length')).toMatchObject({ finishReason: 'length', text: 'ab' });
    expect(decode('error').finishReason).toBe('error');
  });
});

describe('mistral round trips', () => {
  it('reads thinking chunks as reasoning and usage from the final chunk, streamed and not', async () => {
    const rt = roundTrip(mistralProvider, settings());
    const request = ask('magistral-small-latest', 'Hello there', { reasoning: { effort: 'medium' } });
    const res = await rt.chat(request);
    expect(res.text).toBe('Simulated reply to: Hello there (system: Be brief.)');
    expect(res.reasoning).toBe('Considering the request: Hello there');
    const events = await rt.stream(request);
    expect(textOf(events)).toBe(res.text);
    expect(reasoningOf(events).trim()).toBe(res.reasoning);
    expect(events.filter((e) => e.type === 'usage')).toEqual([{ type: 'usage', usage: res.usage }]);
  });

  it("streams tool calls with Mistral's own ids, forced by tool_choice 'any'", async () => {
    const events = await roundTrip(mistralProvider, settings()).stream(ask(MODEL, 'Hi', { tools: [weatherTool], toolChoice: 'required', seed: 5 }));
    const calls = toolCallsOf(events);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.id).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(JSON.parse(calls[0]!.arguments)).toEqual({ city: 'sample city' });
  });

  it('replays OpenAI-minted tool-call ids, which Mistral would refuse verbatim', async () => {
    const res = await roundTrip(mistralProvider, settings()).chat(replay('call_PTLP8xhu3uwZk4l3nlnrrJha'));
    expect(res.text).toBe('Tool results received: sunny');
    const spec = mistralProvider.chat.encode(replay('call_PTLP8xhu3uwZk4l3nlnrrJha'), settings());
    const raw = (spec.body as string).replaceAll(mistralToolCallId('call_PTLP8xhu3uwZk4l3nlnrrJha'), 'call_PTLP8xhu3uwZk4l3nlnrrJha');
    const err = await caught(() => roundTrip(mistralProvider, settings()).send({ ...spec, body: raw }));
    expect(err).toBeInstanceOf(UpstreamFailure);
    expect((err as UpstreamFailure).info).toMatchObject({
      message: 'Tool call id was call_PTLP8xhu3uwZk4l3nlnrrJha but must be a-z, A-Z, 0-9, with a length of 9.',
      type: 'invalid_request_error',
    });
  });

  it('reads 422 validation details, e.g. for a field Mistral does not know', async () => {
    const spec = mistralProvider.chat.encode(ask(MODEL, 'hi'), settings());
    const body = { ...JSON.parse(spec.body as string), stream_options: { include_usage: true } };
    const err = await caught(() => roundTrip(mistralProvider, settings()).send({ ...spec, body: JSON.stringify(body) }));
    expect((err as UpstreamFailure).status).toBe(422);
    expect((err as UpstreamFailure).info.message).toBe('body.stream_options: Extra inputs are not permitted');
  });

  it('leaves out user, which this API has no field for, instead of refusing the call', async () => {
    const spec = mistralProvider.chat.encode(ask(MODEL, 'hi', { user: 'u1' }), settings());
    expect(JSON.parse(spec.body as string)).not.toHaveProperty('user');
    const res = await roundTrip(mistralProvider, settings()).chat(ask(MODEL, 'hi', { user: 'u1' }));
    expect(res.finishReason).toBe('stop');
  });

  it('embeds with output_dimension, and leaves out user there too', async () => {
    const rt = roundTrip(mistralProvider, settings());
    const res = await rt.embed({ model: 'codestral-embed', input: ['a', 'b'], dimensions: 4 });
    expect(res.embeddings).toHaveLength(2);
    expect(res.embeddings[0]).toHaveLength(4);
    expect(res.usage.inputTokens).toBeGreaterThan(0);
    const body = JSON.parse(mistralProvider.embeddings!.encode({ model: 'm', input: ['a'], dimensions: 4 }, settings()).body as string);
    expect(body).toEqual({ model: 'm', input: ['a'], encoding_format: 'float', output_dimension: 4 });
    expect((await rt.embed({ model: 'mistral-embed', input: ['a'], user: 'u' })).embeddings).toHaveLength(1);
  });
});

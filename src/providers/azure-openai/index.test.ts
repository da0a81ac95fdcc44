/** Azure OpenAI: URLs, auth, api-version gating and content filtering, against the simulator's azure flavor. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { StreamEvent } from '../../core/types.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { ask, caught, roundTrip, settingsFor, textOf, toolCallsOf, UpstreamFailure, weatherTool } from '../../testing/provider-roundtrip.js';
import { DEFAULT_AZURE_API_VERSION } from './api-version.js';
import { azureOpenAIProvider as azure } from './index.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const DEPLOYMENT = 'my-gpt4o';
const GA = { apiVersion: '2024-10-21' };
const settings = (extra = {}) => settingsFor('azure-openai', `${sim.url}/azure`, { ...GA, ...extra });
const PREVIEW = { apiVersion: '2025-04-01-preview' };

describe('azure-openai encode', () => {
  it('defaults to the v1 API, which streams usage', () => {
    expect(DEFAULT_AZURE_API_VERSION).toBe('v1');
    const spec = azure.chat.encode(ask(DEPLOYMENT, 'hi', { stream: true }), settingsFor('azure-openai', 'https://res.openai.azure.com'));
    expect(spec.url).toBe('https://res.openai.azure.com/openai/v1/chat/completions');
    expect(JSON.parse(spec.body as string).stream_options).toEqual({ include_usage: true });
  });

  it('calls the deployment URL with a dated GA api-version and the api-key header', () => {
    const spec = azure.chat.encode(ask(DEPLOYMENT, 'hi', { maxTokens: 5, stream: true }), settingsFor('azure-openai', 'https://res.openai.azure.com', GA));
    expect(spec.url).toBe('https://res.openai.azure.com/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21');
    expect(spec.headers['api-key']).toBe('sim-key');
    expect(spec.headers.authorization).toBeUndefined();
    const body = JSON.parse(spec.body as string);
    // GA 2024-10-21 has max_completion_tokens but not stream_options.
    expect(body.max_completion_tokens).toBe(5);
    expect(body.stream_options).toBeUndefined();
  });

  it("uses the v1 API for api_version 'v1' (model = deployment in the body)", () => {
    const spec = azure.chat.encode(ask(DEPLOYMENT, 'hi', { stream: true }), settingsFor('azure-openai', 'https://res.openai.azure.com', { apiVersion: 'v1' }));
    expect(spec.url).toBe('https://res.openai.azure.com/openai/v1/chat/completions');
    const body = JSON.parse(spec.body as string);
    expect(body.model).toBe(DEPLOYMENT);
    expect(body.stream_options).toEqual({ include_usage: true });
  });

  it('gates fields by api-version: reasoning_effort and developer need a recent preview', async () => {
    const request = {
      ...ask(DEPLOYMENT, 'hi', { reasoning: { effort: 'low' as const } }),
      messages: [
        { role: 'developer' as const, content: [{ type: 'text' as const, text: 'rules' }] },
        { role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] },
      ],
    };
    const err = await caught(() => azure.chat.encode(request, settings()));
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ param: 'reasoning_effort' });
    const ga = JSON.parse(azure.chat.encode(request, settings({ dropParams: new Set(['reasoning_effort']) })).body as string);
    expect(ga.messages[0].role).toBe('system');
    const preview = JSON.parse(azure.chat.encode(request, settings(PREVIEW)).body as string);
    expect(preview).toMatchObject({ reasoning_effort: 'low', messages: [{ role: 'developer' }, { role: 'user' }] });
    const old = JSON.parse(azure.chat.encode(ask(DEPLOYMENT, 'hi', { maxTokens: 3 }), settings({ apiVersion: '2024-06-01' })).body as string);
    expect(old.max_tokens).toBe(3);
  });

  it('checks base_url and api_version at config time', () => {
    expect(azure.validateSettings!(settingsFor('azure-openai', 'https://res.openai.azure.com'))).toBeUndefined();
    expect(azure.validateSettings!(settingsFor('azure-openai', 'https://res.openai.azure.com/openai'))).toContain('without');
    expect(azure.validateSettings!(settingsFor('azure-openai', 'https://res.openai.azure.com', { apiVersion: 'latest' }))).toContain('api_version');
    expect(azure.requiredSettings).toEqual(['apiKey', 'baseUrl']);
  });
});

describe('azure-openai round trips', () => {
  it('answers non-streamed and streamed, skipping content-filter annotation chunks', async () => {
    const rt = roundTrip(azure, settings(PREVIEW));
    const res = await rt.chat(ask(DEPLOYMENT, 'Hello there'));
    expect(res.text).toBe('Simulated reply to: Hello there (system: Be brief.)');
    expect(res.model).toBe(DEPLOYMENT);
    const events = await rt.stream(ask(DEPLOYMENT, 'Hello there'));
    expect(events[0]).toMatchObject({ type: 'start', model: DEPLOYMENT });
    expect((events[0] as Extract<StreamEvent, { type: 'start' }>).id).not.toBe('');
    expect(textOf(events)).toBe(res.text);
    expect(events.filter((e) => e.type === 'finish')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'usage')).toEqual([{ type: 'usage', usage: res.usage }]);
  });

  it('streams on the GA version without stream_options (the simulator refuses it there)', async () => {
    const events = await roundTrip(azure, settings()).stream(ask(DEPLOYMENT, 'Hello there'));
    expect(textOf(events)).toContain('Hello there');
    const spec = azure.chat.encode({ ...ask(DEPLOYMENT, 'hi'), stream: true }, settings());
    const body = { ...JSON.parse(spec.body as string), stream_options: { include_usage: true } };
    const err = await caught(() => roundTrip(azure, settings()).send({ ...spec, body: JSON.stringify(body) }));
    expect(err).toMatchObject({ status: 400 });
    expect((err as UpstreamFailure).info.message).toBe('Unrecognized request argument supplied: stream_options');
  });

  it('streams tool calls; the v1 API works too', async () => {
    const calls = toolCallsOf(await roundTrip(azure, settings(PREVIEW)).stream(ask(DEPLOYMENT, 'call get_weather', { tools: [weatherTool] })));
    expect(calls[0]).toMatchObject({ name: 'get_weather', arguments: '{"city":"sample city"}' });
    const v1 = await roundTrip(azure, settings({ apiVersion: 'v1' })).stream(ask(DEPLOYMENT, 'Hello there'));
    expect(v1.filter((e) => e.type === 'usage')).toHaveLength(1);
  });

  it('is refused without api-key or api-version, as Azure does', async () => {
    const spec = azure.chat.encode(ask(DEPLOYMENT, 'hi'), settings());
    const noKey = await caught(() => roundTrip(azure, settings()).send({ ...spec, headers: { 'content-type': 'application/json' } }));
    expect(noKey).toMatchObject({ status: 401 });
    const noVersion = await caught(() => roundTrip(azure, settings()).send({ ...spec, url: spec.url.replace(/\?.*$/, '') }));
    expect(noVersion).toMatchObject({ status: 404 });
  });

  it('embeds through the deployment URL', async () => {
    const spec = azure.embeddings!.encode({ model: 'embed-dep', input: ['a'] }, settings());
    expect(spec.url).toBe(`${sim.url}/azure/openai/deployments/embed-dep/embeddings?api-version=2024-10-21`);
    const res = await roundTrip(azure, settings()).embed({ model: 'embed-dep', input: ['a', 'b'], dimensions: 3 });
    expect(res.embeddings.map((v) => v.length)).toEqual([3, 3]);
  });
});

describe('azure-openai content filter', () => {
  it('maps a filtered prompt (400, code content_filter) to content_filtered with the categories', async () => {
    const err = await caught(() => roundTrip(azure, settings()).chat(ask(DEPLOYMENT, 'bad words [[sim fault=content_filter]]')));
    expect(err).toBeInstanceOf(UpstreamFailure);
    const { status, info } = err as UpstreamFailure;
    expect(status).toBe(400);
    expect(info.errorCode).toBe('content_filtered');
    expect(info.type).toBe('content_filter');
    expect(info.message).toMatch(/^The prompt was blocked by Azure OpenAI's content filter \(hate: high\)\. The response was filtered/);
  });

  it('accepts the newer content_filter_results spelling and leaves other errors alone', () => {
    const newer = azure.decodeError(
      400,
      {},
      JSON.stringify({
        error: { code: 'content_filter', message: 'filtered', innererror: { content_filter_results: { 'self-harm': { filtered: true, severity: 'medium' } } } },
      }),
    );
    expect(newer.message).toBe("The prompt was blocked by Azure OpenAI's content filter (self_harm: medium). filtered");
    const other = azure.decodeError(
      404,
      {},
      JSON.stringify({ error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist.' } }),
    );
    expect(other).toEqual({ message: 'The API deployment for this resource does not exist.', type: 'DeploymentNotFound' });
  });

  it('maps a filtered completion in a stream to finish content_filter, after annotation-only chunks', () => {
    const decoder = azure.chat.createStreamDecoder(settings());
    const events = [
      '{"id":"","object":"","created":0,"model":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}],"choices":[],"usage":null}',
      '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":5,"model":"gpt-4o","choices":[{"index":0,"finish_reason":null,"delta":{"content":"Once"}}]}',
      '{"id":"","object":"","created":0,"model":"","choices":[{"index":0,"finish_reason":"content_filter","content_filter_results":{"protected_material_text":{"detected":true,"filtered":true}}}],"usage":null}',
    ].flatMap((data) => decoder.push({ data }));
    expect(events).toEqual([
      { type: 'start', id: 'chatcmpl-1', model: 'gpt-4o', created: 5 },
      { type: 'text', text: 'Once' },
      { type: 'finish', reason: 'content_filter', nativeReason: 'content_filter' },
    ]);
  });
});

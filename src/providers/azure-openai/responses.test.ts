/** Azure OpenAI's Responses codec: its two URL families, the api-version floor, and round trips through the simulator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { thrownGatewayError } from '../../testing/gateway-error.js';
import { ask, roundTrip, settingsFor, textOf } from '../../testing/provider-roundtrip.js';
import { azureOpenAIProvider as azure } from './index.js';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => sim.close());

const responses = azure.responses!;
const ORIGIN = 'https://res.openai.azure.com';

describe('azure-openai Responses codec', () => {
  it('uses {base}/openai/v1/responses by default and {base}/openai/responses?api-version=… for dated versions, the deployment in the body', () => {
    const v1 = responses.encode(ask('my-dep', 'hi'), settingsFor('azure-openai', ORIGIN));
    expect(v1.url).toBe(`${ORIGIN}/openai/v1/responses`);
    expect(v1.headers['api-key']).toBe('sim-key');
    expect(v1.headers.authorization).toBeUndefined();
    expect(JSON.parse(v1.body as string).model).toBe('my-dep');
    const dated = responses.encode(ask('a/b?c', 'hi'), settingsFor('azure-openai', ORIGIN, { apiVersion: '2025-04-01-preview' }));
    expect(dated.url).toBe(`${ORIGIN}/openai/responses?api-version=2025-04-01-preview`);
    // Not deployment-scoped: a name that could never be a path segment stays in the body only.
    expect(JSON.parse(dated.body as string).model).toBe('a/b?c');
  });

  it('refuses an api-version older than the Responses API with a 400 that says what to use', () => {
    const error = thrownGatewayError(() => responses.encode(ask('dep', 'hi'), settingsFor('azure-openai', ORIGIN, { apiVersion: '2024-10-21' })));
    expect(error).toMatchObject({ code: 'unsupported_parameter', status: 400, provider: 'azure-openai-test' });
    expect(error.message).toBe(
      "Provider 'azure-openai-test' cannot serve the Responses API: Azure OpenAI api_version '2024-10-21' predates it (use 'v1', or '2025-03-01-preview' or later).",
    );
  });

  it.each([{ apiVersion: 'v1' }, { apiVersion: '2025-03-01-preview' }])('answers through the simulator with %o', async (version) => {
    const rt = roundTrip(azure, settingsFor('azure-openai', `${sim.url}/azure`, version), undefined, responses);
    const whole = await rt.chat(ask('my-dep', 'Hello there'));
    expect(whole).toMatchObject({ model: 'my-dep', text: 'Simulated reply to: Hello there (system: Be brief.)' });
    expect(textOf(await rt.stream(ask('my-dep', 'Hello there')))).toBe(whole.text);
  });

  it("maps a prompt blocked by Azure's content filter to content_filtered", async () => {
    const rt = roundTrip(azure, settingsFor('azure-openai', `${sim.url}/azure`), undefined, responses);
    await expect(rt.chat(ask('dep', 'bad [[sim fault=content_filter]]'))).rejects.toMatchObject({ status: 400, info: { errorCode: 'content_filtered' } });
  });
});

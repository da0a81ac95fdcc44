/**
 * URL path injection through a running gateway: a client's model name (an upstream model called
 * directly as PROVIDER_ID/MODEL) must never move the upstream request out of the provider's
 * model path. Hostile names get a 400 naming 'model' in the caller's format, and every request
 * the simulator receives is on one of the expected paths.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type TestStack } from '../../src/testing/stack.js';
import { vertexCredentials } from '../conformance/targets.js';
import { expectAnthropicError, expectOpenAIError, postJson } from './http.js';

let stack: TestStack;
const seen: string[] = [];

beforeAll(async () => {
  stack = await startStack({
    providers: [
      { id: 'gemini', type: 'gemini', api_key: 'gm-key', base_url: '${SIM}' },
      {
        id: 'vertexprovider',
        type: 'vertex',
        project: 'sim-project',
        location: 'us-central1',
        credentials: vertexCredentials(),
        base_url: '${SIM}',
        token_url: '${SIM}/token',
      },
      { id: 'bedrock', type: 'bedrock', region: 'us-east-1', access_key_id: 'AKIDSIMULATOR', secret_access_key: 'simulator-secret', base_url: '${SIM}' },
      { id: 'azure', type: 'azure-openai', api_key: 'az-key', base_url: '${SIM}/azure', api_version: '2024-10-21' },
      { id: 'openai', type: 'openai', api_key: 'sk-key', base_url: '${SIM}/v1' },
    ],
  });
  // A second listener sees every request line exactly as it reached the simulator.
  stack.simulator.server.on('request', (req: { url?: string }) => seen.push(req.url ?? ''));
});
afterAll(async () => stack?.close());

// Where each provider may send requests; a model id is one segment without '/'.
const EXPECTED_PATHS: RegExp[] = [
  /^\/v1beta\/models\/[^/?#]+:(generateContent|streamGenerateContent\?alt=sse|batchEmbedContents)$/,
  /^\/v1\/projects\/sim-project\/locations\/us-central1\/publishers\/google\/models\/[^/?#]+:(generateContent|streamGenerateContent\?alt=sse|predict)$/,
  /^\/token$/,
  /^\/model\/[^/?#]+\/(converse|converse-stream|invoke)$/,
  /^\/azure\/openai\/deployments\/[^/?#]+\/(chat\/completions|embeddings)\?api-version=2024-10-21$/,
  /^\/v1\/(chat\/completions|embeddings)$/,
];
const DOT_SEGMENT = /\/(\.|%2e){1,2}(?=[/:?]|$)/i;

function expectOnlyExpectedPaths(): void {
  for (const url of seen) {
    expect(
      EXPECTED_PATHS.some((pattern) => pattern.test(url)),
      `unexpected upstream path ${url}`,
    ).toBe(true);
    expect(url, 'dot segment upstream').not.toMatch(DOT_SEGMENT);
  }
}

const HOSTILE = [
  'gemini/../../v1beta/models/x',
  'gemini/models/../../v1/projects/OTHER/locations/us-central1/publishers/google/models/x',
  'gemini/models/..',
  'gemini/tunedModels/../../x',
  'gemini/a?key=stolen',
  'gemini/a#b',
  'gemini/%2e%2e',
  'gemini/x\r\nx-injected: 1',
  'vertexprovider/projects/OTHER/locations/us-central1/publishers/google/models/gemini-2.5-flash',
  'vertexprovider/projects/sim-project/locations/us-central1/../../OTHER/locations/x/publishers/google/models/y',
  'vertexprovider/publishers/google/models/../../../../OTHER/x',
  'vertexprovider/..',
  'bedrock/..',
  'bedrock/../../x',
  'bedrock/a?b',
  'bedrock/a b',
  'azure/..',
  'azure/a/../../../v1/chat/completions',
  'azure/a?api-version=x',
];

describe('hostile direct model names', () => {
  it.each(HOSTILE)('OpenAI chat: %j gets 400 invalid_request naming model', async (model) => {
    const res = await postJson(`${stack.url}/v1/chat/completions`, { model, messages: [{ role: 'user', content: 'hi' }] });
    const { error } = expectOpenAIError(res, 400, 'invalid_request');
    expect(error.param).toBe('model');
    expect(error.message).toMatch(/^Invalid 'model' /);
  });

  it.each(HOSTILE)('Anthropic messages: %j gets 400 invalid_request', async (model) => {
    const res = await postJson(`${stack.url}/v1/messages`, { model, max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
    const { error } = expectAnthropicError(res, 400, 'invalid_request');
    expect(error.type).toBe('invalid_request_error');
    expect(error.message).toMatch(/^Invalid 'model' /);
  });

  it.each(['gemini/../../v1beta/models/x', 'vertexprovider/projects/OTHER/locations/us-central1/publishers/google/models/text-embedding-005', 'azure/..'])(
    'embeddings: %j gets 400 naming model',
    async (model) => {
      const { error } = expectOpenAIError(await postJson(`${stack.url}/v1/embeddings`, { model, input: 'hi' }), 400, 'invalid_request');
      expect(error.param).toBe('model');
    },
  );

  it('never reached the simulator: every hostile name was refused before sending', () => {
    expect(seen).toEqual([]);
  });
});

describe('legitimate direct model names still work', () => {
  it.each([
    'gemini/gemini-2.5-flash',
    'gemini/models/gemini-2.5-flash',
    'vertexprovider/gemini-2.5-flash',
    'vertexprovider/projects/sim-project/locations/us-central1/publishers/google/models/gemini-2.5-flash',
    'bedrock/anthropic.claude-3-haiku-20240307-v1:0',
    'bedrock/arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0',
    'azure/my-gpt-4o',
    'openai/../../weird?name',
  ])('%j answers 200 on the expected path', async (model) => {
    const res = await postJson(`${stack.url}/v1/chat/completions`, { model, messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status, res.text).toBe(200);
    expect(seen.length).toBeGreaterThan(0);
    expectOnlyExpectedPaths();
  });
});

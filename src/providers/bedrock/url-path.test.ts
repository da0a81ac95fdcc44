/**
 * URL path injection: the model id is one segment of /model/{modelId}/{operation}, encoded as
 * the AWS SDK does (':' and the '/' of ARNs included), and SigV4 signs that encoded path. Hostile
 * ids are refused with a 400 naming 'model' or stay inside that one segment; ARNs reach the
 * simulator, which verifies the signature over the double-encoded canonical URI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/types.js';
import { type RunningSimulator, startSimulator } from '../../simulator/server.js';
import { thrownGatewayError } from '../../testing/gateway-error.js';
import { checkHostileModels, HOSTILE_MODELS } from '../../testing/hostile-models.js';
import { roundTrip, textOf } from '../../testing/provider-roundtrip.js';
import type { ProviderSettings } from '../spec/provider.js';
import { bedrockProvider } from './index.js';

const ORIGIN = 'https://bedrock-runtime.us-east-1.amazonaws.com';
const aws: ProviderSettings = { id: 'aws', type: 'bedrock', baseUrl: '', region: 'us-east-1', apiKey: 'ABSKkey', headers: {}, dropParams: new Set() };
const chat = (model: string, stream = false): ChatRequest => ({
  model,
  stream,
  maxTokens: 16,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
});
const operation = (op: string) => ({ origin: ORIGIN, pathname: (model: string) => `/model/${encodeURIComponent(model)}/${op}` });

// Ids the AWS model-id alphabet allows: each stays one (encoded) segment and AWS answers 404.
const WELL_FORMED = new Set([':generateContent', 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/../../x']);

describe('bedrock: hostile model ids', () => {
  it('refuses what no Bedrock id contains and keeps the rest in one encoded segment, for converse and converse-stream', () => {
    const refused = checkHostileModels((model) => bedrockProvider.chat.encode(chat(model), aws), operation('converse'));
    expect(refused).toEqual(HOSTILE_MODELS.filter((model) => !WELL_FORMED.has(model)));
    checkHostileModels((model) => bedrockProvider.chat.encode(chat(model, true), aws), operation('converse-stream'));
  });

  it('does the same for InvokeModel embeddings, whose model must also name an embedder', () => {
    const models = HOSTILE_MODELS.map((hostile) => `cohere.embed-english-v3${hostile}`);
    checkHostileModels((model) => bedrockProvider.embeddings!.encode({ model, input: ['a'] }, aws), operation('invoke'), models);
    expect(thrownGatewayError(() => bedrockProvider.embeddings!.encode({ model: '..', input: ['a'] }, aws))).toMatchObject({ status: 400, param: 'model' });
  });

  it('explains the refusal', () => {
    expect(thrownGatewayError(() => bedrockProvider.chat.encode(chat('..'), aws)).message).toMatch(/^Invalid 'model' "\.\.": '\.' and '\.\.' are not names/);
    expect(thrownGatewayError(() => bedrockProvider.chat.encode(chat('a?b'), aws)).message).toBe(
      `Invalid 'model' "a?b": Bedrock model ids contain only letters, digits, '.', '_', ':' and '-' (ARNs also '/').`,
    );
    expect(thrownGatewayError(() => bedrockProvider.chat.encode(chat(`a${'b'.repeat(2048)}`), aws)).message).toMatch(/longer than 2048 characters/);
  });

  it('encodes the ":" and "/" of ARNs as the AWS SDK does', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6';
    expect(bedrockProvider.chat.encode(chat(arn), aws).url).toBe(
      `${ORIGIN}/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fa1b2c3d4e5f6/converse`,
    );
  });
});

describe('bedrock: ARN model ids through SigV4 to the simulator', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(async () => {
    await sim.close();
  });
  const signed = (): ProviderSettings => ({ ...aws, apiKey: undefined, baseUrl: sim.url, accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret' });

  it.each([
    'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0',
    'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
  ])('signs and sends %s (converse and converse-stream)', async (arn) => {
    const trip = roundTrip(bedrockProvider, signed());
    expect((await trip.chat(chat(arn))).finishReason).toBe('stop');
    expect(textOf(await trip.stream(chat(arn, true)))).toBe('Simulated reply to: Hi');
  });

  it('signs and sends an ARN to InvokeModel', async () => {
    const result = await roundTrip(bedrockProvider, signed()).embed({
      model: 'arn:aws:bedrock:us-east-1::foundation-model/cohere.embed-english-v3',
      input: ['a', 'b'],
    });
    expect(result.embeddings).toHaveLength(2);
  });
});

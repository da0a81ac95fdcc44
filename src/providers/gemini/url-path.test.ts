/**
 * URL path injection: a client's model name goes into AI Studio and Vertex URLs, which carry the
 * API key or service-account token. Hostile names must be refused (400 naming 'model') or stay
 * under the model collection; the legitimate forms keep working.
 */
import { describe, expect, it } from 'vitest';
import type { ChatRequest, EmbeddingsRequest } from '../../core/types.js';
import { thrownGatewayError } from '../../testing/gateway-error.js';
import { checkHostileModels, HOSTILE_MODELS } from '../../testing/hostile-models.js';
import type { ProviderSettings } from '../spec/provider.js';
import { geminiProvider, vertexProvider } from './index.js';

const studio: ProviderSettings = {
  id: 'g',
  type: 'gemini',
  baseUrl: 'https://generativelanguage.googleapis.com',
  apiKey: 'AIza-test',
  headers: {},
  dropParams: new Set(),
};
const vertex: ProviderSettings = {
  id: 'v',
  type: 'vertex',
  baseUrl: '',
  project: 'my-proj',
  location: 'us-central1',
  credentials: { client_email: 'sa@my-proj.iam.gserviceaccount.com', private_key: 'unused' },
  headers: {},
  dropParams: new Set(),
};

const chat = (model: string, stream = false): ChatRequest => ({ model, stream, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] });
const embed = (model: string): EmbeddingsRequest => ({ model, input: ['a'] });
const STUDIO_ORIGIN = 'https://generativelanguage.googleapis.com';
const VERTEX_ORIGIN = 'https://us-central1-aiplatform.googleapis.com';
const VERTEX_MODELS = '/v1/projects/my-proj/locations/us-central1/publishers/google/models';
// The hostile names that are well-formed Google ids ('@' appears in Vertex partner model
// versions); each stays a single segment, so Google answers 404 at worst.
const WELL_FORMED = new Set(['x'.repeat(3000), '@evil.example']);

describe('gemini (AI Studio): hostile model names', () => {
  it('refuses every one that is not a plain id, for chat, streams and embeddings', () => {
    const expected = (method: string) => ({ origin: STUDIO_ORIGIN, pathname: (model: string) => `/v1beta/models/${encodeURIComponent(model)}:${method}` });
    const refused = checkHostileModels((model) => geminiProvider.chat.encode(chat(model), studio), expected('generateContent'));
    expect(refused).toEqual(HOSTILE_MODELS.filter((model) => !WELL_FORMED.has(model)));
    checkHostileModels((model) => geminiProvider.chat.encode(chat(model, true), studio), { ...expected('streamGenerateContent'), search: '?alt=sse' });
    checkHostileModels((model) => geminiProvider.embeddings!.encode(embed(model), studio), expected('batchEmbedContents'));
  });

  it('says what is wrong and which forms are valid', () => {
    expect(thrownGatewayError(() => geminiProvider.chat.encode(chat('models/../../x'), studio)).message).toBe(
      `Invalid 'model' "models/../../x": AI Studio model names are ID, models/ID or tunedModels/ID.`,
    );
    expect(thrownGatewayError(() => geminiProvider.chat.encode(chat('models/..'), studio)).message).toMatch(
      /^Invalid 'model' "\.\.": '\.' and '\.\.' are not names/,
    );
    expect(thrownGatewayError(() => geminiProvider.chat.encode(chat('a?key=x'), studio)).message).toMatch(/only letters, digits/);
  });

  it('keeps bare ids, models/ID and tunedModels/ID working, in the URL and the embeddings body', () => {
    const url = (model: string) => geminiProvider.chat.encode(chat(model), studio).url;
    expect(url('gemini-2.5-flash')).toBe(`${STUDIO_ORIGIN}/v1beta/models/gemini-2.5-flash:generateContent`);
    expect(url('models/gemini-2.5-flash')).toBe(`${STUDIO_ORIGIN}/v1beta/models/gemini-2.5-flash:generateContent`);
    expect(url('tunedModels/my-tuned_model.v2')).toBe(`${STUDIO_ORIGIN}/v1beta/tunedModels/my-tuned_model.v2:generateContent`);
    const spec = geminiProvider.embeddings!.encode(embed('tunedModels/mine-1'), studio);
    expect(spec.url).toBe(`${STUDIO_ORIGIN}/v1beta/tunedModels/mine-1:batchEmbedContents`);
    expect(JSON.parse(String(spec.body)).requests[0].model).toBe('tunedModels/mine-1');
  });
});

describe('vertex: hostile model names', () => {
  it('refuses every one that is not a plain id, for chat and embeddings', () => {
    const expected = (method: string) => ({ origin: VERTEX_ORIGIN, pathname: (model: string) => `${VERTEX_MODELS}/${encodeURIComponent(model)}:${method}` });
    const refused = checkHostileModels((model) => vertexProvider.chat.encode(chat(model), vertex), expected('generateContent'));
    expect(refused).toEqual(HOSTILE_MODELS.filter((model) => !WELL_FORMED.has(model)));
    checkHostileModels((model) => vertexProvider.embeddings!.encode(embed(model), vertex), expected('predict'));
  });

  it("refuses full names in another project or location, since the request carries this provider's token", () => {
    for (const model of [
      'projects/OTHER/locations/us-central1/publishers/google/models/gemini-2.5-flash',
      'projects/my-proj/locations/europe-west4/publishers/google/models/gemini-2.5-flash',
      'projects/OTHER/locations/us-central1/endpoints/123',
      'projects/my-proj/locations/us-central1/../../OTHER/locations/us-central1/publishers/google/models/x',
    ]) {
      const error = thrownGatewayError(() => vertexProvider.chat.encode(chat(model), vertex));
      expect(error, model).toMatchObject({ status: 400, code: 'invalid_request', param: 'model' });
    }
    expect(
      thrownGatewayError(() => vertexProvider.chat.encode(chat('projects/OTHER/locations/us-central1/publishers/google/models/y'), vertex)).message,
    ).toMatch(/names a project or location other than this provider's/);
  });

  it('refuses malformed full and publisher names', () => {
    for (const model of [
      'projects/my-proj/locations/us-central1',
      'projects/my-proj/locations/us-central1/gemini-2.5-flash',
      'projects/my-proj/locations/us-central1/publishers/google/models/..',
      'projects/my-proj/places/us-central1/publishers/google/models/x',
      'publishers/google/models',
      'publishers/../models/x',
      'publishers/google/endpoints/x',
      'endpoints/123',
    ]) {
      expect(
        thrownGatewayError(() => vertexProvider.chat.encode(chat(model), vertex)),
        model,
      ).toMatchObject({ status: 400, param: 'model' });
    }
  });

  it('keeps bare ids, publisher models and full names in the configured project working', () => {
    const url = (model: string) => vertexProvider.chat.encode(chat(model), vertex).url;
    expect(url('gemini-2.5-flash')).toBe(`${VERTEX_ORIGIN}${VERTEX_MODELS}/gemini-2.5-flash:generateContent`);
    expect(url('publishers/anthropic/models/claude-sonnet-4@20250514')).toBe(
      `${VERTEX_ORIGIN}/v1/projects/my-proj/locations/us-central1/publishers/anthropic/models/claude-sonnet-4%4020250514:generateContent`,
    );
    expect(url('projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.5-flash')).toBe(
      `${VERTEX_ORIGIN}${VERTEX_MODELS}/gemini-2.5-flash:generateContent`,
    );
    expect(url('projects/my-proj/locations/us-central1/endpoints/1234567890')).toBe(
      `${VERTEX_ORIGIN}/v1/projects/my-proj/locations/us-central1/endpoints/1234567890:generateContent`,
    );
  });
});

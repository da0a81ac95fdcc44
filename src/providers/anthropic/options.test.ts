/** Anthropic and the options few providers share: service_tier is mapped, the rest refused by name. */
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/types.js';
import { thrownGatewayError as thrown } from '../../testing/gateway-error.js';
import type { ProviderSettings } from '../spec/provider.js';
import { encodeBody } from './encode-request.js';

const settings = (dropParams: string[] = []): ProviderSettings => ({
  id: 'claude',
  type: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  apiKey: 'k',
  headers: {},
  dropParams: new Set(dropParams),
});
const base: ChatRequest = { model: 'claude-sonnet-4-5', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] };

describe('anthropic: options', () => {
  it('sends service_tier: auto as auto and default as standard_only, and refuses other tiers', () => {
    expect(encodeBody({ ...base, serviceTier: 'auto' }, settings()).service_tier).toBe('auto');
    expect(encodeBody({ ...base, serviceTier: 'default' }, settings()).service_tier).toBe('standard_only');
    expect(thrown(() => encodeBody({ ...base, serviceTier: 'flex' }, settings()))).toMatchObject({ code: 'unsupported_parameter', param: 'service_tier' });
  });

  it.each([
    ['logprobs', { logprobs: true, topLogprobs: 2 }],
    ['logit_bias', { logitBias: { '1': 1 } }],
    ['prediction', { prediction: 'x' }],
    ['metadata', { metadata: { a: 'b' } }],
    ['store', { store: true }],
    ['verbosity', { verbosity: 'low' as const }],
  ])('refuses %s with a 400 naming it and the provider, unless drop_params lists it', (param, patch) => {
    const error = thrown(() => encodeBody({ ...base, ...patch }, settings()));
    expect(error).toMatchObject({ code: 'unsupported_parameter', status: 400, param, provider: 'claude' });
    expect(error.message).toBe(`Parameter '${param}' is not supported by provider 'claude'.`);
    expect(encodeBody({ ...base, ...patch }, settings([param]))).toEqual(encodeBody(base, settings()));
  });

  it.each([
    ['prompt_cache_key', { promptCacheKey: 'k' }],
    ['prompt_cache_retention', { openaiExtras: { prompt_cache_retention: '24h' } }],
  ])('leaves the prompt-cache hint %s out without a 400 (it changes cost, never the answer)', (_param, patch) => {
    expect(encodeBody({ ...base, ...patch }, settings())).toEqual(encodeBody(base, settings()));
  });

  it('leaves store: false out without complaint (it is the default)', () => {
    expect(encodeBody({ ...base, store: false }, settings())).toEqual(encodeBody(base, settings()));
  });
});

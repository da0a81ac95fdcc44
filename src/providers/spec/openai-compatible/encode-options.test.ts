import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../core/types.js';
import { azureDialect } from '../../azure-openai/api-version.js';
import { GROQ_DIALECT } from '../../groq/index.js';
import { MISTRAL_DIALECT } from '../../mistral/index.js';
import { TOGETHER_DIALECT } from '../../together/index.js';
import type { ProviderSettings } from '../provider.js';
import { decodeChatBody } from './decode-response.js';
import { OPENAI_DIALECT, type OpenAIDialect } from './dialect.js';
import { encodeChatBody } from './encode-request.js';

const settings = (dropParams: string[] = []): ProviderSettings => ({
  id: 'p1',
  type: 'test',
  baseUrl: 'http://x',
  headers: {},
  dropParams: new Set(dropParams),
});

const base: ChatRequest = { model: 'm', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] };
const all: ChatRequest = {
  ...base,
  logprobs: true,
  topLogprobs: 2,
  logitBias: { '42': -5 },
  serviceTier: 'default',
  prediction: 'draft',
  metadata: { team: 'a' },
  store: true,
  verbosity: 'high',
  promptCacheKey: 'k',
  openaiExtras: { prompt_cache_retention: '24h' },
};

const body = (request: ChatRequest, dialect: OpenAIDialect, drop: string[] = []) => encodeChatBody(request, settings(drop), dialect);

function refusal(request: ChatRequest, dialect: OpenAIDialect): { param?: string; code?: string; message?: string } {
  try {
    body(request, dialect);
  } catch (err) {
    return err as { param?: string };
  }
  throw new Error('expected a refusal');
}

describe('OpenAI-compatible base: options few APIs share', () => {
  it('sends every option under its OpenAI name to OpenAI', () => {
    expect(body(all, OPENAI_DIALECT)).toMatchObject({
      logprobs: true,
      top_logprobs: 2,
      logit_bias: { '42': -5 },
      service_tier: 'default',
      prediction: { type: 'content', content: 'draft' },
      metadata: { team: 'a' },
      store: true,
      verbosity: 'high',
      prompt_cache_key: 'k',
      prompt_cache_retention: '24h',
    });
  });

  it('refuses logprobs where the dialect lacks them, naming the parameter and provider; drop_params drops it', () => {
    const error = refusal({ ...base, logprobs: true, topLogprobs: 1 }, GROQ_DIALECT);
    expect(error).toMatchObject({ code: 'unsupported_parameter', param: 'logprobs' });
    expect(error.message).toBe("Parameter 'logprobs' is not supported by provider 'p1'.");
    const dropped = body({ ...base, logprobs: true, topLogprobs: 1 }, GROQ_DIALECT, ['logprobs']);
    expect(dropped).not.toHaveProperty('logprobs');
    expect(dropped).not.toHaveProperty('top_logprobs');
  });

  it('maps the tier to Groq names, and sends Mistral its prediction, metadata and cache key', () => {
    expect(body({ ...base, serviceTier: 'default' }, GROQ_DIALECT).service_tier).toBe('on_demand');
    expect(body({ ...base, serviceTier: 'flex' }, GROQ_DIALECT).service_tier).toBe('flex');
    expect(body({ ...base, prediction: 'p', metadata: { a: 'b' }, promptCacheKey: 'k' }, MISTRAL_DIALECT)).toMatchObject({
      prediction: { type: 'content', content: 'p' },
      metadata: { a: 'b' },
      prompt_cache_key: 'k',
    });
    expect(refusal({ ...base, logitBias: { '1': 1 } }, MISTRAL_DIALECT).param).toBe('logit_bias');
  });

  it.each([
    ['service_tier', { serviceTier: 'flex' }],
    ['prediction', { prediction: 'x' }],
    ['metadata', { metadata: { a: 'b' } }],
    ['store', { store: true }],
    ['verbosity', { verbosity: 'low' as const }],
  ])('refuses %s on Together by name, and drop_params leaves it out', (param, patch) => {
    expect(refusal({ ...base, ...patch }, TOGETHER_DIALECT).param).toBe(param);
    expect(body({ ...base, ...patch }, TOGETHER_DIALECT, [param])).not.toHaveProperty(param);
    expect(() => body({ ...base, ...patch }, TOGETHER_DIALECT, ['*'])).not.toThrow();
  });

  it('sends store: false and service_tier auto only where the field exists, and never refuses them', () => {
    expect(body({ ...base, store: false, serviceTier: 'auto' }, OPENAI_DIALECT)).toMatchObject({ store: false, service_tier: 'auto' });
    const together = body({ ...base, store: false, serviceTier: 'auto' }, TOGETHER_DIALECT);
    expect(together).not.toHaveProperty('store');
    expect(together).not.toHaveProperty('service_tier');
  });

  it("never refuses service_tier 'default' (standard processing is what an API without tiers gives)", () => {
    expect(body({ ...base, serviceTier: 'default' }, OPENAI_DIALECT).service_tier).toBe('default');
    expect(body({ ...base, serviceTier: 'default' }, TOGETHER_DIALECT)).not.toHaveProperty('service_tier');
  });

  it.each([
    ['prompt_cache_key', { promptCacheKey: 'k' }],
    ['prompt_cache_retention', { openaiExtras: { prompt_cache_retention: '24h' } }],
    ['prompt_cache_options', { openaiExtras: { prompt_cache_options: { ttl: '1h' } } }],
  ])('sends the prompt-cache hint %s where the dialect has it and leaves it out elsewhere, never a 400', (param, patch) => {
    expect(body({ ...base, ...patch }, OPENAI_DIALECT)).toHaveProperty(param);
    expect(body({ ...base, ...patch }, TOGETHER_DIALECT)).not.toHaveProperty(param);
  });

  it('follows Azure api-versions: metadata and store from 2024-12-01-preview, verbosity only on v1', () => {
    expect(body({ ...base, metadata: { a: 'b' }, store: true, verbosity: 'low' }, azureDialect('v1'))).toMatchObject({
      metadata: { a: 'b' },
      store: true,
      verbosity: 'low',
    });
    expect(body({ ...base, metadata: { a: 'b' } }, azureDialect('2024-12-01-preview')).metadata).toEqual({ a: 'b' });
    expect(refusal({ ...base, metadata: { a: 'b' } }, azureDialect('2024-10-21')).param).toBe('metadata');
    expect(refusal({ ...base, verbosity: 'low' }, azureDialect('2025-04-01-preview')).param).toBe('verbosity');
    expect(body({ ...base, logprobs: true }, azureDialect('2024-10-21')).logprobs).toBe(true);
  });
});

describe('OpenAI-compatible base: logprobs, tier and fingerprint in a chat.completion', () => {
  it('decodes content and refusal logprobs, service_tier and system_fingerprint', () => {
    const response = decodeChatBody(
      {
        id: 'c1',
        model: 'gpt-4o',
        created: 1,
        service_tier: 'flex',
        system_fingerprint: 'fp_1',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Hi', refusal: null },
            logprobs: {
              content: [{ token: 'Hi', logprob: -0.5, bytes: [72, 105], top_logprobs: [{ token: 'Hi', logprob: -0.5, bytes: null }] }],
              refusal: null,
            },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 1, completion_tokens: 1 },
      },
      'p1',
    );
    expect(response).toMatchObject({
      logprobs: [{ token: 'Hi', logprob: -0.5, bytes: [72, 105], top: [{ token: 'Hi', logprob: -0.5 }] }],
      serviceTier: 'flex',
      systemFingerprint: 'fp_1',
    });
    expect(response).not.toHaveProperty('refusalLogprobs');
    expect(response.logprobs?.[0]?.top?.[0]).not.toHaveProperty('bytes');
  });
});

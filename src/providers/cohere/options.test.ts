/** Cohere and the options few providers share: all refused by name (Cohere's logprobs are not OpenAI's). */
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/types.js';
import { thrownGatewayError as thrown } from '../../testing/gateway-error.js';
import type { ProviderSettings } from '../spec/provider.js';
import { encodeCohereChatBody } from './encode-request.js';

const settings = (dropParams: string[] = []): ProviderSettings => ({
  id: 'co',
  type: 'cohere',
  baseUrl: 'https://api.cohere.com',
  apiKey: 'k',
  headers: {},
  dropParams: new Set(dropParams),
});
const base: ChatRequest = { model: 'command-a-03-2025', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] };

describe('cohere: options', () => {
  it('refuses logprobs by name, and drops it when drop_params says so', () => {
    expect(thrown(() => encodeCohereChatBody({ ...base, logprobs: true }, settings()))).toMatchObject({
      code: 'unsupported_parameter',
      param: 'logprobs',
      provider: 'co',
    });
    expect(encodeCohereChatBody({ ...base, logprobs: true }, settings(['logprobs']))).not.toHaveProperty('logprobs');
  });

  it('refuses service_tier and metadata, and drops them all with "*"', () => {
    expect(thrown(() => encodeCohereChatBody({ ...base, serviceTier: 'priority' }, settings())).param).toBe('service_tier');
    // 'auto' asks for what Cohere does anyway.
    expect(encodeCohereChatBody({ ...base, serviceTier: 'auto' }, settings())).toEqual(encodeCohereChatBody(base, settings()));
    expect(thrown(() => encodeCohereChatBody({ ...base, metadata: { a: 'b' } }, settings())).param).toBe('metadata');
    expect(encodeCohereChatBody({ ...base, serviceTier: 'flex', metadata: { a: 'b' }, logitBias: { '1': 2 } }, settings(['*']))).toEqual(
      encodeCohereChatBody(base, settings()),
    );
  });
});

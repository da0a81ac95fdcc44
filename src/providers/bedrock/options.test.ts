/** Bedrock Converse and the options few providers share: metadata and service tier mapped, the rest refused. */
import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/types.js';
import { thrownGatewayError as thrown } from '../../testing/gateway-error.js';
import type { ProviderSettings } from '../spec/provider.js';
import { encodeConverseBody } from './encode-request.js';

const settings = (dropParams: string[] = []): ProviderSettings => ({
  id: 'br',
  type: 'bedrock',
  baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com',
  region: 'us-east-1',
  headers: {},
  dropParams: new Set(dropParams),
});
const base: ChatRequest = {
  model: 'anthropic.claude-3-haiku-20240307-v1:0',
  stream: false,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
};

describe('bedrock: options', () => {
  it('sends metadata and the end user together in requestMetadata, in the characters Bedrock allows', () => {
    expect(encodeConverseBody({ ...base, metadata: { team: 'search', 'odd key!': 'a&b' }, user: 'u-1' }, settings()).requestMetadata).toEqual({
      team: 'search',
      'odd key_': 'a_b',
      user: 'u-1',
    });
    expect(thrown(() => encodeConverseBody({ ...base, metadata: { user: 'x' }, user: 'y' }, settings())).param).toBe('metadata');
  });

  it('sends default, priority and flex tiers, leaves auto to Bedrock, and refuses scale', () => {
    expect(encodeConverseBody({ ...base, serviceTier: 'priority' }, settings()).serviceTier).toEqual({ type: 'priority' });
    expect(encodeConverseBody({ ...base, serviceTier: 'auto' }, settings())).not.toHaveProperty('serviceTier');
    expect(thrown(() => encodeConverseBody({ ...base, serviceTier: 'scale' }, settings()))).toMatchObject({
      code: 'unsupported_parameter',
      param: 'service_tier',
    });
  });

  it('refuses logprobs by name, and drops it when drop_params says so', () => {
    expect(thrown(() => encodeConverseBody({ ...base, logprobs: true }, settings()))).toMatchObject({ param: 'logprobs', provider: 'br' });
    expect(encodeConverseBody({ ...base, logprobs: true }, settings(['logprobs']))).toEqual(encodeConverseBody(base, settings()));
  });
});

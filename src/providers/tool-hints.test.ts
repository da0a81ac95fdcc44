/**
 * Tool fields only Anthropic takes (canonical ToolDefinition.anthropicExtras) and tool cache
 * breakpoints: Anthropic receives them as the client sent them, Bedrock gets a cachePoint, and
 * every other provider leaves them out without refusing the request.
 */
import { describe, expect, it } from 'vitest';
import type { ChatRequest, ToolDefinition } from '../core/types.js';
import { PROVIDERS } from './registry.js';
import type { ProviderSettings } from './spec/provider.js';

const hints = { eager_input_streaming: true, defer_loading: false, allowed_callers: ['direct'], input_examples: [{ city: 'Paris' }] };
const tool: ToolDefinition = {
  name: 'get_weather',
  description: 'Weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
  cacheControl: { type: 'ephemeral', ttl: '1h' },
  anthropicExtras: hints,
};
const request: ChatRequest = { model: 'm', stream: true, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], tools: [tool] };

function settingsFor(type: string): ProviderSettings {
  return {
    id: `p-${type}`,
    type,
    baseUrl: 'http://127.0.0.1:9',
    apiKey: 'k',
    apiVersion: 'v1',
    region: 'us-east-1',
    project: 'proj',
    location: 'us-central1',
    credentials: { client_email: 'sa@proj.iam.gserviceaccount.com', private_key: 'unused' },
    headers: {},
    dropParams: new Set(),
  };
}

function body(type: string): Record<string, unknown> {
  const model = type === 'bedrock' ? 'anthropic.claude-3-haiku-20240307-v1:0' : 'm';
  return JSON.parse(String(PROVIDERS.get(type)!.chat.encode({ ...request, model }, settingsFor(type)).body));
}

describe('Anthropic-only tool fields', () => {
  it('reach Anthropic as the client sent them, with the cache breakpoint', () => {
    expect(body('anthropic').tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather',
        input_schema: tool.parameters,
        cache_control: { type: 'ephemeral', ttl: '1h' },
        ...hints,
      },
    ]);
  });

  it('become a cachePoint after the tool on Bedrock, without the hints', () => {
    const config = body('bedrock').toolConfig as { tools: unknown[] };
    expect(config.tools).toEqual([
      { toolSpec: { name: 'get_weather', description: 'Weather', inputSchema: { json: tool.parameters } } },
      { cachePoint: { type: 'default', ttl: '1h' } },
    ]);
  });

  it.each([...PROVIDERS.values()].filter((p) => p.capabilities.tools && p.type !== 'anthropic').map((p) => p.type))(
    'are left out by %s, which takes the request',
    (type) => {
      const text = JSON.stringify(body(type));
      for (const key of [...Object.keys(hints), 'cache_control']) expect(text).not.toContain(key);
      expect(text).toContain('get_weather');
    },
  );
});

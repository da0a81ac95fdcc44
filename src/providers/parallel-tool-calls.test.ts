/**
 * "No parallel tool calls" across every provider codec: a request that forces exactly one tool
 * (or forbids tool calls) is never refused for it, since nothing could run in parallel; a request
 * that leaves the model free to call several tools is still refused where the API has no switch.
 */
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/errors.js';
import type { ChatRequest, ToolDefinition } from '../core/types.js';
import { PROVIDERS } from './registry.js';
import type { ProviderSettings } from './spec/provider.js';
import { wantsOneToolCallAtATime } from './spec/parallel-tool-calls.js';

const weather: ToolDefinition = { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
const time: ToolDefinition = { name: 'get_time', parameters: { type: 'object', properties: {} } };
const json: ToolDefinition = {
  name: 'json',
  description: 'Respond with a JSON object.',
  parameters: { type: 'object', properties: { n: { type: 'number' } } },
};

const request = (extra: Partial<ChatRequest>): ChatRequest => ({
  model: 'some-model',
  stream: false,
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  ...extra,
});

function settingsFor(type: string): ProviderSettings {
  return {
    id: `p-${type}`,
    type,
    baseUrl: 'http://127.0.0.1:9',
    apiKey: 'k',
    apiVersion: '2024-10-21',
    region: 'us-east-1',
    project: 'proj',
    location: 'us-central1',
    credentials: { client_email: 'sa@proj.iam.gserviceaccount.com', private_key: 'unused' },
    headers: {},
    dropParams: new Set(),
  };
}

/** The parameter a codec refused, if any (some refuse tool_choice itself, which is another matter). */
const refused = (out: Record<string, unknown> | GatewayError) => (out instanceof GatewayError ? out.param : undefined);

/** The encoded body's JSON, or the GatewayError the codec answered with. */
function encode(type: string, req: ChatRequest): Record<string, unknown> | GatewayError {
  const provider = PROVIDERS.get(type)!;
  try {
    const model = type === 'bedrock' ? 'anthropic.claude-3-haiku-20240307-v1:0' : req.model;
    return JSON.parse(String(provider.chat.encode({ ...req, model }, settingsFor(type)).body));
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
}

const withTools = [...PROVIDERS.values()].filter((p) => p.capabilities.tools).map((p) => p.type);

describe('wantsOneToolCallAtATime', () => {
  it('is false unless parallel tool calls are turned off', () => {
    expect(wantsOneToolCallAtATime(request({ tools: [weather, time] }))).toBe(false);
    expect(wantsOneToolCallAtATime(request({ tools: [weather, time], parallelToolCalls: true }))).toBe(false);
  });

  it('is false when the choice forces exactly one tool or forbids calls', () => {
    expect(wantsOneToolCallAtATime(request({ tools: [json], toolChoice: 'required', parallelToolCalls: false }))).toBe(false);
    expect(wantsOneToolCallAtATime(request({ tools: [weather, time], toolChoice: { name: 'get_time' }, parallelToolCalls: false }))).toBe(false);
    expect(wantsOneToolCallAtATime(request({ tools: [weather, time], toolChoice: 'none', parallelToolCalls: false }))).toBe(false);
  });

  it('is true when the model may still pick several calls', () => {
    expect(wantsOneToolCallAtATime(request({ tools: [weather, time], parallelToolCalls: false }))).toBe(true);
    expect(wantsOneToolCallAtATime(request({ tools: [weather, time], toolChoice: 'auto', parallelToolCalls: false }))).toBe(true);
    expect(wantsOneToolCallAtATime(request({ tools: [weather, time], toolChoice: 'required', parallelToolCalls: false }))).toBe(true);
    expect(wantsOneToolCallAtATime(request({ tools: [json], toolChoice: 'auto', parallelToolCalls: false }))).toBe(true);
  });
});

describe.each(withTools)('provider %s and parallel_tool_calls: false', (type) => {
  it('takes one forced tool, as generateObject sends it (one tool, tool_choice required)', () => {
    expect(refused(encode(type, request({ tools: [json], toolChoice: 'required', parallelToolCalls: false })))).not.toBe('parallel_tool_calls');
  });

  it('takes a named tool_choice among several tools', () => {
    expect(refused(encode(type, request({ tools: [weather, time], toolChoice: { name: 'get_time' }, parallelToolCalls: false })))).not.toBe(
      'parallel_tool_calls',
    );
  });

  it('either honours the switch or refuses it by name when the model may call several tools', () => {
    const out = encode(type, request({ tools: [weather, time], parallelToolCalls: false }));
    if (out instanceof GatewayError) {
      expect(out).toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'parallel_tool_calls' });
    } else {
      const text = JSON.stringify(out);
      expect(/parallel_tool_calls|disable_parallel_tool_use/.test(text)).toBe(true);
    }
  });
});

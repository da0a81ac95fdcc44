/**
 * The Anthropic ingress's decision for each documented field real clients send (docs/providers.md,
 * "Anthropic Messages fields"): mapped, kept for an Anthropic upstream, dropped as a hint, or
 * refused by name.
 */
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import { decodeRequest } from './decode-request.js';

function fails(body: unknown): GatewayError {
  try {
    decodeRequest(body);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a GatewayError');
}

const ok = { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hi' }] };
const schema = { type: 'object', properties: { city: { type: 'string' } } };

describe('anthropic ingress: tool fields', () => {
  it('accepts what @ai-sdk/anthropic sends on every streamed tool (eager_input_streaming) and keeps it for Anthropic', () => {
    const request = decodeRequest({ ...ok, stream: true, tools: [{ name: 'get_weather', input_schema: schema, eager_input_streaming: true }] });
    expect(request.tools).toEqual([{ name: 'get_weather', parameters: schema, anthropicExtras: { eager_input_streaming: true } }]);
  });

  it('keeps defer_loading, allowed_callers and input_examples by their wire names, and cache_control as the canonical breakpoint', () => {
    const request = decodeRequest({
      ...ok,
      tools: [
        {
          type: 'custom',
          name: 'get_weather',
          description: 'Weather',
          input_schema: schema,
          cache_control: { type: 'ephemeral', ttl: '1h' },
          strict: true,
          defer_loading: false,
          allowed_callers: ['direct'],
          input_examples: [{ city: 'Paris' }],
          eager_input_streaming: false,
        },
      ],
    });
    expect(request.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather',
        parameters: schema,
        strict: true,
        cacheControl: { type: 'ephemeral', ttl: '1h' },
        anthropicExtras: { eager_input_streaming: false, defer_loading: false, allowed_callers: ['direct'], input_examples: [{ city: 'Paris' }] },
      },
    ]);
  });

  it('treats null tool fields as absent', () => {
    const request = decodeRequest({
      ...ok,
      tools: [{ name: 'f', input_schema: schema, eager_input_streaming: null, cache_control: null, input_examples: null }],
    });
    expect(request.tools).toEqual([{ name: 'f', parameters: schema }]);
  });

  it.each([
    [{ eager_input_streaming: 'yes' }, 'tools.0.eager_input_streaming', /valid boolean/],
    [{ defer_loading: 1 }, 'tools.0.defer_loading', /valid boolean/],
    [{ allowed_callers: 'direct' }, 'tools.0.allowed_callers', /valid list/],
    [{ allowed_callers: [7] }, 'tools.0.allowed_callers.0', /valid string/],
    [{ allowed_callers: ['code_execution_20250825'] }, 'tools.0.allowed_callers', /only code execution/],
    [{ input_examples: [1] }, 'tools.0.input_examples.0', /valid dictionary/],
    [{ cache_control: { type: 'persistent' } }, 'tools.0.cache_control.type', /ephemeral/],
    [{ hidden: true }, 'tools.0.hidden', /Extra inputs/],
  ])('refuses a bad tool field %j naming %s', (extra, param, message) => {
    const err = fails({ ...ok, tools: [{ name: 'f', input_schema: schema, ...extra }] });
    expect(err).toMatchObject({ status: 400, param });
    expect(err.message).toMatch(message);
  });
});

describe('anthropic ingress: top-level fields', () => {
  it("maps service_tier: auto stays auto, standard_only becomes OpenAI's default", () => {
    expect(decodeRequest({ ...ok, service_tier: 'auto' }).serviceTier).toBe('auto');
    expect(decodeRequest({ ...ok, service_tier: 'standard_only' }).serviceTier).toBe('default');
    expect(decodeRequest({ ...ok, service_tier: null })).not.toHaveProperty('serviceTier');
  });

  it('maps the top-level cache_control to a breakpoint on the last text block, as Anthropic places it', () => {
    const request = decodeRequest({
      ...ok,
      system: 'Be terse.',
      cache_control: { type: 'ephemeral' },
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      ],
    });
    expect(request.messages.at(-1)!.content).toEqual([{ type: 'text', text: 'Weather?', cacheControl: { type: 'ephemeral' } }]);
    expect(request.messages[0]!.content).toEqual([{ type: 'text', text: 'Be terse.' }]);
  });

  it('keeps an explicit breakpoint already on the last block as it is', () => {
    const request = decodeRequest({
      ...ok,
      cache_control: { type: 'ephemeral', ttl: '1h' },
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral' } }] }],
    });
    expect(request.messages[0]!.content).toEqual([{ type: 'text', text: 'Hi', cacheControl: { type: 'ephemeral' } }]);
  });

  it("drops the hints speed, inference_geo 'global' and diagnostics, which never change the answer", () => {
    const request = decodeRequest({ ...ok, speed: 'fast', inference_geo: 'global', diagnostics: { previous_message_id: 'msg_1' } });
    expect(request).toEqual(decodeRequest(ok));
  });

  it('treats null refused fields as absent', () => {
    expect(decodeRequest({ ...ok, container: null, mcp_servers: null, context_management: null })).toEqual(decodeRequest(ok));
  });

  it.each([
    [{ service_tier: 'priority' }, 'service_tier', 'invalid_request', /'auto' or 'standard_only'/],
    [{ service_tier: 'constructor' }, 'service_tier', 'invalid_request', /'auto' or 'standard_only'/],
    [{ cache_control: { type: 'ephemeral', ttl: '2h' } }, 'cache_control.ttl', 'invalid_request', /'5m' or '1h'/],
    [{ speed: 'ludicrous' }, 'speed', 'invalid_request', /'standard' or 'fast'/],
    [{ inference_geo: 'us' }, 'inference_geo', 'unsupported_parameter', /cannot promise where/],
    [{ inference_geo: 3 }, 'inference_geo', 'invalid_request', /valid string/],
    [{ diagnostics: { previous_message_id: 1 } }, 'diagnostics.previous_message_id', 'invalid_request', /valid string/],
    [{ diagnostics: { other: 1 } }, 'diagnostics.other', 'invalid_request', /Extra inputs/],
    [{ container: 'container_1' }, 'container', 'unsupported_parameter', /server tools/],
    [{ mcp_servers: [{ type: 'url', url: 'https://mcp.example', name: 'x' }] }, 'mcp_servers', 'unsupported_parameter', /MCP connector/],
    [{ context_management: { edits: [] } }, 'context_management', 'unsupported_parameter', /context editing/],
    [{ thinking: { type: 'adaptive', display: 'omitted' } }, 'thinking.display', 'unsupported_parameter', /display 'omitted'/],
    [{ output_config: { effort: 'constructor' } }, 'output_config.effort', 'invalid_request', /'low'/],
    [{ constructor: 1 }, 'constructor', 'invalid_request', /Extra inputs/],
  ])('answers %j with a 400 naming %s', (extra, param, code, message) => {
    const err = fails({ ...ok, ...extra });
    expect(err).toMatchObject({ status: 400, param, code });
    expect(err.message).toMatch(message);
  });

  it('accepts adaptive thinking with display summarized', () => {
    expect(decodeRequest({ ...ok, thinking: { type: 'adaptive', display: 'summarized' } }).reasoning).toEqual({ effort: 'medium' });
  });
});

import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/types.js';
import type { ProviderSettings } from '../spec/provider.js';
import { encodeRequest } from './encode-request.js';
import { thrownGatewayError as thrown } from '../../testing/gateway-error.js';

// biome-ignore lint/suspicious/noExplicitAny: wire bodies are read loosely in assertions
type Loose = any;

const settings: ProviderSettings = {
  id: 'claude',
  type: 'anthropic',
  baseUrl: 'https://api.anthropic.com',
  apiKey: 'sk-ant-test',
  headers: {},
  dropParams: new Set(),
};

function base(extra: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model: 'claude-sonnet-4-5',
    stream: false,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    ...extra,
  };
}

function body(request: ChatRequest, s: ProviderSettings = settings): Record<string, Loose> {
  return JSON.parse(encodeRequest(request, s).body as string);
}

describe('anthropic encodeRequest', () => {
  it('posts to /v1/messages with the Anthropic headers and a default max_tokens', () => {
    const spec = encodeRequest(base(), { ...settings, headers: { 'anthropic-beta': 'files-api-2025-04-14' } });
    expect(spec.method).toBe('POST');
    expect(spec.url).toBe('https://api.anthropic.com/v1/messages');
    expect(spec.headers).toEqual({
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'x-api-key': 'sk-ant-test',
      'anthropic-beta': 'files-api-2025-04-14',
    });
    expect(JSON.parse(spec.body as string)).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
  });

  it('moves system and developer messages to system, joined in order', () => {
    const b = body(
      base({
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'Be terse.' }] },
          { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
          { role: 'developer', content: [{ type: 'text', text: 'Use metric.' }] },
        ],
        maxTokens: 100,
      }),
    );
    expect(b.system).toBe('Be terse.\n\nUse metric.');
    expect(b.max_tokens).toBe(100);
    expect(b.messages).toHaveLength(1);
  });

  it('keeps cache breakpoints as cache_control on system and user text blocks', () => {
    const b = body(
      base({
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'Long prompt', cacheControl: { type: 'ephemeral', ttl: '1h' } }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Doc', cacheControl: { type: 'ephemeral' } },
              { type: 'text', text: '' },
            ],
          },
        ],
      }),
    );
    expect(b.system).toEqual([{ type: 'text', text: 'Long prompt', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
    expect(b.messages[0].content).toEqual([{ type: 'text', text: 'Doc', cache_control: { type: 'ephemeral' } }]);
  });

  it('merges same-role turns and puts tool results first in one user turn', () => {
    const b = body(
      base({
        tools: [{ name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Weather in Paris' }] },
          { role: 'user', content: [{ type: 'text', text: 'and Rome?' }] },
          {
            role: 'assistant',
            content: [{ type: 'text', text: 'Checking.' }],
            toolCalls: [
              { id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
              { id: 'toolu_2', name: 'get_weather', arguments: '' },
            ],
          },
          { role: 'tool', toolCallId: 'toolu_1', content: [{ type: 'text', text: '18C' }] },
          { role: 'tool', toolCallId: 'toolu_2', content: [{ type: 'text', text: 'unknown city' }], isError: true },
          { role: 'user', content: [{ type: 'text', text: 'In Fahrenheit.' }] },
        ],
      }),
    );
    expect(b.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather in Paris' },
          { type: 'text', text: 'and Rome?' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '18C' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: 'unknown city', is_error: true },
          { type: 'text', text: 'In Fahrenheit.' },
        ],
      },
    ]);
  });

  it('sends tool results with images as block arrays', () => {
    const b = body(
      base({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Look' }] },
          { role: 'assistant', content: [], toolCalls: [{ id: 't1', name: 'snap', arguments: '{}' }] },
          {
            role: 'tool',
            toolCallId: 't1',
            content: [
              { type: 'text', text: 'photo:' },
              { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
            ],
          },
        ],
        tools: [{ name: 'snap', parameters: {} }],
      }),
    );
    expect(b.messages[2].content[0]).toEqual({
      type: 'tool_result',
      tool_use_id: 't1',
      content: [
        { type: 'text', text: 'photo:' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      ],
    });
    expect(b.tools).toEqual([{ name: 'snap', input_schema: { type: 'object', properties: {} } }]);
  });

  it('encodes image URLs and base64 images, and rejects unsupported media types', () => {
    const b = body(
      base({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', url: 'https://example.com/cat.jpg', detail: 'high' },
              { type: 'image', data: 'R0lGOD', mediaType: 'image/gif' },
            ],
          },
        ],
      }),
    );
    expect(b.messages[0].content).toEqual([
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/gif', data: 'R0lGOD' } },
    ]);
    const err = thrown(() =>
      encodeRequest(base({ messages: [{ role: 'user', content: [{ type: 'image', data: 'AAA', mediaType: 'image/bmp' }] }] }), settings),
    );
    expect(err.code).toBe('invalid_image');
    expect(err.status).toBe(400);
    expect(err.param).toBe('messages[0].content[0]');
  });

  it('maps tools and every tool_choice form', () => {
    const tools = [{ name: 'a', description: 'A tool', parameters: { type: 'object', properties: {} }, strict: true }];
    expect(body(base({ tools })).tools).toEqual([{ name: 'a', description: 'A tool', input_schema: { type: 'object', properties: {} }, strict: true }]);
    expect(body(base({ tools })).tool_choice).toBeUndefined();
    expect(body(base({ tools, toolChoice: 'auto' })).tool_choice).toEqual({ type: 'auto' });
    expect(body(base({ tools, toolChoice: 'required' })).tool_choice).toEqual({ type: 'any' });
    expect(body(base({ tools, toolChoice: 'none' })).tool_choice).toEqual({ type: 'none' });
    expect(body(base({ tools, toolChoice: { name: 'a' } })).tool_choice).toEqual({ type: 'tool', name: 'a' });
    expect(body(base({ tools, toolChoice: 'required', parallelToolCalls: false })).tool_choice).toEqual({
      type: 'any',
      disable_parallel_tool_use: true,
    });
    expect(body(base({ tools, parallelToolCalls: false })).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(body(base({ toolChoice: 'none' })).tool_choice).toBeUndefined();
    expect(thrown(() => encodeRequest(base({ toolChoice: 'required' }), settings)).param).toBe('tool_choice');
  });

  it('maps stop, sampling, user and stream', () => {
    const b = body(base({ stop: ['END'], temperature: 1.7, topP: 0.9, topK: 40, user: 'u-42', stream: true }));
    expect(b.stop_sequences).toEqual(['END']);
    expect(b.temperature).toBe(1);
    expect(b.top_p).toBe(0.9);
    expect(b.top_k).toBe(40);
    expect(b.metadata).toEqual({ user_id: 'u-42' });
    expect(b.stream).toBe(true);
    expect(encodeRequest(base({ stream: true }), settings).headers.accept).toBe('text/event-stream');
  });

  it('rejects seed and penalties unless configured to drop them', () => {
    const err = thrown(() => encodeRequest(base({ seed: 7 }), settings));
    expect(err.code).toBe('unsupported_parameter');
    expect(err.param).toBe('seed');
    expect(err.message).toContain("'claude'");
    expect(thrown(() => encodeRequest(base({ presencePenalty: 1 }), settings)).param).toBe('presence_penalty');
    const dropping = { ...settings, dropParams: new Set(['seed', 'frequency_penalty']) };
    const b = body(base({ seed: 7, frequencyPenalty: 0.5 }), dropping);
    expect(b).not.toHaveProperty('seed');
    expect(Object.keys(b).sort()).toEqual(['max_tokens', 'messages', 'model']);
  });

  it('maps json_schema to native output_config.format', () => {
    const schema = { type: 'object', properties: { x: { type: 'number' } }, required: ['x'], additionalProperties: false };
    const b = body(base({ responseFormat: { type: 'json_schema', name: 'out', schema, strict: true } }));
    expect(b.output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(b.tools).toBeUndefined();
  });

  it('maps json_object to a forced reserved tool, and refuses it next to client tools', () => {
    const b = body(base({ responseFormat: { type: 'json_object' } }));
    expect(b.tools).toHaveLength(1);
    expect(b.tools[0].name).toBe('switchboard_json_response');
    expect(b.tool_choice).toEqual({ type: 'tool', name: 'switchboard_json_response' });
    const withTools = base({ responseFormat: { type: 'json_object' }, tools: [{ name: 'a', parameters: {} }] });
    expect(thrown(() => encodeRequest(withTools, settings)).param).toBe('response_format');
    const dropped = body(withTools, { ...settings, dropParams: new Set(['response_format']) });
    expect(dropped.tools.map((t: { name: string }) => t.name)).toEqual(['a']);
  });

  it('turns reasoning into thinking and keeps budget_tokens below max_tokens', () => {
    expect(body(base({ reasoning: { effort: 'medium' } }))).toMatchObject({
      max_tokens: 8192 + 4096,
      thinking: { type: 'enabled', budget_tokens: 8192 },
    });
    expect(body(base({ reasoning: { budgetTokens: 2000 }, maxTokens: 10000 }))).toMatchObject({
      max_tokens: 10000,
      thinking: { type: 'enabled', budget_tokens: 2000 },
    });
    expect(body(base({ reasoning: { budgetTokens: 300 }, maxTokens: 500 }))).toMatchObject({
      max_tokens: 1524,
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    expect(body(base({ reasoning: { effort: 'none' } }))).not.toHaveProperty('thinking');
  });

  it('refuses sampling changes and forced tools while thinking', () => {
    const thinking = { reasoning: { effort: 'low' as const } };
    expect(thrown(() => encodeRequest(base({ ...thinking, temperature: 0.2 }), settings)).param).toBe('temperature');
    expect(thrown(() => encodeRequest(base({ ...thinking, topK: 5 }), settings)).param).toBe('top_k');
    expect(thrown(() => encodeRequest(base({ ...thinking, topP: 0.5 }), settings)).param).toBe('top_p');
    const tools = [{ name: 'a', parameters: {} }];
    expect(thrown(() => encodeRequest(base({ ...thinking, tools, toolChoice: 'required' }), settings)).param).toBe('tool_choice');
    expect(body(base({ ...thinking, temperature: 1, topP: 0.97 }))).toMatchObject({ temperature: 1, top_p: 0.97 });
  });

  it('replays signed thinking and redacted thinking in assistant turns, in order', () => {
    const b = body(
      base({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Q' }] },
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'think', signature: 'sig-1' },
              { type: 'reasoning', text: '', redactedData: 'opaque' },
              { type: 'reasoning', text: 'unsigned from another provider' },
              { type: 'text', text: 'A' },
            ],
          },
          { role: 'user', content: [{ type: 'text', text: 'More' }] },
        ],
      }),
    );
    expect(b.messages[1].content).toEqual([
      { type: 'thinking', thinking: 'think', signature: 'sig-1' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'text', text: 'A' },
    ]);
  });

  it('names the bad tool-call arguments and an empty conversation', () => {
    const bad = base({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Q' }] },
        { role: 'assistant', content: [], toolCalls: [{ id: 'x', name: 'a', arguments: '[1,2]' }] },
      ],
    });
    expect(thrown(() => encodeRequest(bad, settings)).param).toBe('messages[1].tool_calls[0].arguments');
    const empty = base({ messages: [{ role: 'system', content: [{ type: 'text', text: 'only system' }] }] });
    expect(thrown(() => encodeRequest(empty, settings)).param).toBe('messages');
  });
});

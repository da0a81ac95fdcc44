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

describe('anthropic ingress decodeChat', () => {
  it('decodes a minimal request', () => {
    expect(decodeRequest(ok)).toEqual({
      model: 'claude-sonnet-4-5',
      maxTokens: 1024,
      stream: false,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
  });

  it('decodes a full request: system blocks, images, tools, tool loop, thinking, sampling, metadata', () => {
    const request = decodeRequest({
      model: 'sonnet',
      max_tokens: 4000,
      stream: true,
      system: [{ type: 'text', text: 'Be terse.', cache_control: { type: 'ephemeral' } }],
      stop_sequences: ['END'],
      temperature: 1,
      top_p: 0.99,
      top_k: 5,
      metadata: { user_id: 'user-1' },
      thinking: { type: 'enabled', budget_tokens: 2048 },
      tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: {} } }],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather here?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw==' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Need the tool.', signature: 'sig' },
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: '18C', cache_control: { type: 'ephemeral' } },
            { type: 'text', text: 'Thanks' },
          ],
        },
      ],
    });
    expect(request).toEqual({
      model: 'sonnet',
      maxTokens: 4000,
      stream: true,
      stop: ['END'],
      temperature: 1,
      topP: 0.99,
      topK: 5,
      user: 'user-1',
      reasoning: { budgetTokens: 2048 },
      tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: {} } }],
      toolChoice: 'auto',
      parallelToolCalls: false,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be terse.', cacheControl: { type: 'ephemeral' } }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Weather here?' },
            { type: 'image', data: 'iVBORw==', mediaType: 'image/png' },
            { type: 'image', url: 'https://example.com/a.jpg' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Need the tool.', signature: 'sig' },
            { type: 'reasoning', text: '', redactedData: 'opaque' },
            { type: 'text', text: 'Checking.' },
          ],
          toolCalls: [{ id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
        },
        { role: 'tool', toolCallId: 'toolu_1', content: [{ type: 'text', text: '18C', cacheControl: { type: 'ephemeral' } }] },
        { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
      ],
    });
  });

  it('decodes tool_choice forms, error results, output_config and adaptive thinking', () => {
    const tools = [{ name: 'f', input_schema: { type: 'object' } }];
    expect(decodeRequest({ ...ok, tools, tool_choice: { type: 'any' } }).toolChoice).toBe('required');
    expect(decodeRequest({ ...ok, tools, tool_choice: { type: 'none' } }).toolChoice).toBe('none');
    expect(decodeRequest({ ...ok, tools, tool_choice: { type: 'tool', name: 'f' } }).toolChoice).toEqual({ name: 'f' });
    const withError = decodeRequest({
      ...ok,
      tools,
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', is_error: true, content: [{ type: 'text', text: 'boom' }] }] },
      ],
    });
    expect(withError.messages[2]).toEqual({ role: 'tool', toolCallId: 't', isError: true, content: [{ type: 'text', text: 'boom' }] });
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    const structured = decodeRequest({ ...ok, output_config: { format: { type: 'json_schema', schema }, effort: 'max' } });
    expect(structured.responseFormat).toEqual({ type: 'json_schema', name: 'response', schema });
    expect(structured.reasoning).toEqual({ effort: 'high' });
    expect(decodeRequest({ ...ok, thinking: { type: 'adaptive' } }).reasoning).toEqual({ effort: 'medium' });
    expect(decodeRequest({ ...ok, thinking: { type: 'disabled' } }).reasoning).toBeUndefined();
  });

  it('accepts eager_input_streaming on a tool (what the Vercel AI SDK sends when streaming), kept only for an Anthropic upstream', () => {
    const request = decodeRequest({ ...ok, stream: true, tools: [{ name: 'f', input_schema: { type: 'object' }, eager_input_streaming: true }] });
    expect(request.tools).toEqual([{ name: 'f', parameters: { type: 'object' }, anthropicExtras: { eager_input_streaming: true } }]);
  });

  it('accepts an empty final assistant message (prefill) and rejects other empty content', () => {
    const prefill = decodeRequest({
      ...ok,
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: '' },
      ],
    });
    expect(prefill.messages).toHaveLength(1);
    const err = fails({ ...ok, messages: [{ role: 'user', content: [] }] });
    expect(err.param).toBe('messages.0');
    expect(err.message).toMatch(/non-empty content/);
  });

  it.each([
    [{ max_tokens: 10, messages: ok.messages }, 'model', /Field required/],
    [{ model: 'm', messages: ok.messages }, 'max_tokens', /Field required/],
    [{ ...ok, max_tokens: 0 }, 'max_tokens', /greater than or equal to 1/],
    [{ ...ok, max_tokens: 1.5 }, 'max_tokens', /valid integer/],
    [{ model: 'm', max_tokens: 1 }, 'messages', /Field required/],
    [{ ...ok, messages: [] }, 'messages', /at least one/],
    [{ ...ok, messages: [{ role: 'system', content: 'x' }] }, 'messages.0.role', /'user' or 'assistant'/],
    [{ ...ok, messages: [{ role: 'user' }] }, 'messages.0.content', /Field required/],
    [{ ...ok, messages: [{ role: 'user', content: 42 }] }, 'messages.0.content', /string or list/],
    [{ ...ok, messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] }, 'messages.0.content.0.text', /non-empty/],
    [{ ...ok, messages: [{ role: 'user', content: [{ type: 'document', source: {} }] }] }, 'messages.0.content.0.type', /not supported/],
    [
      { ...ok, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: 'AAAA' } }] }] },
      'messages.0.content.0.source.media_type',
      /image\/png/,
    ],
    [
      {
        ...ok,
        messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'data:image/png;base64,AAAA' } }] }],
      },
      'messages.0.content.0.source.data',
      /valid base64/,
    ],
    [
      { ...ok, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'file:///etc/passwd' } }] }] },
      'messages.0.content.0.source.url',
      /http/,
    ],
    [{ ...ok, messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'b', input: {} }] }] }, 'messages.0.content.0.type', /assistant/],
    [{ ...ok, temperature: 1.5 }, 'temperature', /between 0 and 1/],
    [{ ...ok, stop_sequences: 'END' }, 'stop_sequences', /valid list/],
    [{ ...ok, metadata: { user_id: 'u', session: 1 } }, 'metadata.session', /Extra inputs/],
    [{ ...ok, thinking: { type: 'enabled', budget_tokens: 512 } }, 'thinking.budget_tokens', /1024/],
    [{ ...ok, thinking: { type: 'enabled', budget_tokens: 2048 } }, 'thinking.budget_tokens', /max_tokens/],
    [{ ...ok, tool_choice: { type: 'tool', name: 'nope' } }, 'tool_choice.name', /not found/],
    [{ ...ok, tool_choice: { type: 'maybe' } }, 'tool_choice.type', /'auto'/],
    [{ ...ok, tools: [{ name: 'f' }] }, 'tools.0.input_schema', /valid dictionary/],
    [{ ...ok, tools: [{ name: 'f', input_schema: { type: 'object' }, eager_input_streaming: 'yes' }] }, 'tools.0.eager_input_streaming', /valid boolean/],
    [{ ...ok, tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, 'tools.0.type', /not supported/],
    [{ ...ok, frequency_penalty: 1 }, 'frequency_penalty', /Extra inputs are not permitted/],
    [{ ...ok, service_tier: 'priority' }, 'service_tier', /'auto' or 'standard_only'/],
    ['not an object', 'body', /valid dictionary/],
  ])('rejects %j naming %s', (body, param, message) => {
    const err = fails(body);
    expect(err.status).toBe(400);
    expect(['invalid_request', 'unsupported_parameter', 'invalid_image']).toContain(err.code);
    if (param.includes('.source.')) expect(err.code).toBe('invalid_image');
    expect(err.param).toBe(param);
    expect(err.message).toMatch(message);
    expect(err.message.startsWith(`${param}:`)).toBe(true);
  });
});

describe('anthropic ingress decodeChat under fuzzing', () => {
  it('answers any JSON value with a request or a GatewayError, never another exception', async () => {
    const fc = (await import('fast-check')).default;
    const block = fc.oneof(
      fc.record(
        { type: fc.constantFrom('text', 'image', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking', 'x'), text: fc.jsonValue() },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    );
    const body = fc.record(
      {
        model: fc.oneof(fc.string(), fc.jsonValue()),
        max_tokens: fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.jsonValue()),
        messages: fc.oneof(
          fc.array(fc.record({ role: fc.constantFrom('user', 'assistant', 'tool'), content: fc.oneof(fc.string(), fc.array(block)) })),
          fc.jsonValue(),
        ),
        system: fc.jsonValue(),
        tools: fc.jsonValue(),
        tool_choice: fc.jsonValue(),
        thinking: fc.jsonValue(),
        metadata: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(body, fc.jsonValue()), (value) => {
        try {
          decodeRequest(value);
        } catch (err) {
          if (!(err instanceof GatewayError)) throw err;
          expect(err.status).toBe(400);
        }
      }),
      { numRuns: 3000, seed: 42 },
    );
  });
});

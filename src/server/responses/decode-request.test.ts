import { describe, expect, it } from 'vitest';
import { thrownGatewayError } from '../../testing/gateway-error.js';
import { decodeResponsesRequest } from './decode-request.js';

const base = { model: 'm', input: 'hello' };

describe('decodeResponsesRequest', () => {
  it('turns a string input into one user message and keeps it as a wire item', () => {
    const d = decodeResponsesRequest(base);
    expect(d.request).toEqual({ model: 'm', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }] });
    expect(d.input).toEqual([{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] }]);
    expect(d.store).toBe(true);
    expect(d.instructionMessages).toBe(0);
    expect(d.nativeFields).toEqual({});
  });

  it('puts instructions first as a system message, outside the stored input', () => {
    const d = decodeResponsesRequest({ ...base, instructions: 'be brief' });
    expect(d.request.messages[0]).toEqual({ role: 'system', content: [{ type: 'text', text: 'be brief' }] });
    expect(d.instructionMessages).toBe(1);
    expect(d.input).toHaveLength(1);
    expect(d.echo.instructions).toBe('be brief');
  });

  it('maps the sampling, limit and option fields', () => {
    const d = decodeResponsesRequest({
      ...base,
      temperature: 0.2,
      top_p: 0.9,
      max_output_tokens: 64,
      parallel_tool_calls: false,
      service_tier: 'flex',
      prompt_cache_key: 'k',
      safety_identifier: 'u-1',
      text: { format: { type: 'json_schema', name: 'person', schema: { type: 'object' }, strict: true }, verbosity: 'low' },
      reasoning: { effort: 'low', summary: 'auto' },
      metadata: { team: 'a' },
      stream: true,
    });
    expect(d.request).toMatchObject({
      stream: true,
      temperature: 0.2,
      topP: 0.9,
      maxTokens: 64,
      parallelToolCalls: false,
      serviceTier: 'flex',
      promptCacheKey: 'k',
      user: 'u-1',
      verbosity: 'low',
      responseFormat: { type: 'json_schema', name: 'person', schema: { type: 'object' }, strict: true },
      reasoning: { effort: 'low', summary: 'auto' },
    });
    // metadata and store are the gateway's to keep: they never reach the provider.
    expect(d.request.metadata).toBeUndefined();
    expect(d.request.store).toBeUndefined();
    expect(d.echo).toMatchObject({ temperature: 0.2, top_p: 0.9, max_output_tokens: 64, parallel_tool_calls: false, metadata: { team: 'a' } });
    expect(d.echo.reasoning).toEqual({ effort: 'low', summary: 'auto' });
    expect(d.echo.text).toEqual({ format: { type: 'json_schema', name: 'person', schema: { type: 'object' }, strict: true }, verbosity: 'low' });
  });

  it('fills the echo with OpenAI defaults', () => {
    expect(decodeResponsesRequest(base).echo).toEqual({
      instructions: null,
      max_output_tokens: null,
      max_tool_calls: null,
      parallel_tool_calls: true,
      previous_response_id: null,
      prompt: null,
      prompt_cache_key: null,
      reasoning: { effort: null, summary: null },
      safety_identifier: null,
      service_tier: 'auto',
      temperature: 1,
      text: { format: { type: 'text' }, verbosity: 'medium' },
      tool_choice: 'auto',
      tools: [],
      top_logprobs: 0,
      top_p: 1,
      truncation: 'disabled',
      user: null,
      metadata: {},
    });
  });

  it('splits function tools from built-in tools and decodes tool_choice', () => {
    const d = decodeResponsesRequest({
      ...base,
      tools: [
        { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false },
        { type: 'web_search' },
      ],
      tool_choice: { type: 'function', name: 'get_weather' },
    });
    expect(d.request.tools).toEqual([{ name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false }]);
    expect(d.request.builtinTools).toEqual([{ type: 'web_search' }]);
    expect(d.request.toolChoice).toEqual({ name: 'get_weather' });
    expect(d.echo.tools[0]).toEqual({ type: 'function', name: 'get_weather', description: null, parameters: expect.any(Object), strict: false });
  });

  it('keeps tool_choice forms only a Responses API takes as a native field', () => {
    const d = decodeResponsesRequest({ ...base, tool_choice: { type: 'web_search' } });
    expect(d.request.toolChoice).toBeUndefined();
    expect(d.nativeFields.tool_choice).toEqual({ type: 'web_search' });
  });

  it('asks for logprobs when include names them or top_logprobs is set', () => {
    const d = decodeResponsesRequest({ ...base, include: ['message.output_text.logprobs'], top_logprobs: 2 });
    expect(d.request.logprobs).toBe(true);
    expect(d.request.topLogprobs).toBe(2);
    expect(d.nativeFields.include).toEqual(['message.output_text.logprobs']);
  });

  it('keeps previous_response_id and store: false for the hooks', () => {
    const d = decodeResponsesRequest({ model: 'm', previous_response_id: 'resp_1', store: false });
    expect(d.previousResponseId).toBe('resp_1');
    expect(d.store).toBe(false);
    expect(d.request.messages).toEqual([]);
  });

  it('collects unknown and Responses-only fields for a native Responses API, ignoring nulls', () => {
    const d = decodeResponsesRequest({ ...base, truncation: 'auto', max_tool_calls: 3, prompt: { id: 'pmpt_1' }, future_knob: 1, other: null });
    expect(d.nativeFields).toEqual({ truncation: 'auto', max_tool_calls: 3, prompt: { id: 'pmpt_1' }, future_knob: 1 });
    expect(decodeResponsesRequest({ ...base, truncation: 'disabled' }).nativeFields).toEqual({});
  });

  it.each([
    [{ input: 'x' }, 'model'],
    [{ model: 'm' }, 'input'],
    [{ model: 'm', input: [] }, 'input'],
    [{ model: 'm', input: 42 }, 'input'],
    [{ ...base, temperature: 3 }, 'temperature'],
    [{ ...base, temperature: '1' }, 'temperature'],
    [{ ...base, top_p: -1 }, 'top_p'],
    [{ ...base, max_output_tokens: 8 }, 'max_output_tokens'],
    [{ ...base, max_output_tokens: 1.5 }, 'max_output_tokens'],
    [{ ...base, stream: 'yes' }, 'stream'],
    [{ ...base, store: 1 }, 'store'],
    [{ ...base, instructions: ['x'] }, 'instructions'],
    [{ ...base, previous_response_id: 7 }, 'previous_response_id'],
    [{ ...base, tools: {} }, 'tools'],
    [{ ...base, tools: [{ type: 'function', name: 'bad name' }] }, 'tools[0].name'],
    [{ ...base, tools: [{ type: 'function', name: 'f', parameters: [] }] }, 'tools[0].parameters'],
    [{ ...base, tools: [{ name: 'f' }] }, 'tools[0]'],
    [{ ...base, tool_choice: 'sometimes' }, 'tool_choice'],
    [{ ...base, text: { format: { type: 'xml' } } }, 'text.format.type'],
    [{ ...base, text: { format: { type: 'json_schema', schema: {} } } }, 'text.format.name'],
    [{ ...base, text: { format: { type: 'json_schema', name: 'n' } } }, 'text.format.schema'],
    [{ ...base, text: { colour: 'red' } }, 'text.colour'],
    [{ ...base, reasoning: { effort: 'extreme' } }, 'reasoning.effort'],
    [{ ...base, reasoning: { summary: 'long' } }, 'reasoning.summary'],
    [{ ...base, include: 'reasoning.encrypted_content' }, 'include'],
    [{ ...base, top_logprobs: 21 }, 'top_logprobs'],
    [{ ...base, metadata: { k: 1 } }, 'metadata.k'],
    [{ ...base, truncation: 'sometimes' }, 'truncation'],
    [{ ...base, user: 'a', safety_identifier: 'b' }, 'safety_identifier'],
    [{ ...base, stream_options: { include_usage: true } }, 'stream_options'],
    [{ ...base, 'Bad-Field': 1 }, 'Bad-Field'],
  ])('refuses %j with a 400 naming %s', (body, param) => {
    const error = thrownGatewayError(() => decodeResponsesRequest(body));
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
  });

  it.each([
    [{ ...base, background: true }, 'background'],
    [{ ...base, conversation: 'conv_1' }, 'conversation'],
  ])('refuses %j, which the gateway cannot carry, as unsupported_parameter', (body, param) => {
    const error = thrownGatewayError(() => decodeResponsesRequest(body));
    expect(error.code).toBe('unsupported_parameter');
    expect(error.param).toBe(param);
  });

  it('accepts stream_options.include_obfuscation either way, as a hint with no effect', () => {
    for (const value of [true, false]) expect(decodeResponsesRequest({ ...base, stream_options: { include_obfuscation: value } }).nativeFields).toEqual({});
  });

  it('refuses a body that is not an object', () => {
    for (const body of [null, [], 'x', 1]) expect(thrownGatewayError(() => decodeResponsesRequest(body)).code).toBe('invalid_request');
  });
});

/** The Responses request encoder: messages → instructions and input items, tools, options, and what it refuses. */
import { describe, expect, it } from 'vitest';
import type { ChatRequest, Message } from '../../../core/types.js';
import { thrownGatewayError } from '../../../testing/gateway-error.js';
import { encodeResponsesBody } from './encode-request.js';
import { fixtureJson, testSettings } from './test-helpers.js';

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'gpt-5', stream: false, messages: [user('hi')], ...extra });
const encode = (request: ChatRequest, settings = testSettings()) => encodeResponsesBody(request, settings);

/** A conversation with every kind of turn and part the encoder knows. */
const conversation: ChatRequest = {
  model: 'gpt-5',
  stream: true,
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
    { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Weather in Paris and Rome?' },
        { type: 'image', url: 'https://example.com/map.png', detail: 'high' },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Two cities.', openaiReasoningId: 'rs_1', encryptedContent: 'gAAAAABencrypted-one==' },
        { type: 'native_item', item: { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'weather Paris' } } },
        { type: 'text', text: 'Checking both.' },
      ],
      toolCalls: [
        { id: 'call_Paris01', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { id: 'call_Rome02', name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
    },
    { role: 'tool', toolCallId: 'call_Paris01', content: [{ type: 'text', text: '18 C' }] },
    {
      role: 'tool',
      toolCallId: 'call_Rome02',
      content: [
        { type: 'text', text: 'See the chart.' },
        { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
      ],
    },
    { role: 'developer', content: [{ type: 'text', text: 'Answer in one line.' }] },
    user('And tomorrow?'),
  ],
  tools: [
    { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
    { name: 'get_time', parameters: { type: 'object', properties: {} }, strict: true },
  ],
  builtinTools: [{ type: 'web_search', search_context_size: 'low' }],
  toolChoice: { name: 'get_weather' },
  parallelToolCalls: false,
  responseFormat: { type: 'json_schema', name: 'forecast', schema: { type: 'object', properties: { line: { type: 'string' } } }, strict: true },
  verbosity: 'low',
  reasoning: { effort: 'medium', summary: 'auto' },
  maxTokens: 500,
  temperature: 0.2,
  topP: 0.9,
  metadata: { team: 'search' },
  user: 'user-42',
  serviceTier: 'flex',
  promptCacheKey: 'weather-v1',
  openaiExtras: { prompt_cache_retention: '24h' },
  includeUsageInStream: true,
};

describe('encodeResponsesBody', () => {
  it('encodes a whole conversation with every option, as the fixture has it', () => {
    expect(encode(conversation)).toEqual(fixtureJson('request-conversation.json'));
  });

  it('sends store: false always, even when the client asked to store, and no stream field unless streaming', () => {
    const body = encode(ask({ store: true }));
    expect(body).toEqual({ model: 'gpt-5', input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }], store: false });
  });

  it('asks for encrypted reasoning when reasoning is requested or carried back, not for effort none', () => {
    expect(encode(ask({ reasoning: { effort: 'low' } }))).toMatchObject({ reasoning: { effort: 'low' }, include: ['reasoning.encrypted_content'] });
    expect(encode(ask({ reasoning: { budgetTokens: 30000 } }))).toMatchObject({ reasoning: { effort: 'high' } });
    const off = encode(ask({ reasoning: { effort: 'none' } }));
    expect(off.reasoning).toEqual({ effort: 'none' });
    expect(off.include).toBeUndefined();
    const carried = encode(
      ask({
        messages: [
          user('hi'),
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: '', openaiReasoningId: 'rs_1', encryptedContent: 'enc' },
              { type: 'text', text: 'Hello' },
            ],
          },
          user('again'),
        ],
      }),
    );
    expect(carried.include).toEqual(['reasoning.encrypted_content']);
    expect((carried.input as unknown[])[1]).toEqual({ type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: 'enc' });
  });

  it('leaves out reasoning it cannot send back: other providers’ signatures, and ids without encrypted content', () => {
    const body = encode(
      ask({
        messages: [
          user('hi'),
          {
            role: 'assistant',
            content: [
              { type: 'reasoning', text: 'thinking', signature: 'anthropic-sig' },
              { type: 'reasoning', text: 'stored elsewhere', openaiReasoningId: 'rs_2' },
              { type: 'text', text: 'Hello' },
            ],
          },
        ],
      }),
    );
    expect(body.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hello', annotations: [] }] },
    ]);
    expect(body.include).toBeUndefined();
  });

  it('encodes an assistant refusal, tool-call-only turns, and native items inside a user turn in place', () => {
    const approval = { type: 'mcp_approval_response', approval_request_id: 'mcpr_1', approve: true };
    const body = encode(
      ask({
        messages: [
          user('hi'),
          { role: 'assistant', content: [], refusal: 'No.' },
          { role: 'assistant', content: [], toolCalls: [{ id: 'c1', name: 'f', arguments: '{}' }] },
          { role: 'tool', toolCallId: 'c1', content: [{ type: 'text', text: 'done' }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'before' },
              { type: 'native_item', item: approval },
              { type: 'text', text: 'after' },
            ],
          },
        ],
      }),
    );
    expect(body.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }] },
      { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c1', output: 'done' },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'before' }] },
      approval,
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'after' }] },
    ]);
  });

  it("joins a Responses caller's own include to the encrypted reasoning it asks for", () => {
    const body = encode(ask({ reasoning: { effort: 'low' }, openaiExtras: { include: ['web_search_call.action.sources', 'reasoning.encrypted_content'] } }));
    expect(body.include).toEqual(['reasoning.encrypted_content', 'web_search_call.action.sources']);
    expect(encode(ask({ openaiExtras: { include: ['file_search_call.results'] } })).include).toEqual(['file_search_call.results']);
  });

  it('keeps content the canonical form lacks (a file, an image by file_id) inside its message and tool output', () => {
    const file = { type: 'input_file', file_id: 'file-1' };
    const image = { type: 'input_image', file_id: 'file-2', detail: 'auto' };
    const body = encode(
      ask({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'read' },
              { type: 'native_item', item: file },
            ],
          },
          { role: 'assistant', content: [], toolCalls: [{ id: 'c1', name: 'f', arguments: '{}' }] },
          {
            role: 'tool',
            toolCallId: 'c1',
            content: [
              { type: 'text', text: 'see' },
              { type: 'native_item', item: image },
            ],
          },
        ],
      }),
    );
    expect(body.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'read' }, file] },
      { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c1', output: [{ type: 'input_text', text: 'see' }, image] },
    ]);
  });

  it('sends tool_choice and parallel_tool_calls only with tools; a built-in tool alone counts', () => {
    expect(encode(ask({ toolChoice: 'required', parallelToolCalls: true }))).not.toHaveProperty('tool_choice');
    const builtin = encode(ask({ builtinTools: [{ type: 'web_search' }], toolChoice: 'auto', parallelToolCalls: true }));
    expect(builtin).toMatchObject({ tools: [{ type: 'web_search' }], tool_choice: 'auto', parallel_tool_calls: true });
    expect(encode(ask({ responseFormat: { type: 'json_object' } })).text).toEqual({ format: { type: 'json_object' } });
    expect(encode(ask({ responseFormat: { type: 'text' } })).text).toBeUndefined();
  });

  it.each([
    ['stop', { stop: ['END'] }],
    ['seed', { seed: 7 }],
    ['top_k', { topK: 40 }],
    ['frequency_penalty', { frequencyPenalty: 0.5 }],
    ['presence_penalty', { presencePenalty: 0.5 }],
    ['logprobs', { logprobs: true, topLogprobs: 2 }],
    ['logit_bias', { logitBias: { '50256': -100 } }],
    ['prediction', { prediction: 'old text' }],
  ] as const)('refuses %s with 400 unsupported_parameter naming the provider, or drops it under drop_params', (param, extra) => {
    const error = thrownGatewayError(() => encode(ask(extra as Partial<ChatRequest>)));
    expect(error).toMatchObject({ code: 'unsupported_parameter', status: 400, param, provider: 'oai' });
    expect(error.message).toBe(`Parameter '${param}' is not supported by provider 'oai'.`);
    const dropped = encode(ask(extra as Partial<ChatRequest>), testSettings({ dropParams: new Set([param]) }));
    expect(dropped).toEqual(encode(ask()));
    expect(encode(ask(extra as Partial<ChatRequest>), testSettings({ dropParams: new Set(['*']) }))).toEqual(encode(ask()));
  });

  it('refuses a user name (no Responses field) and empty messages', () => {
    expect(thrownGatewayError(() => encode(ask({ messages: [{ role: 'user', name: 'ann', content: [{ type: 'text', text: 'hi' }] }] })))).toMatchObject({
      code: 'unsupported_parameter',
      param: 'messages[].name',
    });
    expect(thrownGatewayError(() => encode(ask({ messages: [] })))).toMatchObject({ code: 'invalid_request', param: 'messages' });
  });
});

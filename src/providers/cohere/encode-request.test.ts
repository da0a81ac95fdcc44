import { describe, expect, it } from 'vitest';
import type { ChatRequest, ToolDefinition } from '../../core/types.js';
import type { ProviderSettings } from '../spec/provider.js';
import { encodeCohereChat, encodeCohereChatBody } from './encode-request.js';
import { thrownGatewayError as rejection } from '../../testing/gateway-error.js';

const settings = (drop: string[] = []): ProviderSettings => ({
  id: 'co',
  type: 'cohere',
  baseUrl: 'https://api.cohere.com',
  apiKey: 'k-123',
  headers: { 'x-client-name': 'switchboard' },
  dropParams: new Set(drop),
});

const base = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'command-a-03-2025',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  stream: false,
  ...extra,
});

const sales: ToolDefinition = {
  name: 'query_daily_sales_report',
  description: 'Retrieve sales for a day',
  parameters: { type: 'object', properties: { day: { type: 'string' } }, required: ['day'] },
};
const catalog: ToolDefinition = { name: 'query_product_catalog', parameters: { type: 'object', properties: {} } };

const body = (req: ChatRequest, drop: string[] = []) => encodeCohereChatBody(req, settings(drop));

describe('encodeCohereChat', () => {
  it('posts to /v2/chat with Bearer auth and configured headers', () => {
    const spec = encodeCohereChat(base({ stream: true }), settings());
    expect(spec.method).toBe('POST');
    expect(spec.url).toBe('https://api.cohere.com/v2/chat');
    expect(spec.headers.authorization).toBe('Bearer k-123');
    expect(spec.headers['x-client-name']).toBe('switchboard');
    expect(spec.headers.accept).toBe('text/event-stream');
    expect(JSON.parse(spec.body as string)).toEqual({
      model: 'command-a-03-2025',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
  });

  it('maps system, developer, multimodal user, assistant tool calls and tool results', () => {
    const req = base({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'developer', content: [{ type: 'text', text: 'Use tools.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', url: 'https://example.com/a.png', detail: 'high' },
            { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
          ],
        },
        {
          role: 'assistant',
          content: [{ type: 'reasoning', text: 'I will look it up.' }],
          toolCalls: [{ id: 'query_daily_sales_report_abc', name: 'query_daily_sales_report', arguments: '{"day":"2023-09-29"}' }],
        },
        { role: 'tool', toolCallId: 'query_daily_sales_report_abc', content: [{ type: 'text', text: '{"total":10000}' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Summing.' },
            { type: 'text', text: 'Total 10000.' },
          ],
        },
      ],
    });
    expect(body(req).messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Use tools.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'high' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
      {
        role: 'assistant',
        tool_plan: 'I will look it up.',
        tool_calls: [
          { id: 'query_daily_sales_report_abc', type: 'function', function: { name: 'query_daily_sales_report', arguments: '{"day":"2023-09-29"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'query_daily_sales_report_abc', content: '{"total":10000}' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Summing.' },
          { type: 'text', text: 'Total 10000.' },
        ],
      },
    ]);
  });

  it('maps sampling parameters to Cohere names and ranges', () => {
    const b = body(
      base({
        stop: ['END'],
        temperature: 0.7,
        topP: 1,
        topK: 40,
        maxTokens: 100,
        seed: 7,
        frequencyPenalty: 1.5,
        presencePenalty: 0.2,
      }),
    );
    expect(b).toMatchObject({
      stop_sequences: ['END'],
      temperature: 0.7,
      p: 0.99,
      k: 40,
      max_tokens: 100,
      seed: 7,
      frequency_penalty: 1,
      presence_penalty: 0.2,
    });
    expect(b).not.toHaveProperty('top_p');
    expect(b).not.toHaveProperty('stop');
    expect(body(base({ topP: 0 })).p).toBe(0.01);
  });

  it('refuses negative penalties and more than 5 stop sequences unless dropped', () => {
    expect(rejection(() => body(base({ frequencyPenalty: -1 }))).param).toBe('frequency_penalty');
    expect(body(base({ frequencyPenalty: -1 }), ['frequency_penalty'])).not.toHaveProperty('frequency_penalty');
    expect(rejection(() => body(base({ stop: ['a', 'b', 'c', 'd', 'e', 'f'] }))).param).toBe('stop');
  });

  it('encodes tools and tool_choice REQUIRED / NONE / auto', () => {
    const b = body(base({ tools: [sales], toolChoice: 'required' }));
    expect(b.tools).toEqual([
      {
        type: 'function',
        function: { name: 'query_daily_sales_report', description: 'Retrieve sales for a day', parameters: sales.parameters },
      },
    ]);
    expect(b.tool_choice).toBe('REQUIRED');
    expect(body(base({ tools: [sales], toolChoice: 'none' })).tool_choice).toBe('NONE');
    expect(body(base({ tools: [sales], toolChoice: 'auto' }))).not.toHaveProperty('tool_choice');
    expect(body(base({ tools: [{ ...sales, strict: true }] })).strict_tools).toBe(true);
    expect(body(base({ tools: [sales] }))).not.toHaveProperty('strict_tools');
  });

  it('forces a named tool by offering only that tool with REQUIRED', () => {
    const b = body(base({ tools: [sales, catalog], toolChoice: { name: 'query_product_catalog' } }));
    expect((b.tools as Array<{ function: { name: string } }>).map((t) => t.function.name)).toEqual(['query_product_catalog']);
    expect(b.tool_choice).toBe('REQUIRED');
    expect(rejection(() => body(base({ tools: [sales], toolChoice: { name: 'nope' } }))).param).toBe('tool_choice');
  });

  it('accepts parallel tool calls but refuses to disable them unless dropped', () => {
    expect(body(base({ tools: [sales], parallelToolCalls: true }))).not.toHaveProperty('parallel_tool_calls');
    expect(rejection(() => body(base({ tools: [sales], parallelToolCalls: false }))).param).toBe('parallel_tool_calls');
    expect(body(base({ tools: [sales], parallelToolCalls: false }), ['parallel_tool_calls'])).not.toHaveProperty('parallel_tool_calls');
  });

  it('maps response formats to json_object with an unwrapped schema', () => {
    expect(body(base({ responseFormat: { type: 'json_object' } })).response_format).toEqual({ type: 'json_object' });
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(body(base({ responseFormat: { type: 'json_schema', name: 'out', schema, strict: true } })).response_format).toEqual({
      type: 'json_object',
      json_schema: schema,
    });
    expect(body(base({ responseFormat: { type: 'text' } }))).not.toHaveProperty('response_format');
    expect(rejection(() => body(base({ tools: [sales], responseFormat: { type: 'json_object' } }))).param).toBe('response_format');
  });

  it('maps reasoning to thinking', () => {
    expect(body(base({ reasoning: { effort: 'high' } })).thinking).toEqual({ type: 'enabled', token_budget: 24576 });
    expect(body(base({ reasoning: { budgetTokens: 1000 } })).thinking).toEqual({ type: 'enabled', token_budget: 1000 });
    expect(body(base({ reasoning: { effort: 'none' } })).thinking).toEqual({ type: 'disabled' });
    expect(body(base())).not.toHaveProperty('thinking');
  });

  it('refuses what Cohere has no field for (user names, images in tool results) but leaves out user', () => {
    expect(body(base({ user: 'u1' }))).not.toHaveProperty('user');
    const named = base({ messages: [{ role: 'user', name: 'ann', content: [{ type: 'text', text: 'x' }] }] });
    expect(rejection(() => body(named)).code).toBe('unsupported_parameter');
    const toolImage = base({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'x' }] },
        { role: 'assistant', content: [], toolCalls: [{ id: 't1', name: 'f', arguments: '{}' }] },
        { role: 'tool', toolCallId: 't1', content: [{ type: 'image', url: 'https://e.com/x.png' }] },
      ],
    });
    expect(rejection(() => body(toolImage)).code).toBe('unsupported_parameter');
    expect(rejection(() => body(base({ messages: [] }))).param).toBe('messages');
  });
});

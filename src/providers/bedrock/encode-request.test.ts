import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ChatRequest, Message } from '../../core/types.js';
import type { ProviderSettings } from '../spec/provider.js';
import { encodeChatRequest, encodeConverseBody } from './encode-request.js';
import { thrownGatewayError as errorOf } from '../../testing/gateway-error.js';

const CLAUDE = 'anthropic.claude-3-haiku-20240307-v1:0';
const NOVA = 'amazon.nova-pro-v1:0';

function settings(overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  return { id: 'aws', type: 'bedrock', baseUrl: '', region: 'us-west-2', apiKey: 'k', headers: {}, dropParams: new Set(), ...overrides };
}

function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return { model: CLAUDE, stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }], ...overrides };
}

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')) as unknown;

describe('encodeChatRequest', () => {
  it('targets converse or converse-stream on the regional endpoint, model id path-encoded', () => {
    expect(encodeChatRequest(request(), settings()).url).toBe(
      'https://bedrock-runtime.us-west-2.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse',
    );
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0';
    expect(encodeChatRequest(request({ model: arn, stream: true }), settings({ baseUrl: 'http://127.0.0.1:4010' })).url).toBe(
      'http://127.0.0.1:4010/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream',
    );
  });

  it('adds configured extra headers', () => {
    expect(encodeChatRequest(request(), settings({ headers: { 'x-team': 'a' } })).headers).toEqual({ 'content-type': 'application/json', 'x-team': 'a' });
  });
});

describe('encodeConverseBody', () => {
  it('encodes the reference conversation: system, image, tool use, merged tool result and user text, tools, extras', () => {
    const messages: Message[] = [
      { role: 'system', content: [{ type: 'text', text: 'You are a terse weather assistant.', cacheControl: { type: 'ephemeral' } }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather in Paris? Also describe this picture.' },
          { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
        ],
      },
      {
        role: 'assistant',
        content: [{ type: 'text', text: 'Checking.' }],
        toolCalls: [{ id: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', name: 'get_weather', arguments: '{"city":"Paris"}' }],
      },
      { role: 'tool', toolCallId: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', content: [{ type: 'text', text: '{"tempC":18,"sky":"cloudy"}' }] },
      { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
    ];
    const body = encodeConverseBody(
      request({
        messages,
        maxTokens: 1024,
        temperature: 0.2,
        stop: ['END'],
        topK: 250,
        toolChoice: 'auto',
        tools: [
          {
            name: 'get_weather',
            description: 'Current weather for a city',
            parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        ],
      }),
      settings(),
    );
    expect(body).toEqual(fixture('converse-request-tools.json'));
  });

  it('merges consecutive tool results into one user turn and marks errors', () => {
    const body = encodeConverseBody(
      request({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Two cities' }] },
          {
            role: 'assistant',
            content: [],
            toolCalls: [
              { id: 'call_a', name: 'w', arguments: '{"c":"A"}' },
              { id: 'call|b', name: 'w', arguments: '' },
            ],
          },
          { role: 'tool', toolCallId: 'call_a', content: [{ type: 'text', text: 'sunny' }] },
          { role: 'tool', toolCallId: 'call|b', content: [{ type: 'text', text: 'no data' }], isError: true },
        ],
        tools: [{ name: 'w', parameters: {} }],
      }),
      settings(),
    );
    expect(body.messages).toEqual([
      { role: 'user', content: [{ text: 'Two cities' }] },
      {
        role: 'assistant',
        content: [{ toolUse: { toolUseId: 'call_a', name: 'w', input: { c: 'A' } } }, { toolUse: { toolUseId: 'call_b', name: 'w', input: {} } }],
      },
      {
        role: 'user',
        content: [
          { toolResult: { toolUseId: 'call_a', content: [{ text: 'sunny' }] } },
          { toolResult: { toolUseId: 'call_b', content: [{ text: 'no data' }], status: 'error' } },
        ],
      },
    ]);
    expect(body.toolConfig).toEqual({ tools: [{ toolSpec: { name: 'w', inputSchema: { json: { type: 'object', properties: {} } } } }] });
  });

  it('sends reasoning back first in the assistant turn, with signatures and redacted blocks', () => {
    const body = encodeConverseBody(
      request({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: 'Hello!' },
              { type: 'reasoning', text: 'Greeting.', signature: 'sig1' },
              { type: 'reasoning', text: '', redactedData: 'cmVk' },
            ],
          },
          { role: 'user', content: [{ type: 'text', text: 'Again' }] },
        ],
      }),
      settings(),
    );
    expect((body.messages as unknown[])[1]).toEqual({
      role: 'assistant',
      content: [
        { reasoningContent: { reasoningText: { text: 'Greeting.', signature: 'sig1' } } },
        { reasoningContent: { redactedContent: 'cmVk' } },
        { text: 'Hello!' },
      ],
    });
  });

  it('maps tool choices: required → any, a name → tool, none → no toolConfig', () => {
    const tools = [{ name: 'w', parameters: { type: 'object' } }];
    expect(encodeConverseBody(request({ tools, toolChoice: 'required' }), settings()).toolConfig).toMatchObject({ toolChoice: { any: {} } });
    expect(encodeConverseBody(request({ tools, toolChoice: { name: 'w' } }), settings()).toolConfig).toMatchObject({ toolChoice: { tool: { name: 'w' } } });
    expect(encodeConverseBody(request({ tools, toolChoice: 'none' }), settings()).toolConfig).toBeUndefined();
  });

  it('keeps toolConfig (without toolChoice) for tool_choice none when the history has tool blocks', () => {
    const messages: Message[] = [
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      { role: 'assistant', content: [], toolCalls: [{ id: 'c1', name: 'w', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'c1', content: [{ type: 'text', text: 'r' }] },
    ];
    const withTools = encodeConverseBody(request({ messages, tools: [{ name: 'w', parameters: { type: 'object' } }], toolChoice: 'none' }), settings());
    expect(withTools.toolConfig).toEqual({ tools: [{ toolSpec: { name: 'w', inputSchema: { json: { type: 'object' } } } }] });
    // No tools in the request: stand-in specs for the history's tools, as Converse requires toolConfig.
    const without = encodeConverseBody(request({ messages }), settings());
    expect(without.toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'w', description: 'A tool used earlier in this conversation.', inputSchema: { json: { type: 'object' } } } }],
    });
  });

  it('uses native structured output for json_schema, with the schema as a string', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    const body = encodeConverseBody(request({ responseFormat: { type: 'json_schema', name: 'answer', schema, description: 'The answer' } }), settings());
    expect(body.outputConfig).toEqual({
      textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'answer', description: 'The answer' } } },
    });
  });

  it('forces the reserved JSON tool for json_object, and refuses it next to tools', () => {
    const body = encodeConverseBody(request({ responseFormat: { type: 'json_object' } }), settings());
    expect(body.toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'switchboard_json_response', description: expect.any(String), inputSchema: { json: { type: 'object' } } } }],
      toolChoice: { tool: { name: 'switchboard_json_response' } },
    });
    const error = errorOf(() => encodeConverseBody(request({ responseFormat: { type: 'json_object' }, tools: [{ name: 'w', parameters: {} }] }), settings()));
    expect(error).toMatchObject({ status: 400, param: 'response_format' });
  });

  it('turns reasoning into Claude thinking, growing maxTokens to fit the budget', () => {
    const body = encodeConverseBody(request({ reasoning: { effort: 'medium' }, maxTokens: 1000 }), settings());
    expect(body.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 8192 } });
    expect(body.inferenceConfig).toEqual({ maxTokens: 9192 });
    const defaulted = encodeConverseBody(request({ reasoning: { budgetTokens: 2000 } }), settings());
    expect(defaulted.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 2000 } });
    expect(defaulted.inferenceConfig).toEqual({ maxTokens: 4096 });
    expect(encodeConverseBody(request({ reasoning: { effort: 'none' } }), settings()).additionalModelRequestFields).toBeUndefined();
  });

  it('refuses sampling changes and forced tools while thinking, unless configured to drop them', () => {
    const thinking = { reasoning: { effort: 'low' as const } };
    expect(errorOf(() => encodeConverseBody(request({ ...thinking, temperature: 0.3 }), settings()))).toMatchObject({ param: 'temperature' });
    expect(errorOf(() => encodeConverseBody(request({ ...thinking, topK: 5 }), settings()))).toMatchObject({ param: 'top_k' });
    expect(
      errorOf(() => encodeConverseBody(request({ ...thinking, tools: [{ name: 'w', parameters: {} }], toolChoice: 'required' }), settings())),
    ).toMatchObject({ param: 'tool_choice' });
    const dropped = encodeConverseBody(request({ ...thinking, temperature: 0.3 }), settings({ dropParams: new Set(['temperature']) }));
    expect(dropped.inferenceConfig).toEqual({ maxTokens: 4096 });
  });

  it('refuses Claude-only extras and unsupported parameters for other models', () => {
    expect(errorOf(() => encodeConverseBody(request({ model: NOVA, topK: 5 }), settings()))).toMatchObject({ code: 'unsupported_parameter', param: 'top_k' });
    expect(errorOf(() => encodeConverseBody(request({ model: NOVA, reasoning: { effort: 'high' } }), settings()))).toMatchObject({ param: 'reasoning_effort' });
    for (const [field, param] of [
      ['seed', 'seed'],
      ['frequencyPenalty', 'frequency_penalty'],
      ['presencePenalty', 'presence_penalty'],
    ] as const) {
      expect(errorOf(() => encodeConverseBody(request({ [field]: 1 }), settings()))).toMatchObject({ status: 400, param });
    }
    expect(errorOf(() => encodeConverseBody(request({ tools: [{ name: 'w', parameters: {} }], parallelToolCalls: false }), settings()))).toMatchObject({
      param: 'parallel_tool_calls',
    });
    const body = encodeConverseBody(request({ model: NOVA, seed: 1, topK: 3 }), settings({ dropParams: new Set(['*']) }));
    expect(body).toEqual({ messages: [{ role: 'user', content: [{ text: 'Hello' }] }] });
  });

  it('clamps temperature into 0–1 and asks Claude for the matched stop sequence only', () => {
    expect(encodeConverseBody(request({ model: NOVA, temperature: 1.7, topP: 0.9, stop: ['x'] }), settings())).toEqual({
      messages: [{ role: 'user', content: [{ text: 'Hello' }] }],
      inferenceConfig: { temperature: 1, topP: 0.9, stopSequences: ['x'] },
    });
  });

  it('maps images: inline bytes, s3:// locations; refuses remote URLs and unknown formats', () => {
    const image = (part: object) => request({ messages: [{ role: 'user', content: [{ type: 'image', ...part } as never] }] });
    expect(encodeConverseBody(image({ data: 'AAAA', mediaType: 'image/jpeg' }), settings()).messages).toEqual([
      { role: 'user', content: [{ image: { format: 'jpeg', source: { bytes: 'AAAA' } } }] },
    ]);
    expect(encodeConverseBody(image({ url: 's3://bucket/cat.webp' }), settings()).messages).toEqual([
      { role: 'user', content: [{ image: { format: 'webp', source: { s3Location: { uri: 's3://bucket/cat.webp' } } } }] },
    ]);
    expect(errorOf(() => encodeConverseBody(image({ url: 'https://example.com/cat.png' }), settings()))).toMatchObject({
      status: 400,
      code: 'invalid_image',
      param: 'messages[0].content[0]',
    });
    expect(errorOf(() => encodeConverseBody(image({ data: 'AAAA', mediaType: 'image/bmp' }), settings()))).toMatchObject({ code: 'invalid_image' });
  });

  it('rejects tool-call arguments that are not JSON', () => {
    const messages: Message[] = [
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      { role: 'assistant', content: [], toolCalls: [{ id: 'c1', name: 'w', arguments: '{oops' }] },
    ];
    expect(errorOf(() => encodeConverseBody(request({ messages }), settings()))).toMatchObject({ param: 'messages[1].tool_calls[0].function.arguments' });
  });

  it('puts cache points after marked parts and the end user in requestMetadata', () => {
    const body = encodeConverseBody(
      request({
        user: 'user:42 <alice@example.com>',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Long context', cacheControl: { type: 'ephemeral', ttl: '1h' } }] }],
      }),
      settings(),
    );
    expect(body.messages).toEqual([{ role: 'user', content: [{ text: 'Long context' }, { cachePoint: { type: 'default', ttl: '1h' } }] }]);
    expect(body.requestMetadata).toEqual({ user: 'user:42 _alice@example.com_' });
  });
});

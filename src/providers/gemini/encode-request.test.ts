import { describe, expect, it } from 'vitest';
import type { ChatRequest, Message } from '../../core/types.js';
import type { ProviderSettings } from '../spec/provider.js';
import { geminiProvider, vertexProvider } from './index.js';
import { thrownGatewayError as thrown } from '../../testing/gateway-error.js';

const studio: ProviderSettings = {
  id: 'g',
  type: 'gemini',
  baseUrl: 'https://generativelanguage.googleapis.com',
  apiKey: 'AIza-test',
  headers: {},
  dropParams: new Set(),
};
const vertex: ProviderSettings = {
  id: 'v',
  type: 'vertex',
  baseUrl: '',
  project: 'my-proj',
  location: 'europe-west4',
  credentials: { client_email: 'sa@my-proj.iam.gserviceaccount.com', private_key: 'unused' },
  headers: {},
  dropParams: new Set(),
};

// biome-ignore lint/suspicious/noExplicitAny: tests read untyped wire JSON
type Wire = any;

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const base = (extra: Partial<ChatRequest> = {}): ChatRequest => ({ model: 'gemini-2.5-flash', stream: false, messages: [user('Hi')], ...extra });
const body = (request: ChatRequest, settings = studio) => JSON.parse(String(geminiProvider.chat.encode(request, settings).body)) as Record<string, Wire>;

describe('urls and headers', () => {
  it('targets AI Studio generateContent with the API key header', () => {
    const spec = geminiProvider.chat.encode(base(), { ...studio, headers: { 'x-extra': '1' } });
    expect(spec.method).toBe('POST');
    expect(spec.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent');
    expect(spec.headers).toEqual({ 'content-type': 'application/json', 'x-extra': '1', 'x-goog-api-key': 'AIza-test' });
  });

  it('streams with alt=sse and keeps models/ and tunedModels/ names', () => {
    expect(geminiProvider.chat.encode(base({ stream: true }), studio).url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
    expect(geminiProvider.chat.encode(base({ model: 'tunedModels/mine-1' }), studio).url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/tunedModels/mine-1:generateContent',
    );
    expect(geminiProvider.chat.encode(base({ model: 'models/gemini-2.5-pro' }), studio).url).toContain('/v1beta/models/gemini-2.5-pro:generateContent');
  });

  it('builds regional, global and overridden Vertex URLs without putting a key in headers', () => {
    const spec = vertexProvider.chat.encode(base({ stream: true }), vertex);
    expect(spec.url).toBe(
      'https://europe-west4-aiplatform.googleapis.com/v1/projects/my-proj/locations/europe-west4/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
    expect(spec.headers).toEqual({ 'content-type': 'application/json' });
    expect(vertexProvider.chat.encode(base(), { ...vertex, location: 'global' }).url).toBe(
      'https://aiplatform.googleapis.com/v1/projects/my-proj/locations/global/publishers/google/models/gemini-2.5-flash:generateContent',
    );
    expect(vertexProvider.chat.encode(base(), { ...vertex, location: undefined }).url).toContain(
      'https://us-central1-aiplatform.googleapis.com/v1/projects/my-proj/locations/us-central1/',
    );
    expect(vertexProvider.chat.encode(base(), { ...vertex, baseUrl: 'http://127.0.0.1:9' }).url).toBe(
      'http://127.0.0.1:9/v1/projects/my-proj/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent',
    );
  });
});

describe('messages', () => {
  it('encodes a conversation with system text, images, thoughts, signed parallel calls and merged tool results', () => {
    const messages: Message[] = [
      { role: 'system', content: [{ type: 'text', text: 'Be terse.' }] },
      { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather?' },
          { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Two cities.', signature: 'U0lHMQ==' },
          { type: 'text', text: 'Checking.' },
        ],
        toolCalls: [
          { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}', signature: 'U0lHMg==' },
          { id: 'call_b', name: 'get_time', arguments: '' },
        ],
      },
      { role: 'tool', toolCallId: 'call_b', content: [{ type: 'text', text: '12:00' }] },
      { role: 'tool', toolCallId: 'call_a', content: [{ type: 'text', text: '{"temp":18}' }] },
      user('Thanks'),
    ];
    expect(body(base({ messages }))).toEqual({
      systemInstruction: { parts: [{ text: 'Be terse.' }, { text: 'Use metric units.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Weather?' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] },
        {
          role: 'model',
          parts: [
            { text: 'Two cities.', thought: true, thoughtSignature: 'U0lHMQ==' },
            { text: 'Checking.' },
            { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'U0lHMg==' },
            { functionCall: { name: 'get_time', args: {} } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'get_time', response: { output: '12:00' } } },
            { functionResponse: { name: 'get_weather', response: { temp: 18 } } },
            { text: 'Thanks' },
          ],
        },
      ],
    });
  });

  it('replays a signature-only reasoning part as an empty text part and wraps error results', () => {
    const messages: Message[] = [
      user('Go'),
      { role: 'assistant', content: [{ type: 'reasoning', text: '', signature: 'c2ln' }], toolCalls: [{ id: 'c1', name: 'f', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'c1', isError: true, content: [{ type: 'text', text: 'boom' }] },
    ];
    const encoded = body(base({ messages }));
    expect(encoded.contents[1].parts[0]).toEqual({ text: '', thoughtSignature: 'c2ln' });
    expect(encoded.contents[2].parts).toEqual([{ functionResponse: { name: 'f', response: { error: 'boom' } } }]);
  });

  it('rejects a tool result whose call id no assistant turn issued', () => {
    const err = thrown(() => body(base({ messages: [user('x'), { role: 'tool', toolCallId: 'call_missing', content: [] }] })));
    expect(err.status).toBe(400);
    expect(err.param).toBe('messages[1].tool_call_id');
  });

  it('rejects arguments that are not a JSON object', () => {
    const messages: Message[] = [user('x'), { role: 'assistant', content: [], toolCalls: [{ id: 'c', name: 'f', arguments: '[1]' }] }];
    expect(thrown(() => body(base({ messages }))).param).toBe('messages[1].tool_calls[0].function.arguments');
  });

  it('refuses remote image URLs unless dropping is configured', () => {
    const messages: Message[] = [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'see' },
          { type: 'image', url: 'https://example.com/a.png' },
        ],
      },
    ];
    const err = thrown(() => body(base({ messages })));
    expect(err.code).toBe('unsupported_parameter');
    expect(err.param).toBe('image_url');
    expect(body(base({ messages }), { ...studio, dropParams: new Set(['image_url']) }).contents).toEqual([{ role: 'user', parts: [{ text: 'see' }] }]);
  });

  it('needs at least one non-system message', () => {
    expect(thrown(() => body(base({ messages: [{ role: 'system', content: [{ type: 'text', text: 's' }] }] }))).param).toBe('messages');
  });
});

describe('tools and tool_choice', () => {
  const tools = [
    {
      name: 'get_weather',
      description: 'Weather',
      parameters: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        additionalProperties: false,
        properties: { city: { type: 'string' }, units: { type: ['string', 'null'], enum: ['c', 'f'] } },
        required: ['city', 'ghost'],
      },
    },
    { name: 'get_time', parameters: { type: 'object', properties: {} } },
  ];

  it('declares functions with Gemini schemas and omits empty parameters', () => {
    expect(body(base({ tools })).tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Weather',
            parameters: {
              type: 'OBJECT',
              properties: { city: { type: 'STRING' }, units: { type: 'STRING', nullable: true, enum: ['c', 'f'] } },
              required: ['city'],
            },
          },
          { name: 'get_time' },
        ],
      },
    ]);
  });

  it('maps each tool_choice to a calling mode', () => {
    expect(body(base({ tools, toolChoice: 'auto' })).toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(body(base({ tools, toolChoice: 'none' })).toolConfig).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(body(base({ tools, toolChoice: 'required' })).toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(body(base({ tools, toolChoice: { name: 'get_time' } })).toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_time'] },
    });
    expect(body(base({ tools })).toolConfig).toBeUndefined();
    expect(thrown(() => body(base({ tools, toolChoice: { name: 'nope' } }))).param).toBe('tool_choice');
    expect(thrown(() => body(base({ toolChoice: 'required' }))).param).toBe('tool_choice');
  });

  it('refuses parallel_tool_calls=false unless dropping is configured', () => {
    expect(thrown(() => body(base({ tools, parallelToolCalls: false }))).param).toBe('parallel_tool_calls');
    expect(body(base({ tools, parallelToolCalls: false }), { ...studio, dropParams: new Set(['*']) }).tools).toHaveLength(1);
    expect(body(base({ tools, parallelToolCalls: true })).tools).toHaveLength(1);
  });
});

describe('generationConfig', () => {
  it('maps sampling, limits, stop and penalties', () => {
    const config = body(
      base({ temperature: 0.2, topP: 0.9, topK: 40, maxTokens: 1024, seed: 7, presencePenalty: 0.5, frequencyPenalty: 0.25, stop: ['END'] }),
    ).generationConfig;
    expect(config).toEqual({
      stopSequences: ['END'],
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      maxOutputTokens: 1024,
      seed: 7,
      presencePenalty: 0.5,
      frequencyPenalty: 0.25,
    });
    expect(body(base()).generationConfig).toBeUndefined();
  });

  it('maps response formats', () => {
    expect(body(base({ responseFormat: { type: 'json_object' } })).generationConfig).toEqual({ responseMimeType: 'application/json' });
    const schema = { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'], additionalProperties: false };
    expect(body(base({ responseFormat: { type: 'json_schema', name: 'a', schema } })).generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: schema,
    });
    expect(body(base({ responseFormat: { type: 'text' } })).generationConfig).toBeUndefined();
  });

  it('maps reasoning to a thinking budget with thoughts included', () => {
    expect(body(base({ reasoning: { effort: 'high' } })).generationConfig.thinkingConfig).toEqual({ thinkingBudget: 24576, includeThoughts: true });
    expect(body(base({ reasoning: { budgetTokens: 500 } })).generationConfig.thinkingConfig).toEqual({ thinkingBudget: 500, includeThoughts: true });
    expect(body(base({ reasoning: { effort: 'none' } })).generationConfig.thinkingConfig).toEqual({ thinkingBudget: 0 });
  });
});

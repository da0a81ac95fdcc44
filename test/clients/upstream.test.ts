/** The matrix's reading of upstream requests, family by family (the cells' upstream assertions rest on it). */
import { describe, expect, it } from 'vitest';
import { normalizeUpstream } from './upstream.js';

const schema = { type: 'object', properties: { city: { type: 'string' } } };

describe('normalizeUpstream', () => {
  it('reads an OpenAI chat request with a tool result', () => {
    const call = normalizeUpstream(
      '/v1/chat/completions',
      JSON.stringify({
        model: 'gpt-4o',
        stream: true,
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: [{ type: 'text', text: 'use weather' }] },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'c', content: 'sunny' },
        ],
        tools: [{ type: 'function', function: { name: 'weather', parameters: schema } }],
        response_format: { type: 'json_schema', json_schema: { name: 'p', schema } },
      }),
    );
    expect(call).toMatchObject({
      family: 'openai',
      model: 'gpt-4o',
      streamed: true,
      systemTexts: ['be brief'],
      userTexts: ['use weather'],
      toolNames: ['weather'],
      toolResults: ['sunny'],
      schemas: [schema, schema],
      embeddingInputs: [],
    });
  });

  it('reads OpenAI embeddings and Responses requests', () => {
    expect(normalizeUpstream('/v1/embeddings', '{"model":"e","input":["a","b"]}').embeddingInputs).toEqual(['a', 'b']);
    expect(normalizeUpstream('/v1/embeddings', '{"model":"e","input":"a"}').embeddingInputs).toEqual(['a']);
    const call = normalizeUpstream(
      '/v1/responses',
      JSON.stringify({
        model: 'gpt-4o',
        instructions: 'be brief',
        input: [
          { role: 'user', content: [{ type: 'input_text', text: 'use weather' }] },
          { type: 'function_call', call_id: 'c', name: 'weather', arguments: '{}' },
          { type: 'function_call_output', call_id: 'c', output: 'sunny' },
        ],
        tools: [{ type: 'function', name: 'weather', parameters: schema }, { type: 'web_search' }],
        text: { format: { type: 'json_schema', name: 'p', schema } },
      }),
    );
    expect(call).toMatchObject({
      systemTexts: ['be brief'],
      userTexts: ['use weather'],
      toolNames: ['weather'],
      toolResults: ['sunny'],
      schemas: [schema, schema],
    });
    expect(normalizeUpstream('/v1/responses', '{"model":"m","input":"hi"}').userTexts).toEqual(['hi']);
  });

  it('reads an Anthropic request, leaving tool-result turns out of the user texts', () => {
    const call = normalizeUpstream(
      '/v1/messages',
      JSON.stringify({
        model: 'claude-sonnet-4-5',
        system: [{ type: 'text', text: 'be brief' }],
        messages: [
          { role: 'user', content: 'use weather' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'weather', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'sunny' }] }] },
        ],
        tools: [{ name: 'weather', input_schema: schema }],
        output_config: { format: { type: 'json_schema', schema } },
      }),
    );
    expect(call).toMatchObject({
      family: 'anthropic',
      streamed: false,
      systemTexts: ['be brief'],
      userTexts: ['use weather'],
      toolNames: ['weather'],
      toolResults: ['sunny'],
      schemas: [schema, schema],
    });
  });

  it('reads Gemini generate and embed requests, the model and streaming from the path', () => {
    const call = normalizeUpstream(
      '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
      JSON.stringify({
        systemInstruction: { parts: [{ text: 'be brief' }] },
        contents: [
          { role: 'user', parts: [{ text: 'use weather' }] },
          { role: 'model', parts: [{ functionCall: { name: 'weather', args: {} } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { output: 'sunny' } } }] },
        ],
        tools: [{ functionDeclarations: [{ name: 'weather', parameters: schema }] }],
        generationConfig: { responseJsonSchema: schema },
      }),
    );
    expect(call).toMatchObject({
      family: 'gemini',
      model: 'gemini-2.5-flash',
      streamed: true,
      systemTexts: ['be brief'],
      userTexts: ['use weather'],
      toolNames: ['weather'],
      toolResults: ['sunny'],
      schemas: [schema, schema],
    });
    const embed = normalizeUpstream('/v1beta/models/gemini-embedding-001:batchEmbedContents', '{"requests":[{"content":{"parts":[{"text":"a"}]}}]}');
    expect(embed).toMatchObject({ model: 'gemini-embedding-001', streamed: false, embeddingInputs: ['a'] });
  });

  it('keeps a body that is not JSON as raw text with empty fields', () => {
    expect(normalizeUpstream('/v1/chat/completions', 'not json')).toMatchObject({ raw: 'not json', userTexts: [], toolNames: [] });
  });
});

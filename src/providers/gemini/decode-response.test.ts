import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../core/errors.js';
import type { ProviderSettings } from '../spec/provider.js';
import { geminiProvider } from './index.js';

const settings: ProviderSettings = { id: 'g', type: 'gemini', baseUrl: '', apiKey: 'k', headers: {}, dropParams: new Set() };
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const decode = (body: unknown) => geminiProvider.chat.decode(body, settings);

describe('decodeChatResponse', () => {
  it('splits thoughts, text and function calls; keeps signatures; reports tool_calls', () => {
    const response = decode(fixture('response-tool-calls.json'));
    expect(response.toolCalls.map((c) => c.id)).toEqual([expect.stringMatching(/^call_[A-Za-z0-9]{24}$/), expect.stringMatching(/^call_/)]);
    expect(response.toolCalls[0]!.id).not.toBe(response.toolCalls[1]!.id);
    expect({ ...response, toolCalls: response.toolCalls.map(({ id: _id, ...rest }) => rest) }).toEqual({
      id: 'mK9kaPq3Lo2N1MkP0sWf8Q8',
      model: 'gemini-2.5-flash',
      created: 0,
      text: 'Checking the weather.',
      reasoning: 'The user wants Paris and Tokyo weather.',
      toolCalls: [
        { name: 'get_weather', arguments: '{"city":"Paris"}', signature: 'CiQBVKhc7QmPaRiS' },
        { name: 'get_time', arguments: '{}' },
      ],
      finishReason: 'tool_calls',
      nativeFinishReason: 'STOP',
      usage: { inputTokens: 298, outputTokens: 108, cachedInputTokens: 256, reasoningTokens: 87 },
    });
  });

  it('maps MAX_TOKENS to length and takes created from createTime', () => {
    const response = decode(fixture('response-text.json'));
    expect(response).toMatchObject({ text: 'Paris is cloudy.', finishReason: 'length', nativeFinishReason: 'MAX_TOKENS', created: 1772366400 });
    expect(response.usage).toEqual({ inputTokens: 9, outputTokens: 4 });
  });

  it('turns a blocked prompt and a safety stop into content_filter', () => {
    expect(decode(fixture('response-blocked.json'))).toMatchObject({
      text: '',
      toolCalls: [],
      finishReason: 'content_filter',
      nativeFinishReason: 'SAFETY',
      usage: { inputTokens: 14, outputTokens: 0 },
    });
    expect(decode(fixture('response-safety.json'))).toMatchObject({ text: '', finishReason: 'content_filter', nativeFinishReason: 'SAFETY' });
  });

  it.each([
    ['RECITATION', 'content_filter'],
    ['BLOCKLIST', 'content_filter'],
    ['PROHIBITED_CONTENT', 'content_filter'],
    ['SPII', 'content_filter'],
    ['MALFORMED_FUNCTION_CALL', 'stop'],
    ['OTHER', 'stop'],
  ])('maps finishReason %s to %s', (native, expected) => {
    const body = { candidates: [{ content: { role: 'model', parts: [{ text: 'x' }] }, finishReason: native }] };
    expect(decode(body).finishReason).toBe(expected);
  });

  it('counts server-side tool prompt tokens as input', () => {
    const body = {
      candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 10, toolUsePromptTokenCount: 5, candidatesTokenCount: 1 },
    };
    expect(decode(body).usage).toEqual({ inputTokens: 15, outputTokens: 1 });
  });

  it('rejects bodies without candidates or feedback', () => {
    expect(() => decode({ modelVersion: 'x' })).toThrow(GatewayError);
    expect(() => decode('nope')).toThrow(/not a JSON object/);
  });
});

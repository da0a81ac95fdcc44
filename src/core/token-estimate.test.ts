import { describe, expect, it } from 'vitest';
import { estimateInputTokens, estimateTextTokens } from './token-estimate.js';
import type { ChatRequest } from './types.js';

describe('estimateTextTokens', () => {
  it('counts ASCII at about four characters a token', () => {
    expect(estimateTextTokens('')).toBe(0);
    expect(estimateTextTokens('abcd')).toBe(1);
    expect(estimateTextTokens('a'.repeat(400))).toBe(100);
  });

  it('counts other alphabets denser, and Chinese, Japanese and Korean characters about one each', () => {
    expect(estimateTextTokens('Быстрая')).toBe(3);
    expect(estimateTextTokens('快速的棕色狐狸')).toBe(7);
    expect(estimateTextTokens('안녕하세요')).toBe(5);
    expect(estimateTextTokens('🎉🎉')).toBe(2);
  });
});

describe('estimateInputTokens', () => {
  const base: ChatRequest = { model: 'm', stream: true, messages: [{ role: 'user', content: [{ type: 'text', text: 'a'.repeat(400) }] }] };

  it('adds per-message framing and the reply priming to the text', () => {
    expect(estimateInputTokens(base)).toBe(100 + 4 + 3);
  });

  it('grows with tools, tool calls, images, system text and a JSON schema answer format', () => {
    const plain = estimateInputTokens(base);
    const withTools = estimateInputTokens({
      ...base,
      tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    });
    expect(withTools).toBeGreaterThan(plain + 8);
    const withImage = estimateInputTokens({ ...base, messages: [{ role: 'user', content: [{ type: 'image', url: 'https://example.com/a.png' }] }] });
    expect(withImage).toBeGreaterThanOrEqual(800);
    const withCall = estimateInputTokens({
      ...base,
      messages: [...base.messages, { role: 'assistant', content: [], toolCalls: [{ id: 'c', name: 'get_weather', arguments: '{"city":"Paris"}' }] }],
    });
    expect(withCall).toBeGreaterThan(plain + 4);
    const withSchema = estimateInputTokens({ ...base, responseFormat: { type: 'json_schema', name: 'r', schema: { type: 'object' } } });
    expect(withSchema).toBeGreaterThan(plain);
  });
});

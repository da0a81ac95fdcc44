import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../core/types.js';
import { canServe, type Needs, needsOf } from './capable.js';

const target = (type: string, model: string) => ({ model, compiled: { settings: { type } } });
const plain: Needs = { inputTokens: 100, tools: false, images: false, jsonSchema: false };

describe('canServe', () => {
  it('refuses a prompt larger than the context window', () => {
    // gpt-4 (the original): 8,192 input tokens in the catalog.
    expect(canServe(target('openai', 'gpt-4'), { ...plain, inputTokens: 8_000 })).toBe(true);
    expect(canServe(target('openai', 'gpt-4'), { ...plain, inputTokens: 20_000 })).toBe(false);
    expect(canServe(target('openai', 'gpt-4o'), { ...plain, inputTokens: 20_000 })).toBe(true);
  });

  it('refuses an output limit above the model maximum', () => {
    expect(canServe(target('openai', 'gpt-4'), { ...plain, maxOutputTokens: 4_096 })).toBe(true);
    expect(canServe(target('openai', 'gpt-4'), { ...plain, maxOutputTokens: 16_000 })).toBe(false);
  });

  it('refuses tools to a model without tool calling', () => {
    expect(canServe(target('openai', 'o1-mini'), { ...plain, tools: true })).toBe(false);
    expect(canServe(target('openai', 'o1-mini'), plain)).toBe(true);
    expect(canServe(target('openai', 'gpt-4o'), { ...plain, tools: true })).toBe(true);
  });

  it('refuses images to a model without vision, and JSON schema answers to one without structured outputs', () => {
    expect(canServe(target('openai', 'gpt-4'), { ...plain, images: true })).toBe(false);
    expect(canServe(target('openai', 'gpt-4o'), { ...plain, images: true })).toBe(true);
    expect(canServe(target('openai', 'gpt-4'), { ...plain, jsonSchema: true })).toBe(false);
    expect(canServe(target('openai', 'gpt-4o'), { ...plain, jsonSchema: true })).toBe(true);
  });

  it('assumes a model the catalog does not know can serve anything', () => {
    expect(canServe(target('openai-compatible', 'my-local-llama-finetune'), { inputTokens: 10_000_000, tools: true, images: true, jsonSchema: true })).toBe(
      true,
    );
  });
});

describe('needsOf', () => {
  it('derives tools, images, JSON schema, output limit and an input estimate from the request', () => {
    const request: ChatRequest = {
      model: 'auto',
      stream: false,
      maxTokens: 500,
      tools: [{ name: 'lookup', parameters: { type: 'object' } }],
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' } },
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'You are terse.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture? '.repeat(40) },
            { type: 'image', url: 'https://example.com/cat.png' },
          ],
        },
      ],
    };
    const needs = needsOf(request);
    expect(needs).toMatchObject({ tools: true, images: true, jsonSchema: true, maxOutputTokens: 500 });
    expect(needs.inputTokens).toBeGreaterThan(250);
    const bare = needsOf({ model: 'auto', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] });
    expect(bare).toMatchObject({ tools: false, images: false, jsonSchema: false });
    expect(bare.maxOutputTokens).toBeUndefined();
  });
});

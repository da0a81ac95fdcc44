import { describe, expect, it } from 'vitest';
import { normalizeModelName } from './normalize.js';

describe('normalizeModelName', () => {
  it.each([
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['GPT-4o', 'gpt-4o'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5'],
    ['textembedding-gecko@001', 'textembedding-gecko'],
    ['gemini-1.5-pro-002', 'gemini-1.5-pro'],
    ['models/gemini-2.5-flash', 'gemini-2.5-flash'],
    ['projects/p/locations/us-central1/publishers/google/models/gemini-2.5-pro', 'gemini-2.5-pro'],
    ['us.anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic.claude-3-5-haiku'],
    ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'anthropic.claude-sonnet-4-5'],
    ['apac.amazon.nova-pro-v1:0', 'amazon.nova-pro'],
    ['arn:aws:bedrock:us-east-1:111:inference-profile/eu.meta.llama3-1-8b-instruct-v1:0', 'meta.llama3-1-8b-instruct'],
    ['ft:gpt-4o-mini-2024-07-18:acme::abc123', 'ft:gpt-4o-mini'],
    ['llama3:latest', 'llama3'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeModelName(input)).toBe(expected);
  });

  it('keeps names whose suffix is part of the model, not a snapshot tag', () => {
    expect(normalizeModelName('deepseek-v3')).toBe('deepseek-v3');
    expect(normalizeModelName('gpt-3.5-turbo-0125')).toBe('gpt-3.5-turbo-0125');
    expect(normalizeModelName('llama3:70b')).toBe('llama3:70b');
    expect(normalizeModelName('meta-llama/llama-3.3-70b-instruct:free')).toBe('meta-llama/llama-3.3-70b-instruct:free');
    // the "us." of a model that is not a vendor.model id is not a region prefix
    expect(normalizeModelName('us.model')).toBe('us.model');
  });
});

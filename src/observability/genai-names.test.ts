import { describe, expect, it } from 'vitest';
import { genAiOperationName, genAiProviderName } from './genai-names.js';

describe('genAiProviderName', () => {
  it('maps provider types to the registry names and keeps unknown types as they are', () => {
    expect(genAiProviderName('azure-openai')).toBe('azure.ai.openai');
    expect(genAiProviderName('bedrock')).toBe('aws.bedrock');
    expect(genAiProviderName('openai')).toBe('openai');
    expect(genAiProviderName('my-local-llm')).toBe('my-local-llm');
  });
});

describe('genAiOperationName', () => {
  it('names the Responses API a chat operation', () => {
    expect(genAiOperationName('chat')).toBe('chat');
    expect(genAiOperationName('responses')).toBe('chat');
    expect(genAiOperationName('embeddings')).toBe('embeddings');
  });
});

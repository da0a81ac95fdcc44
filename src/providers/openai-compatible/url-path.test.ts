/** URL path injection: An OpenAI-compatible server takes the model in the JSON body, so its chat and embeddings URLs are fixed whatever the client sends. */
import { describe, it } from 'vitest';
import { expectModelOnlyInBody } from '../../testing/hostile-models.js';
import { settingsFor } from '../../testing/provider-roundtrip.js';
import { openaiCompatibleProvider } from './index.js';

const BASE = 'https://llm.internal.example/v1';

describe('openai-compatible: hostile model names', () => {
  it('never change the URL and reach the body verbatim', () => {
    expectModelOnlyInBody(openaiCompatibleProvider, settingsFor('openai-compatible', BASE), {
      chat: `${BASE}/chat/completions`,
      embeddings: `${BASE}/embeddings`,
    });
  });
});

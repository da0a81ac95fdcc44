/** URL path injection: vLLM takes the model in the JSON body, so its chat and embeddings URLs are fixed whatever the client sends. */
import { describe, it } from 'vitest';
import { expectModelOnlyInBody } from '../../testing/hostile-models.js';
import { settingsFor } from '../../testing/provider-roundtrip.js';
import { vllmProvider } from './index.js';

const BASE = 'http://localhost:8000/v1';

describe('vllm: hostile model names', () => {
  it('never change the URL and reach the body verbatim', () => {
    expectModelOnlyInBody(vllmProvider, settingsFor('vllm', BASE), { chat: `${BASE}/chat/completions`, embeddings: `${BASE}/embeddings` });
  });
});

/** URL path injection: Ollama takes the model in the JSON body, so its chat and embeddings URLs are fixed whatever the client sends. */
import { describe, it } from 'vitest';
import { expectModelOnlyInBody } from '../../testing/hostile-models.js';
import { settingsFor } from '../../testing/provider-roundtrip.js';
import { ollamaProvider } from './index.js';

const BASE = 'http://localhost:11434/v1';

describe('ollama: hostile model names', () => {
  it('never change the URL and reach the body verbatim', () => {
    expectModelOnlyInBody(ollamaProvider, settingsFor('ollama', BASE), { chat: `${BASE}/chat/completions`, embeddings: `${BASE}/embeddings` });
  });
});

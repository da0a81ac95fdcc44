/** URL path injection: Mistral takes the model in the JSON body, so its chat and embeddings URLs are fixed whatever the client sends. */
import { describe, it } from 'vitest';
import { expectModelOnlyInBody } from '../../testing/hostile-models.js';
import { settingsFor } from '../../testing/provider-roundtrip.js';
import { mistralProvider } from './index.js';

const BASE = 'https://api.mistral.ai/v1';

describe('mistral: hostile model names', () => {
  it('never change the URL and reach the body verbatim', () => {
    expectModelOnlyInBody(mistralProvider, settingsFor('mistral', BASE), { chat: `${BASE}/chat/completions`, embeddings: `${BASE}/embeddings` });
  });
});

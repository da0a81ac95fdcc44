/** URL path injection: LM Studio takes the model in the JSON body, so its chat and embeddings URLs are fixed whatever the client sends. */
import { describe, it } from 'vitest';
import { expectModelOnlyInBody } from '../../testing/hostile-models.js';
import { settingsFor } from '../../testing/provider-roundtrip.js';
import { lmstudioProvider } from './index.js';

const BASE = 'http://localhost:1234/v1';

describe('lmstudio: hostile model names', () => {
  it('never change the URL and reach the body verbatim', () => {
    expectModelOnlyInBody(lmstudioProvider, settingsFor('lmstudio', BASE), { chat: `${BASE}/chat/completions`, embeddings: `${BASE}/embeddings` });
  });
});

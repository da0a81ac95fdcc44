/** URL path injection: Together takes the model in the JSON body, so its chat and embeddings URLs are fixed whatever the client sends. */
import { describe, it } from 'vitest';
import { expectModelOnlyInBody } from '../../testing/hostile-models.js';
import { settingsFor } from '../../testing/provider-roundtrip.js';
import { togetherProvider } from './index.js';

const BASE = 'https://api.together.xyz/v1';

describe('together: hostile model names', () => {
  it('never change the URL and reach the body verbatim', () => {
    expectModelOnlyInBody(togetherProvider, settingsFor('together', BASE), { chat: `${BASE}/chat/completions`, embeddings: `${BASE}/embeddings` });
  });
});

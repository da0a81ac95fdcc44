/** URL path injection: Cohere takes the model in the JSON body, so its chat and embeddings URLs are fixed whatever the client sends. */
import { describe, it } from 'vitest';
import { expectModelOnlyInBody } from '../../testing/hostile-models.js';
import { settingsFor } from '../../testing/provider-roundtrip.js';
import { cohereProvider } from './index.js';

const BASE = 'https://api.cohere.com';

describe('cohere: hostile model names', () => {
  it('never change the URL and reach the body verbatim', () => {
    expectModelOnlyInBody(cohereProvider, settingsFor('cohere', BASE), { chat: `${BASE}/v2/chat`, embeddings: `${BASE}/v2/embed` });
  });
});

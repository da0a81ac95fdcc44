/** URL path injection: Perplexity takes the model in the JSON body, so its chat URL is fixed whatever the client sends. */
import { describe, it } from 'vitest';
import { expectModelOnlyInBody } from '../../testing/hostile-models.js';
import { settingsFor } from '../../testing/provider-roundtrip.js';
import { perplexityProvider } from './index.js';

const BASE = 'https://api.perplexity.ai';

describe('perplexity: hostile model names', () => {
  it('never change the URL and reach the body verbatim', () => {
    expectModelOnlyInBody(perplexityProvider, settingsFor('perplexity', BASE), { chat: `${BASE}/chat/completions` });
  });
});

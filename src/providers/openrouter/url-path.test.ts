/** URL path injection: OpenRouter takes the model in the JSON body, so its chat URL is fixed whatever the client sends. */
import { describe, it } from 'vitest';
import { expectModelOnlyInBody } from '../../testing/hostile-models.js';
import { settingsFor } from '../../testing/provider-roundtrip.js';
import { openrouterProvider } from './index.js';

const BASE = 'https://openrouter.ai/api/v1';

describe('openrouter: hostile model names', () => {
  it('never change the URL and reach the body verbatim', () => {
    expectModelOnlyInBody(openrouterProvider, settingsFor('openrouter', BASE), { chat: `${BASE}/chat/completions` });
  });
});

/** URL path injection: xAI takes the model in the JSON body, so its chat URL is fixed whatever the client sends. */
import { describe, it } from 'vitest';
import { expectModelOnlyInBody } from '../../testing/hostile-models.js';
import { settingsFor } from '../../testing/provider-roundtrip.js';
import { xaiProvider } from './index.js';

const BASE = 'https://api.x.ai/v1';

describe('xai: hostile model names', () => {
  it('never change the URL and reach the body verbatim', () => {
    expectModelOnlyInBody(xaiProvider, settingsFor('xai', BASE), { chat: `${BASE}/chat/completions` });
  });
});

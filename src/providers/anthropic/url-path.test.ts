/** URL path injection: Anthropic takes the model in the JSON body, so its chat URL is fixed whatever the client sends. */
import { describe, it } from 'vitest';
import { expectModelOnlyInBody } from '../../testing/hostile-models.js';
import { settingsFor } from '../../testing/provider-roundtrip.js';
import { anthropicProvider } from './index.js';

const BASE = 'https://api.anthropic.com';

describe('anthropic: hostile model names', () => {
  it('never change the URL and reach the body verbatim', () => {
    expectModelOnlyInBody(anthropicProvider, settingsFor('anthropic', BASE), { chat: `${BASE}/v1/messages` });
  });
});

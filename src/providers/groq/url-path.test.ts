/** URL path injection: Groq takes the model in the JSON body, so its chat URL is fixed whatever the client sends. */
import { describe, it } from 'vitest';
import { expectModelOnlyInBody } from '../../testing/hostile-models.js';
import { settingsFor } from '../../testing/provider-roundtrip.js';
import { groqProvider } from './index.js';

const BASE = 'https://api.groq.com/openai/v1';

describe('groq: hostile model names', () => {
  it('never change the URL and reach the body verbatim', () => {
    expectModelOnlyInBody(groqProvider, settingsFor('groq', BASE), { chat: `${BASE}/chat/completions` });
  });
});

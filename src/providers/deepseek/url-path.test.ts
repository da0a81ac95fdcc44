/** URL path injection: DeepSeek takes the model in the JSON body, so its chat URL is fixed whatever the client sends. */
import { describe, it } from 'vitest';
import { expectModelOnlyInBody } from '../../testing/hostile-models.js';
import { settingsFor } from '../../testing/provider-roundtrip.js';
import { deepseekProvider } from './index.js';

const BASE = 'https://api.deepseek.com';

describe('deepseek: hostile model names', () => {
  it('never change the URL and reach the body verbatim', () => {
    expectModelOnlyInBody(deepseekProvider, settingsFor('deepseek', BASE), { chat: `${BASE}/chat/completions` });
  });
});

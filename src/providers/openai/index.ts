/**
 * OpenAI (api.openai.com): the reference dialect of the OpenAI-compatible base, plus its native
 * Responses API at {base}/responses.
 */
import { OPENAI_DIALECT } from '../spec/openai-compatible/dialect.js';
import { createOpenAICompatibleProvider, FULL_CAPABILITIES } from '../spec/openai-compatible/preset.js';

/** The `openai` provider type. */
export const openaiProvider = createOpenAICompatibleProvider({
  type: 'openai',
  displayName: 'OpenAI',
  defaultBaseUrl: 'https://api.openai.com/v1',
  requiredSettings: ['apiKey'],
  dialect: OPENAI_DIALECT,
  capabilities: FULL_CAPABILITIES,
  responsesUrl: (settings) => `${settings.baseUrl}/responses`,
});

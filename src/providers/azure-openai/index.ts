/**
 * Azure OpenAI. The configured base_url is the resource endpoint (https://NAME.openai.azure.com);
 * the target model is the deployment name. Dated api-versions call
 * {base}/openai/deployments/{deployment}/chat/completions?api-version=…, api_version 'v1' calls
 * {base}/openai/v1/chat/completions with the deployment as `model`. The key goes in `api-key`.
 */
import { createOpenAICompatibleProvider, FULL_CAPABILITIES } from '../spec/openai-compatible/preset.js';
import type { ProviderSettings } from '../spec/provider.js';
import { apiVersionOf, azureDialect, azureUrl, DEFAULT_AZURE_API_VERSION } from './api-version.js';
import { decodeAzureError } from './map-error.js';

function azureAuth(settings: ProviderSettings): Record<string, string> {
  return settings.apiKey ? { 'api-key': settings.apiKey } : {};
}

/** Catches a base_url that already holds the /openai path, which would double it. */
function validateAzureSettings(settings: ProviderSettings): string | undefined {
  if (/\/openai(\/v1)?$/.test(settings.baseUrl)) {
    return `base_url must be the resource endpoint (e.g. https://NAME.openai.azure.com) without '/openai'; got '${settings.baseUrl}'.`;
  }
  const version = apiVersionOf(settings);
  if (version !== 'v1' && !/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(version)) {
    return `api_version must be 'v1' or a dated version like '${DEFAULT_AZURE_API_VERSION}' or '2025-04-01-preview'; got '${version}'.`;
  }
  return undefined;
}

/** The `azure-openai` provider type. */
export const azureOpenAIProvider = createOpenAICompatibleProvider({
  type: 'azure-openai',
  displayName: 'Azure OpenAI',
  defaultBaseUrl: '',
  requiredSettings: ['apiKey', 'baseUrl'],
  dialect: azureDialect(DEFAULT_AZURE_API_VERSION),
  dialectFor: (settings) => azureDialect(apiVersionOf(settings)),
  capabilities: FULL_CAPABILITIES,
  url: azureUrl,
  authHeaders: azureAuth,
  decodeError: decodeAzureError,
  validateSettings: validateAzureSettings,
});

/**
 * Azure OpenAI. The configured base_url is the resource endpoint (https://NAME.openai.azure.com);
 * the target model is the deployment name. Dated api-versions call
 * {base}/openai/deployments/{deployment}/chat/completions?api-version=…, api_version 'v1' calls
 * {base}/openai/v1/chat/completions with the deployment as `model`. The key goes in `api-key`.
 * The Responses API is {base}/openai/responses?api-version=… or {base}/openai/v1/responses, with
 * the deployment as `model` in both.
 */
import { createOpenAICompatibleProvider, FULL_CAPABILITIES } from '../spec/openai-compatible/preset.js';
import type { ProviderSettings } from '../spec/provider.js';
import { AZURE_RESPONSES_SINCE, apiVersionOf, azureDialect, azureResponsesUrl, azureUrl, DEFAULT_AZURE_API_VERSION, hasResponsesApi } from './api-version.js';
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
  if (settings.api === 'responses' && !hasResponsesApi(version)) {
    return `api: responses needs an api_version with the Responses API ('v1', or '${AZURE_RESPONSES_SINCE}' or later); got '${version}'.`;
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
  responsesUrl: azureResponsesUrl,
  authHeaders: azureAuth,
  decodeError: decodeAzureError,
  validateSettings: validateAzureSettings,
});

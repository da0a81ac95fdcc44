/**
 * Azure OpenAI's api-version decides the URL family and which request fields exist. Dated
 * versions use deployment URLs and gain fields preview by preview (GA versions lag): the GA
 * 2024-10-21 has max_completion_tokens, parallel_tool_calls, json_schema and seed but not
 * stream_options, reasoning_effort or the developer role. 'v1' is the versionless v1 API,
 * which tracks OpenAI's current surface.
 */
import { GatewayError } from '../../core/errors.js';
import { deriveDialect, OPENAI_DIALECT, type OpenAIDialect } from '../spec/openai-compatible/dialect.js';
import type { ProviderSettings } from '../spec/provider.js';
import { type IdAlphabet, pathSegment } from '../spec/url-path.js';

/**
 * The default is the versionless v1 API (GA since August 2025): the dated GA 2024-10-21 has no
 * stream_options, so streamed usage, and with it cost, would be lost by default.
 */
export const DEFAULT_AZURE_API_VERSION = 'v1';

/** The api-version in force for these settings. */
export function apiVersionOf(settings: ProviderSettings): string {
  return settings.apiVersion ?? DEFAULT_AZURE_API_VERSION;
}

/** Whether the version is the v1 API (no api-version query, model in the body). */
export function isV1(version: string): boolean {
  return version === 'v1';
}

/**
 * True when a dated version has a feature added in preview `previewSince` and first shipped in
 * GA `gaSince`. Dates compare as strings (YYYY-MM-DD).
 */
function since(version: string, previewSince: string, gaSince: string): boolean {
  if (isV1(version)) return true;
  const date = version.slice(0, 10);
  return version.endsWith('-preview') ? date >= previewSince : date >= gaSince;
}

// A GA after 2024-10-21 is assumed to carry everything previewed before it.
const NEXT_GA = '2024-10-22';

// One dialect per api-version in the config, built on first use rather than on every request.
const dialects = new Map<string, OpenAIDialect>();

/** The dialect a given api-version accepts. */
export function azureDialect(version: string): OpenAIDialect {
  let dialect = dialects.get(version);
  if (!dialect) {
    dialect = buildAzureDialect(version);
    dialects.set(version, dialect);
  }
  return dialect;
}

function buildAzureDialect(version: string): OpenAIDialect {
  const completionTokens = since(version, '2024-09-01', '2024-10-21');
  return deriveDialect(OPENAI_DIALECT, {
    maxTokensField: completionTokens ? 'max_completion_tokens' : 'max_tokens',
    streamUsageOption: since(version, '2024-09-01', NEXT_GA),
    developerRole: since(version, '2024-12-01', NEXT_GA),
    supports: {
      parallelToolCalls: completionTokens,
      jsonSchema: since(version, '2024-08-01', '2024-10-21'),
      reasoningEffort: since(version, '2024-12-01', NEXT_GA),
      store: since(version, '2024-12-01', NEXT_GA),
      metadata: since(version, '2024-12-01', NEXT_GA),
      prediction: since(version, '2025-01-01', NEXT_GA),
      // Newer than any dated version: only the v1 API, which tracks OpenAI's surface, has them.
      verbosity: isV1(version),
      serviceTier: isV1(version),
      promptCacheKey: isV1(version),
      openaiExtras: isV1(version),
    },
  });
}

/** The first preview with the Responses API; GA versions dated after it are assumed to carry it. */
export const AZURE_RESPONSES_SINCE = '2025-03-01-preview';

/** Whether an api-version has the Responses API. */
export function hasResponsesApi(version: string): boolean {
  return isV1(version) || version.slice(0, 10) >= AZURE_RESPONSES_SINCE.slice(0, 10);
}

// Deployment names are Azure resource names, addressed in URL paths, which cannot hold these
// characters; '#' would end the path. The rest of a customer-chosen name is only encoded.
const DEPLOYMENT_NAME: IdAlphabet = {
  pattern: /^[^<>%&\\?/#]+$/,
  description: 'Azure deployment names never contain <, >, %, &, \\, ?, / or #',
};

/**
 * URL of an operation: a deployment URL with ?api-version, or the v1 path (the deployment then
 * travels only in the body). A deployment name that could not be one is a 400 naming 'model'.
 */
export function azureUrl(settings: ProviderSettings, path: 'chat/completions' | 'embeddings', deployment: string): string {
  const version = apiVersionOf(settings);
  if (isV1(version)) return `${settings.baseUrl}/openai/v1/${path}`;
  return `${settings.baseUrl}/openai/deployments/${pathSegment(deployment, 'model', DEPLOYMENT_NAME)}/${path}?api-version=${encodeURIComponent(version)}`;
}

/**
 * URL of the Responses API. It is not deployment-scoped: the deployment travels as `model` in the
 * body, for dated versions ({base}/openai/responses?api-version=…) and the v1 API alike. A dated
 * version older than the Responses API is a 400 naming the provider and what to change.
 */
export function azureResponsesUrl(settings: ProviderSettings): string {
  const version = apiVersionOf(settings);
  if (isV1(version)) return `${settings.baseUrl}/openai/v1/responses`;
  if (!hasResponsesApi(version)) {
    throw new GatewayError(
      'unsupported_parameter',
      400,
      `Provider '${settings.id}' cannot serve the Responses API: Azure OpenAI api_version '${version}' predates it (use 'v1', or '${AZURE_RESPONSES_SINCE}' or later).`,
      { provider: settings.id },
    );
  }
  return `${settings.baseUrl}/openai/responses?api-version=${encodeURIComponent(version)}`;
}

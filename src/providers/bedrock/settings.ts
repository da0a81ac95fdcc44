/**
 * Bedrock settings: where requests go (region endpoint or a configured base URL) and which of the
 * two credential kinds is in use, with the AWS SDKs' environment variables as fallbacks.
 */
import { GatewayError } from '../../core/errors.js';
import type { ProviderSettings } from '../spec/provider.js';
import { type IdAlphabet, pathSegment } from '../spec/url-path.js';

const REGION_HOST = /^bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com$/;

/** Fills region and credentials the config left unset from the standard AWS_* variables. */
export function bedrockSettingsFromEnvironment(settings: ProviderSettings, env: NodeJS.ProcessEnv): void {
  settings.region ??= env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  settings.accessKeyId ??= env.AWS_ACCESS_KEY_ID;
  settings.secretAccessKey ??= env.AWS_SECRET_ACCESS_KEY;
  settings.sessionToken ??= env.AWS_SESSION_TOKEN;
  if (!settings.apiKey && env.AWS_BEARER_TOKEN_BEDROCK) settings.apiKey = env.AWS_BEARER_TOKEN_BEDROCK;
}

/** The region: configured, else read from a regional base URL host. */
export function regionOf(settings: ProviderSettings): string | undefined {
  if (settings.region) return settings.region;
  if (!settings.baseUrl) return undefined;
  try {
    return REGION_HOST.exec(new URL(settings.baseUrl).hostname)?.[1];
  } catch {
    return undefined;
  }
}

/**
 * Returns a message naming what is missing, or undefined when the settings can make calls:
 * either api_key (a Bedrock API key) or both access_key_id and secret_access_key, plus a region
 * (needed for the default endpoint and for the SigV4 credential scope).
 */
export function validateBedrockSettings(settings: ProviderSettings): string | undefined {
  const who = `Bedrock provider '${settings.id}'`;
  if (!settings.apiKey) {
    if (!settings.accessKeyId && !settings.secretAccessKey) {
      return `${who} needs api_key (a Bedrock API key) or access_key_id and secret_access_key (or the AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables).`;
    }
    if (!settings.accessKeyId) return `${who} is missing access_key_id (secret_access_key is set).`;
    if (!settings.secretAccessKey) return `${who} is missing secret_access_key (access_key_id is set).`;
    if (!regionOf(settings)) return `${who} is missing region (or AWS_REGION), needed to sign requests.`;
  }
  if (!settings.baseUrl && !regionOf(settings)) return `${who} is missing region (or AWS_REGION, or base_url).`;
  return undefined;
}

/** Throws the 500 the gateway answers with when settings slipped past config validation. */
export function assertUsableSettings(settings: ProviderSettings): void {
  const problem = validateBedrockSettings(settings);
  if (problem) throw new GatewayError('internal_error', 500, `Provider misconfigured: ${problem}`, { provider: settings.id });
}

/** The runtime endpoint: base_url when configured, else https://bedrock-runtime.{region}.amazonaws.com. */
export function baseUrlOf(settings: ProviderSettings): string {
  if (settings.baseUrl) return settings.baseUrl;
  const region = regionOf(settings);
  if (!region) assertUsableSettings(settings);
  return `https://bedrock-runtime.${region}.amazonaws.com`;
}

// The service model's modelId: 1-2048 characters; base ids and inference-profile ids use only
// these, and only ARNs add '/' (shared/providers/bedrock.md §8). Nothing else names a model.
const BEDROCK_MODEL_ID: IdAlphabet = {
  pattern: /^(?:arn:[A-Za-z0-9._:/-]+|[A-Za-z0-9._:-]+)$/,
  description: "Bedrock model ids contain only letters, digits, '.', '_', ':' and '-' (ARNs also '/')",
  maxLength: 2048,
};

/**
 * URL of a model operation. The model id is one path segment, encoded once as the AWS SDK does
 * (`:` → %3A, `/` in ARNs → %2F); SigV4 then encodes it again for the canonical URI.
 */
export function modelUrl(settings: ProviderSettings, modelId: string, operation: 'converse' | 'converse-stream' | 'invoke'): string {
  return `${baseUrlOf(settings)}/model/${pathSegment(modelId, 'model', BEDROCK_MODEL_ID)}/${operation}`;
}

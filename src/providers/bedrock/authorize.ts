/** Credentials for a Bedrock request: a Bedrock API key as a bearer token, or SigV4. */
import type { AuthTools, HttpRequestSpec, ProviderSettings } from '../spec/provider.js';
import { assertUsableSettings, regionOf } from './settings.js';
import { signSigV4 } from './sigv4.js';

/** The SigV4 signing name of Bedrock Runtime (not "bedrock-runtime", despite the host). */
export const SIGNING_SERVICE = 'bedrock';

/**
 * Adds credentials. An API key wins when both kinds are configured: it is the explicit choice,
 * while access keys may come from ambient AWS_* variables. The body must not change after this
 * (the signature covers its exact bytes).
 */
export async function authorizeBedrock(spec: HttpRequestSpec, settings: ProviderSettings, tools: AuthTools): Promise<HttpRequestSpec> {
  assertUsableSettings(settings);
  if (settings.apiKey) {
    const headers = { ...spec.headers };
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') delete headers[name];
    headers.authorization = `Bearer ${settings.apiKey}`;
    return { ...spec, headers };
  }
  const credentials = { accessKeyId: settings.accessKeyId!, secretAccessKey: settings.secretAccessKey! };
  return signSigV4(
    spec,
    settings.sessionToken ? { ...credentials, sessionToken: settings.sessionToken } : credentials,
    regionOf(settings)!,
    SIGNING_SERVICE,
    tools.now(),
  );
}

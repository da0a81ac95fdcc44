/** The AuthTools given to providers' authorize(): a clock, a JSON fetcher over transport, a token cache. */
import type { AuthTools } from '../providers/spec/provider.js';
import type { HttpClient } from '../transport/http-client.js';

/**
 * Cap on an OAuth token response. A real one (access_token, expires_in, token_type) is 1-3 KB;
 * a token endpoint is configurable (token_url, the key's token_uri), so it is capped like any upstream.
 */
export const TOKEN_RESPONSE_MAX_BYTES = 64 * 1024;

/** Creates AuthTools backed by the shared HttpClient. */
export function createAuthTools(http: HttpClient): AuthTools {
  return {
    now: () => Date.now(),
    tokenCache: new Map(),
    async fetchJson(spec) {
      const response = await http.send(spec, {
        timeoutMs: 30_000,
        providerId: 'token-endpoint',
        bodyLimit: { maxBytes: TOKEN_RESPONSE_MAX_BYTES, reason: 'token responses are a few KB, so this limit is fixed' },
      });
      const text = await response.body.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = { error: text.slice(0, 200) };
      }
      return { status: response.status, body };
    },
  };
}

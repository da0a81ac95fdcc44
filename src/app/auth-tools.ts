/** The AuthTools given to providers' authorize(): a clock, a JSON fetcher over transport, a token cache. */
import type { AuthTools } from '../providers/spec/provider.js';
import type { HttpClient } from '../transport/http-client.js';

/** Creates AuthTools backed by the shared HttpClient. */
export function createAuthTools(http: HttpClient): AuthTools {
  return {
    now: () => Date.now(),
    tokenCache: new Map(),
    async fetchJson(spec) {
      const response = await http.send(spec, { timeoutMs: 30_000, providerId: 'token-endpoint' });
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

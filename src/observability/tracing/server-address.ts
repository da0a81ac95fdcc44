/** server.address of an attempt's span: the host of the provider's base URL. */

const hosts = new Map<string, string>();

/** The host of a provider's base URL (server.address), parsed once per URL. */
export function serverAddress(baseUrl: string): string {
  let host = hosts.get(baseUrl);
  if (host === undefined) {
    try {
      host = new URL(baseUrl).hostname;
    } catch {
      host = '';
    }
    // Bounded by the configured providers; a hostile value cannot grow it per request.
    hosts.set(baseUrl, host);
  }
  return host;
}

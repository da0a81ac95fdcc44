/**
 * The CLI's client of the admin API: one request with the admin key, the server's error message
 * on failure. Global fetch (outbound HTTP from the gateway itself goes through transport/; this is
 * the operator's command talking to a gateway).
 */

/** Where the gateway is and which key to show it. */
export interface AdminConnection {
  url: string;
  adminKey?: string;
}

/** A failed admin call; its message is the server's (or says why the gateway could not be reached). */
export class AdminCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'AdminCallError';
  }
}

/** Calls an admin route; resolves with the body text of a 2xx answer. */
export async function adminRequest(
  conn: AdminConnection,
  method: string,
  path: string,
  options: { body?: unknown; query?: Record<string, string | number | undefined>; accept?: string } = {},
): Promise<string> {
  let base: URL;
  try {
    base = new URL(conn.url);
  } catch {
    throw new AdminCallError(`--url '${conn.url}' is not a URL (e.g. http://127.0.0.1:8080).`, 0);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new AdminCallError(`--url '${conn.url}' must be http:// or https://.`, 0);
  const url = new URL(path, base);
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  if (conn.adminKey) headers.authorization = `Bearer ${conn.adminKey}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new AdminCallError(
      `cannot reach the gateway at ${base.origin}: ${cause?.code ?? cause?.message ?? (err as Error).message}. Is it running? (--url, SWITCHBOARD_URL)`,
      0,
    );
  }
  const text = await res.text();
  if (res.ok) return text;
  let message = `HTTP ${res.status}`;
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } };
    if (typeof parsed.error?.message === 'string') message = parsed.error.message;
  } catch {
    // Not the admin API's error shape (a proxy's page): the status says enough.
  }
  if (res.status === 401 && !conn.adminKey) message += ' Pass --admin-key or set SWITCHBOARD_ADMIN_KEY.';
  throw new AdminCallError(message, res.status);
}

/**
 * The dashboard's only way out: the admin API on this origin, with the signed-in key as a bearer.
 * The key lives in sessionStorage (gone when the tab closes) and is never written anywhere else.
 */

const STORAGE_KEY = 'switchboard.adminKey';

/** The caller as GET /admin/v1/me answers it. */
export interface Me {
  role: 'owner' | 'team_admin' | 'viewer';
  team_id?: string;
  key_id?: string;
  /** The gateway runs without admin_key on loopback: no key is needed (decision 0013). */
  open_mode?: boolean;
}

/** An admin API error answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** The stored key, if signed in. */
export function storedKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

/** Keeps the key for this tab. */
export function storeKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
}

/** Forgets the key. */
export function clearKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** Called when the API refuses the key (revoked meanwhile): the app goes back to sign-in. */
let onUnauthorized: () => void = () => {};
/** Sets what happens on a 401. */
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

/** Query parameters, skipping empty ones. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Calls /admin/v1/PATH and answers the parsed JSON, or throws ApiError with the API's message. */
export async function api<T>(path: string, init: { method?: string; body?: unknown; key?: string } = {}): Promise<T> {
  const key = init.key ?? storedKey();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/admin/v1/${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'The gateway did not answer. Is it running?', 'network_error');
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const error = (body as { error?: { message?: string; code?: string } } | null)?.error;
    const err = new ApiError(res.status, error?.message ?? `The admin API answered ${res.status}.`, error?.code ?? 'unknown');
    if (res.status === 401 && init.key === undefined) onUnauthorized();
    throw err;
  }
  return body as T;
}

/**
 * Admin API errors: a stable code and status each, written in OpenAI's error shape
 * `{"error":{message,type,code,param}}` so one client error handler serves both APIs.
 */

/** Stable admin error codes with their HTTP status. Clients may match on these; never rename one. */
export const ADMIN_ERRORS = {
  invalid_request: 400,
  authentication_failed: 401,
  permission_denied: 403,
  not_found: 404,
  /** The response cache is off in this gateway's config. */
  cache_disabled: 404,
  method_not_allowed: 405,
  conflict: 409,
  /** A compare-and-set prompt label move found the label elsewhere. */
  label_conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal_error: 500,
} as const;

/** One of ADMIN_ERRORS' codes. */
export type AdminErrorCode = keyof typeof ADMIN_ERRORS;

/** An admin refusal; its message is shown to the caller, so it never carries a secret. */
export class AdminError extends Error {
  readonly code: AdminErrorCode;
  readonly status: number;
  readonly param: string | null;
  /** Extra response headers (allow on a 405). */
  readonly headers: Record<string, string>;

  constructor(code: AdminErrorCode, message: string, param: string | null = null, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'AdminError';
    this.code = code;
    this.status = ADMIN_ERRORS[code];
    this.param = param;
    this.headers = headers;
  }
}

/** A 404 worded the same whether the object is absent or belongs to another team, so neither is revealed. */
export function notFound(kind: string, id: string, param: string | null = null): AdminError {
  return new AdminError('not_found', `No ${kind} with id '${id}'.`, param);
}

/** A 403 naming what the caller's role may not do. */
export function forbidden(message: string, param: string | null = null): AdminError {
  return new AdminError('permission_denied', message, param);
}

/** A 400 naming the field at fault. */
export function invalid(message: string, param: string | null = null): AdminError {
  return new AdminError('invalid_request', message, param);
}

function errorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 409) return 'conflict_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** The wire body of an admin error. */
export function adminErrorBody(error: AdminError): { error: { message: string; type: string; code: string; param: string | null } } {
  return { error: { message: error.message, type: errorType(error.status), code: error.code, param: error.param } };
}

/** A 409: the request conflicts with the current state (a name taken, an object not empty). */
export function conflict(message: string, param: string | null = null): AdminError {
  return new AdminError('conflict', message, param);
}

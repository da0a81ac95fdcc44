/** The stores' typed errors as admin answers: a taken name is a 409, a reference to nothing a 404 naming the field. */
import { ConflictError, InvalidReferenceError } from '../governance/errors.js';
import { AdminError } from './errors.js';

/** The admin error for a store error, or undefined for anything else (an internal error). */
export function storeError(err: unknown): AdminError | undefined {
  if (err instanceof ConflictError) return new AdminError('conflict', `Conflict: ${err.message}.`);
  // 404 like a reference the router checked itself (a project of another team reads as no project).
  if (err instanceof InvalidReferenceError) return new AdminError('not_found', `Field '${err.field}': ${err.message}.`, err.field);
  return undefined;
}

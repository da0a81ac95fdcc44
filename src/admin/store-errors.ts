/** The stores' typed errors as admin answers: a conflict is a 409, a reference to nothing a 404. */
import { AdminError } from './errors.js';

/** The admin error for a store error, or undefined for anything else (an internal error). */
export function storeError(err: unknown): AdminError | undefined {
  if (!(err instanceof Error)) return undefined;
  if (err.name === 'ConflictError') return new AdminError('conflict', err.message);
  if (err.name === 'InvalidReferenceError') return new AdminError('not_found', err.message);
  return undefined;
}

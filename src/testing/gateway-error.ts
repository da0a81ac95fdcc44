/** Test helper: run a function that must throw a GatewayError, and return that error. */
import { GatewayError } from '../core/errors.js';

/** The GatewayError `fn` throws; fails the test if it throws nothing or something else. */
export function thrownGatewayError(fn: () => unknown): GatewayError {
  try {
    fn();
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a GatewayError');
}

/** Test helper: run a function that must throw a ConfigError, and return that error. */
import { ConfigError } from '../config/errors.js';

/** The ConfigError `fn` throws; fails the test if it throws nothing or something else. */
export function thrownConfigError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

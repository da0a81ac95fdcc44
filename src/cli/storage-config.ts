/** The storage URL of a config file, for commands that only touch the database (migrate, audit). */
import { loadConfigFile } from '../config/load.js';

/** Reads the config's `storage:`; provider secrets are not needed, so unset ${VARS} resolve to a placeholder. */
export function storageUrlOf(configFile: string): string {
  const lenient = new Proxy({} as NodeJS.ProcessEnv, { get: (_t, key) => (typeof key === 'string' ? (process.env[key] ?? 'unset') : undefined) });
  return loadConfigFile(configFile, lenient).config.storage;
}

/** Helpers providers use to refuse, or (when configured) drop, parameters they cannot honour. */
import { unsupportedParameter } from '../../core/errors.js';
import type { ProviderSettings } from './provider.js';

/**
 * Returns true when the parameter should simply be left out (configured drop), throws a 400
 * naming the parameter and provider otherwise. Call it only when the parameter is present.
 */
export function dropOrReject(settings: ProviderSettings, param: string, why?: string): true {
  if (settings.dropParams.has('*') || settings.dropParams.has(param)) return true;
  throw unsupportedParameter(param, settings.id, why);
}

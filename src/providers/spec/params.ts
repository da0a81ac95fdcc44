/** Helpers providers use to refuse, or (when configured) drop, parameters they cannot honour. */
import { unsupportedParameter } from '../../core/errors.js';
import type { ChatRequest } from '../../core/types.js';
import type { ProviderSettings } from './provider.js';

/**
 * Returns true when the parameter should simply be left out (configured drop), throws a 400
 * naming the parameter and provider otherwise. Call it only when the parameter is present.
 */
export function dropOrReject(settings: ProviderSettings, param: string, why?: string): true {
  if (settings.dropParams.has('*') || settings.dropParams.has(param)) return true;
  throw unsupportedParameter(param, settings.id, why);
}

/**
 * Prompt-cache hints (OpenAI's cache routing key and retention): they change what a call costs,
 * never its answer, so a provider without them leaves them out instead of refusing them, as the
 * Anthropic cache_control breakpoints are left out where no prompt cache takes them.
 */
export const CACHE_HINTS: ReadonlySet<string> = new Set(['prompt_cache_key', 'prompt_cache_retention', 'prompt_cache_options']);

/** Service tiers that ask for the standard processing every API without tiers gives anyway. */
export function isStandardTier(tier: string): boolean {
  return tier === 'auto' || tier === 'default';
}

/**
 * The request options few providers honour, by their OpenAI parameter name, and whether a request
 * sets them. top_logprobs travels with logprobs (it cannot be sent without it), so both go under
 * 'logprobs'; store: false and service_tier 'auto' or 'default' are what every API does unasked,
 * so they ask for nothing a provider without the field could fail to do.
 */
const OPTIONS: ReadonlyArray<readonly [string, (request: ChatRequest) => boolean]> = [
  ['logprobs', (r) => r.logprobs === true || r.topLogprobs !== undefined],
  ['logit_bias', (r) => r.logitBias !== undefined],
  ['service_tier', (r) => r.serviceTier !== undefined && !isStandardTier(r.serviceTier)],
  ['prediction', (r) => r.prediction !== undefined],
  ['metadata', (r) => r.metadata !== undefined],
  ['store', (r) => r.store === true],
  ['verbosity', (r) => r.verbosity !== undefined],
];

/** The OpenAI parameter names of the few-provider options this request sets that a provider must honour or refuse (openaiExtras by their own keys; cache hints never). */
export function requestedOptions(request: ChatRequest): string[] {
  const names = OPTIONS.filter(([, present]) => present(request)).map(([name]) => name);
  if (request.openaiExtras) names.push(...Object.keys(request.openaiExtras).filter((key) => !CACHE_HINTS.has(key)));
  return names;
}

/**
 * For providers without an OpenAI-style body: refuses (or drops, per drop_params) every
 * few-provider option the request sets except those the provider maps itself (`handled`).
 */
export function refuseOptions(request: ChatRequest, settings: ProviderSettings, handled: ReadonlySet<string> = new Set()): void {
  for (const param of requestedOptions(request)) if (!handled.has(param)) dropOrReject(settings, param);
}

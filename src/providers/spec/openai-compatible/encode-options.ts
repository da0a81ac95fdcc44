/**
 * The options few APIs share (logprobs, logit_bias, service_tier, prediction, metadata, store,
 * verbosity, prompt_cache_key and the OpenAI-only extras): sent under OpenAI's names where the
 * dialect has them, refused (or dropped, per drop_params) by name where it does not. Prompt-cache
 * hints are only left out where the dialect lacks them (params.ts CACHE_HINTS).
 */
import type { ChatRequest } from '../../../core/types.js';
import { CACHE_HINTS, dropOrReject, isStandardTier } from '../params.js';
import type { ProviderSettings } from '../provider.js';
import type { OpenAIDialect } from './dialect.js';

type Json = Record<string, unknown>;

/** Adds the options the request sets to an OpenAI-style body. */
export function encodeOptions(request: ChatRequest, settings: ProviderSettings, dialect: OpenAIDialect, body: Json): void {
  const s = dialect.supports;
  if (request.logprobs === true || request.topLogprobs !== undefined) {
    if (!s.logprobs) dropOrReject(settings, 'logprobs');
    else {
      body.logprobs = true;
      if (request.topLogprobs !== undefined) body.top_logprobs = request.topLogprobs;
    }
  }
  if (request.logitBias !== undefined) {
    if (s.logitBias) body.logit_bias = request.logitBias;
    else dropOrReject(settings, 'logit_bias');
  }
  const tier = request.serviceTier;
  if (tier !== undefined && s.serviceTier) Object.assign(body, dialect.encodeServiceTier ? dialect.encodeServiceTier(tier, settings) : { service_tier: tier });
  // 'auto' (let the provider choose) and 'default' (standard) are what an API without tiers does anyway.
  else if (tier !== undefined && !isStandardTier(tier)) dropOrReject(settings, 'service_tier');
  if (request.prediction !== undefined) {
    if (s.prediction) body.prediction = { type: 'content', content: request.prediction };
    else dropOrReject(settings, 'prediction');
  }
  if (request.metadata !== undefined) {
    if (s.metadata) body.metadata = request.metadata;
    else dropOrReject(settings, 'metadata');
  }
  // store: false is the default of every API, so it is only worth sending where the field exists.
  if (request.store !== undefined) {
    if (s.store) body.store = request.store;
    else if (request.store) dropOrReject(settings, 'store');
  }
  if (request.verbosity !== undefined) {
    if (s.verbosity) body.verbosity = request.verbosity;
    else dropOrReject(settings, 'verbosity');
  }
  if (request.promptCacheKey !== undefined && s.promptCacheKey) body.prompt_cache_key = request.promptCacheKey;
  for (const [key, value] of Object.entries(request.openaiExtras ?? {})) {
    if (s.openaiExtras) body[key] = value;
    else if (!CACHE_HINTS.has(key)) dropOrReject(settings, key);
  }
}

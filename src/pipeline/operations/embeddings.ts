/** The embeddings operation: any provider with an embeddings codec, behind the OpenAI format. */
import type { Target } from '../../config/compile.js';
import { GatewayError } from '../../core/errors.js';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../../core/types.js';
import type { RequestContext } from '../context.js';
import type { Operation } from '../contract.js';

function codecOf(target: Target) {
  const codec = target.compiled.provider.embeddings;
  if (!codec)
    throw new GatewayError('unsupported_parameter', 400, `Provider '${target.providerId}' does not offer embeddings.`, {
      param: 'model',
      provider: target.providerId,
    });
  return codec;
}

/** The embeddings operation (it has no stream). */
export const embeddingsOperation: Operation<EmbeddingsRequest, EmbeddingsResponse> = {
  name: 'embeddings',
  modelOf: (request) => request.model,
  streams: () => false,
  // A target without embeddings fails here, as an attempt, so the next target is tried.
  encode: (ctx: RequestContext<EmbeddingsRequest, EmbeddingsResponse>, target) =>
    codecOf(target).encode({ ...ctx.request, model: target.model }, target.compiled.settings),
  decode(ctx, target, json, headers) {
    const result = codecOf(target).decode(json, { ...ctx.request, model: target.model }, target.compiled.settings, headers);
    ctx.modelServed = result.model;
    ctx.usage = { inputTokens: result.usage.inputTokens, outputTokens: 0 };
    return result;
  },
};

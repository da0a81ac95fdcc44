/** The chat operation: how a canonical chat request is encoded for a target and its answer decoded. */
import type { Target } from '../../config/compile.js';
import type { ChatRequest, ChatResponse } from '../../core/types.js';
import { type RequestContext, slotKey } from '../context.js';
import type { Operation } from '../contract.js';
import { inlineRemoteImages } from '../prepare-images.js';
import type { GatewayServices } from '../services.js';

/** The request with remote images inlined, kept so a fallback target reuses the fetched images. */
const inlinedRequest = slotKey<Promise<ChatRequest>>('chat.inlined-images');

/** Builds the chat operation over the shared services. */
export function chatOperation(services: GatewayServices): Operation<ChatRequest, ChatResponse> {
  const images = services.plan.config.images;
  const imageOptions = (signal: AbortSignal) => ({
    maxBytes: images.max_bytes,
    timeoutMs: images.timeout_ms,
    allowPrivateAddresses: images.allow_private_addresses,
    signal,
  });
  return {
    name: 'chat',
    modelOf: (request) => request.model,
    streams: (request) => request.stream,
    // Synchronous unless a remote image must be fetched: no promise turn on the common path.
    // The codec (Chat Completions, or the Responses API under `api: responses`) was chosen at config time.
    encode(ctx: RequestContext<ChatRequest, ChatResponse>, target: Target) {
      const { provider, settings, chat } = target.compiled;
      if ((chat.capabilities ?? provider.capabilities).images !== 'inline') return chat.encode({ ...ctx.request, model: target.model }, settings);
      let inlined = ctx.get(inlinedRequest);
      if (!inlined) ctx.set(inlinedRequest, (inlined = inlineRemoteImages(ctx.request, imageOptions(ctx.signal))));
      return inlined.then((request) => chat.encode({ ...request, model: target.model }, settings));
    },
    decode(ctx, target, json) {
      const response = target.compiled.chat.decode(json, target.compiled.settings);
      if (!response.model) response.model = target.model;
      if (!response.created) response.created = Math.floor(Date.now() / 1000);
      ctx.modelServed = response.model;
      ctx.finishReason = response.finishReason;
      ctx.usage = response.usage;
      return response;
    },
    streamDecoder(target) {
      const { provider, settings, chat } = target.compiled;
      return { framing: provider.streamFraming, decoder: chat.createStreamDecoder(settings) };
    },
  };
}

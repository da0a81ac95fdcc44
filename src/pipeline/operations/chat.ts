/**
 * The chat-form operations: a canonical chat request encoded by a provider's chat codec and its
 * answer decoded. Chat Completions and Anthropic Messages use the codec chosen at config time
 * (`compiled.chat`); the Responses API (operations/responses.ts) prefers a provider's native
 * Responses codec and adapts the request for the others.
 */
import type { Target } from '../../config/compile.js';
import type { ChatRequest, ChatResponse } from '../../core/types.js';
import type { ChatCodec } from '../../providers/spec/provider.js';
import { type OperationName, type RequestContext, slotKey } from '../context.js';
import type { Operation } from '../contract.js';
import { inlineRemoteImages } from '../prepare-images.js';
import type { GatewayServices } from '../services.js';

/** The request with remote images inlined, kept so a fallback target reuses the fetched images. */
const inlinedRequest = slotKey<Promise<ChatRequest>>('chat.inlined-images');

/** How one chat-form operation talks to a target. */
export interface ChatFormChoice {
  name: OperationName;
  /** The codec that serves this target. */
  codecFor(target: Target): ChatCodec;
  /**
   * The request as this target's codec should see it; throws a GatewayError (a failed attempt)
   * for what the target cannot carry. Absent: the request as decoded.
   */
  adapt?(request: ChatRequest, target: Target, ctx: RequestContext<ChatRequest, ChatResponse>): ChatRequest;
}

/** Builds a chat-form operation over the shared services. */
export function chatFormOperation(services: GatewayServices, choice: ChatFormChoice): Operation<ChatRequest, ChatResponse> {
  const images = services.plan.config.images;
  const imageOptions = (signal: AbortSignal) => ({
    maxBytes: images.max_bytes,
    timeoutMs: images.timeout_ms,
    allowPrivateAddresses: images.allow_private_addresses,
    signal,
  });
  const { codecFor, adapt } = choice;
  const encodeFor = (ctx: RequestContext<ChatRequest, ChatResponse>, request: ChatRequest, target: Target) => {
    const adapted = adapt ? adapt(request, target, ctx) : request;
    return codecFor(target).encode({ ...adapted, model: target.model }, target.compiled.settings);
  };
  return {
    name: choice.name,
    modelOf: (request) => request.model,
    streams: (request) => request.stream,
    // Synchronous unless a remote image must be fetched: no promise turn on the common path.
    encode(ctx: RequestContext<ChatRequest, ChatResponse>, target: Target) {
      if ((codecFor(target).capabilities ?? target.compiled.provider.capabilities).images !== 'inline') return encodeFor(ctx, ctx.request, target);
      let inlined = ctx.get(inlinedRequest);
      if (!inlined) ctx.set(inlinedRequest, (inlined = inlineRemoteImages(ctx.request, imageOptions(ctx.signal))));
      return inlined.then((request) => encodeFor(ctx, request, target));
    },
    decode(ctx, target, json) {
      const response = codecFor(target).decode(json, target.compiled.settings);
      if (!response.model) response.model = target.model;
      if (!response.created) response.created = Math.floor(Date.now() / 1000);
      ctx.modelServed = response.model;
      ctx.finishReason = response.finishReason;
      ctx.usage = response.usage;
      return response;
    },
    streamDecoder(target) {
      const { provider, settings } = target.compiled;
      return { framing: provider.streamFraming, decoder: codecFor(target).createStreamDecoder(settings) };
    },
  };
}

/** The codec chosen at config time: Chat Completions, or the Responses API under `api: responses`. */
const compiledChat = (target: Target): ChatCodec => target.compiled.chat;

/** The chat operation (Chat Completions and Anthropic Messages callers). */
export function chatOperation(services: GatewayServices): Operation<ChatRequest, ChatResponse> {
  return chatFormOperation(services, { name: 'chat', codecFor: compiledChat });
}

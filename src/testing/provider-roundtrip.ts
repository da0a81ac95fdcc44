/**
 * Test support for OpenAI-compatible presets: sends what a provider's codec builds to a live
 * server (the in-process simulator in tests) and decodes the answer with the same codec, the way
 * the gateway's dispatch does. Only tests import this; it is not part of any provider.
 */
import type { ChatRequest, ChatResponse, EmbeddingsRequest, EmbeddingsResponse, StreamEvent, ToolDefinition } from '../core/types.js';
import type { AuthTools, ChatCodec, HttpRequestSpec, Provider, ProviderSettings, StreamFrame, UpstreamErrorInfo } from '../providers/spec/provider.js';
import { createFrameDecoder } from '../pipeline/frame-decoder.js';

/** A non-2xx answer, decoded with the provider's own decodeError. */
export class UpstreamFailure extends Error {
  constructor(
    readonly status: number,
    readonly info: UpstreamErrorInfo,
    readonly bodyText: string,
  ) {
    super(`HTTP ${status}: ${info.message}`);
  }
}

/** Settings for a provider type pointed at baseUrl. */
export function settingsFor(type: string, baseUrl: string, extra: Partial<ProviderSettings> = {}): ProviderSettings {
  return { id: `${type}-test`, type, baseUrl, apiKey: 'sim-key', headers: {}, dropParams: new Set(), ...extra };
}

/** A chat request with a system prompt and one user message. */
export function ask(model: string, text: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return {
    model,
    stream: false,
    messages: [
      { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
      { role: 'user', content: [{ type: 'text', text }] },
    ],
    ...extra,
  };
}

/** A function tool with one string argument. */
export const weatherTool: ToolDefinition = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

/** Concatenated text events. */
export const textOf = (events: StreamEvent[]): string => events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');
/** Concatenated reasoning events. */
export const reasoningOf = (events: StreamEvent[]): string => events.flatMap((e) => (e.type === 'reasoning' ? [e.text] : [])).join('');

/** Tool calls assembled from start/delta events, by index. */
export function toolCallsOf(events: StreamEvent[]): Array<{ id: string; name: string; arguments: string }> {
  const calls: Array<{ id: string; name: string; arguments: string }> = [];
  for (const event of events) {
    if (event.type === 'tool_call_start') calls[event.index] = { id: event.id, name: event.name, arguments: '' };
    else if (event.type === 'tool_call_delta') {
      const call = calls[event.index];
      if (!call) throw new Error(`tool_call_delta for index ${event.index} before its start`);
      call.arguments += event.arguments;
    }
  }
  return calls;
}

/** Chat, stream and embeddings calls through one provider with one settings object. */
export interface RoundTrip {
  send(spec: HttpRequestSpec): Promise<Response>;
  chat(request: ChatRequest): Promise<ChatResponse>;
  stream(request: ChatRequest): Promise<StreamEvent[]>;
  embed(request: EmbeddingsRequest): Promise<EmbeddingsResponse>;
}

/** AuthTools over fetch, for providers that sign requests or fetch tokens (Bedrock, Vertex). */
export function fetchAuthTools(): AuthTools {
  return {
    now: () => Date.now(),
    tokenCache: new Map(),
    async fetchJson(spec) {
      const res = await fetch(spec.url, { method: spec.method, headers: spec.headers, body: spec.body });
      return { status: res.status, body: await res.json() };
    },
  };
}

/**
 * Binds a provider and settings to fetch, the way the gateway's dispatch uses them: encode,
 * authorize (when the provider signs or needs a token), send, and decode with the provider's
 * own stream framing. `codec` is the chat codec to use (the provider's Responses codec, say).
 */
export function roundTrip(
  provider: Provider,
  settings: ProviderSettings,
  authTools: AuthTools = fetchAuthTools(),
  codec: ChatCodec = provider.chat,
): RoundTrip {
  async function send(unsigned: HttpRequestSpec): Promise<Response> {
    const spec = provider.authorize ? await provider.authorize(unsigned, settings, authTools) : unsigned;
    const res = await fetch(spec.url, { method: spec.method, headers: spec.headers, body: spec.body });
    if (!res.ok) {
      const headers: Record<string, string> = {};
      res.headers.forEach((value, key) => {
        headers[key] = value;
      });
      const text = await res.text();
      throw new UpstreamFailure(res.status, provider.decodeError(res.status, headers, text), text);
    }
    return res;
  }
  return {
    send,
    async chat(request) {
      const res = await send(codec.encode({ ...request, stream: false }, settings));
      return codec.decode(await res.json(), settings);
    },
    async stream(request) {
      const res = await send(codec.encode({ ...request, stream: true }, settings));
      const decoder = codec.createStreamDecoder(settings);
      const events: StreamEvent[] = [];
      const frames = createFrameDecoder(provider.streamFraming, (frame: StreamFrame) => events.push(...decoder.push(frame)));
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) frames.push(chunk);
      frames.end();
      events.push(...decoder.end());
      return events;
    },
    async embed(request) {
      const codec = provider.embeddings;
      if (!codec) throw new Error(`${provider.type} has no embeddings codec`);
      const res = await send(codec.encode(request, settings));
      const headers: Record<string, string> = {};
      res.headers.forEach((value, key) => {
        headers[key] = value;
      });
      return codec.decode(await res.json(), request, settings, headers);
    },
  };
}

/** Runs fn and returns what it threw (fails when it throws nothing). */
export async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error, got none');
}

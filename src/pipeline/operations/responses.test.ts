import { describe, expect, it } from 'vitest';
import type { Target } from '../../config/compile.js';
import type { ChatRequest, ChatResponse } from '../../core/types.js';
import type { ChatCodec, HttpRequestSpec, Provider } from '../../providers/spec/provider.js';
import { PROVIDERS } from '../../providers/registry.js';
import { thrownGatewayError } from '../../testing/gateway-error.js';
import { RequestContext } from '../context.js';
import type { GatewayServices } from '../services.js';
import { type ResponsesTurn, responsesOperation, responsesTurn } from './responses.js';

const services = { plan: { config: { images: { max_bytes: 1, timeout_ms: 1, allow_private_addresses: false } } } } as unknown as GatewayServices;
const operation = responsesOperation(services);

function targetFor(provider: Provider, dropParams: string[] = []): Target {
  return {
    providerId: 'p',
    model: 'upstream-model',
    compiled: {
      provider,
      chat: provider.chat,
      settings: { id: 'p', type: provider.type, baseUrl: 'http://127.0.0.1:9', apiKey: 'k', headers: {}, dropParams: new Set(dropParams) },
      prices: {},
      tags: [],
    },
    key: 'p/upstream-model',
    tags: [],
    weight: 1,
    timeouts: { connectMs: 1000, firstTokenMs: 60_000, idleMs: 60_000, totalMs: 0 },
  };
}

/** A provider with a native Responses codec that shows what it was given. */
function nativeProvider(): { provider: Provider; seen: ChatRequest[] } {
  const seen: ChatRequest[] = [];
  const codec: ChatCodec = {
    encode(request): HttpRequestSpec {
      seen.push(request);
      return { method: 'POST', url: 'http://127.0.0.1:9/v1/responses', headers: {}, body: '{}' };
    },
    decode: () => ({}) as ChatResponse,
    createStreamDecoder: () => ({ push: () => [], end: () => [] }),
  };
  return { provider: { ...PROVIDERS.get('openai')!, responses: codec }, seen };
}

function contextWith(request: ChatRequest, nativeFields: Record<string, unknown> = {}): RequestContext<ChatRequest, ChatResponse> {
  const ctx = new RequestContext<ChatRequest, ChatResponse>({
    requestId: 'r',
    startedAt: 0,
    time: 0,
    operation: 'responses',
    ingress: 'openai-responses',
    requestHeaders: {},
  });
  ctx.request = request;
  ctx.set(responsesTurn, { nativeFields } as ResponsesTurn);
  return ctx;
}

const hello: ChatRequest['messages'] = [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }];
const withBuiltin: ChatRequest = { model: 'a', stream: false, messages: hello, builtinTools: [{ type: 'web_search' }] };
const withNativeItem: ChatRequest = {
  model: 'a',
  stream: false,
  messages: [...hello, { role: 'assistant', content: [{ type: 'native_item', item: { type: 'web_search_call', id: 'ws_1' } }] }],
};

function bodyOf(spec: HttpRequestSpec | Promise<HttpRequestSpec>): Record<string, unknown> {
  if (spec instanceof Promise) throw new Error('expected a synchronous encode');
  return JSON.parse(String(spec.body)) as Record<string, unknown>;
}

describe('the responses operation', () => {
  it('uses a native Responses codec when the provider has one, with the Responses-only fields', () => {
    const { provider, seen } = nativeProvider();
    const spec = operation.encode(contextWith(withBuiltin, { truncation: 'auto' }), targetFor(provider));
    expect((spec as HttpRequestSpec).url).toMatch(/\/responses$/);
    expect(seen[0]).toMatchObject({ model: 'upstream-model', builtinTools: [{ type: 'web_search' }], openaiExtras: { truncation: 'auto' } });
  });

  it('uses the native Responses codec of a registered provider that has one (openai)', () => {
    const spec = operation.encode(contextWith({ model: 'a', stream: false, messages: hello }), targetFor(PROVIDERS.get('openai')!)) as HttpRequestSpec;
    expect(spec.url).toMatch(/\/responses$/);
  });

  it("uses the provider's chat codec otherwise", () => {
    const spec = operation.encode(contextWith({ model: 'a', stream: false, messages: hello }), targetFor(PROVIDERS.get('groq')!)) as HttpRequestSpec;
    expect(spec.url).toMatch(/\/chat\/completions$/);
    expect(bodyOf(spec).model).toBe('upstream-model');
  });

  it('refuses built-in tools for a provider without a Responses API, naming the tool and provider', () => {
    const error = thrownGatewayError(() => operation.encode(contextWith(withBuiltin), targetFor(PROVIDERS.get('anthropic')!)));
    expect(error).toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'tools', provider: 'p' });
    expect(error.message).toBe("Parameter 'tools' (built-in tool 'web_search') is not supported by provider 'p'.");
  });

  it('drops them when drop_params names the tool type, or *', () => {
    for (const drop of ['web_search', '*']) {
      const body = bodyOf(operation.encode(contextWith(withBuiltin), targetFor(PROVIDERS.get('anthropic')!, [drop])));
      expect(body.tools).toBeUndefined();
    }
  });

  it('refuses built-in tool items in the input, or drops them (and a message left empty)', () => {
    const error = thrownGatewayError(() => operation.encode(contextWith(withNativeItem), targetFor(PROVIDERS.get('anthropic')!)));
    expect(error).toMatchObject({ param: 'input', code: 'unsupported_parameter' });
    expect(error.message).toContain("(item type 'web_search_call')");
    const body = bodyOf(operation.encode(contextWith(withNativeItem), targetFor(PROVIDERS.get('anthropic')!, ['web_search_call'])));
    expect(body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });

  it('explains an item_reference it could not resolve', () => {
    const ref: ChatRequest = {
      ...withNativeItem,
      messages: [...hello, { role: 'assistant', content: [{ type: 'native_item', item: { type: 'item_reference', id: 'msg_x' } }] }],
    };
    const error = thrownGatewayError(() => operation.encode(contextWith(ref), targetFor(PROVIDERS.get('anthropic')!)));
    expect(error.message).toContain("item_reference ('msg_x')");
    expect(error.message).toContain('send the item itself');
  });

  it('refuses Responses-only fields by name, except those that ask nothing without a Responses API', () => {
    const plain: ChatRequest = { model: 'a', stream: false, messages: hello };
    const error = thrownGatewayError(() => operation.encode(contextWith(plain, { truncation: 'auto' }), targetFor(PROVIDERS.get('groq')!)));
    expect(error).toMatchObject({ param: 'truncation', code: 'unsupported_parameter' });
    const body = bodyOf(
      operation.encode(contextWith(plain, { include: ['reasoning.encrypted_content'], max_tool_calls: 2 }), targetFor(PROVIDERS.get('groq')!)),
    );
    expect(body.include).toBeUndefined();
    expect(body.max_tool_calls).toBeUndefined();
    expect(bodyOf(operation.encode(contextWith(plain, { truncation: 'auto' }), targetFor(PROVIDERS.get('groq')!, ['truncation']))).truncation).toBeUndefined();
  });
});

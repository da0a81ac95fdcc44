/**
 * Builds a Provider for an OpenAI-compatible API from a few facts: its type, default base URL,
 * dialect and capabilities. OpenAI itself and every compatible vendor are presets of this.
 */
import type { EmbeddingsRequest } from '../../../core/types.js';
import type { HttpRequestSpec, Provider, ProviderCapabilities, ProviderSettings, UpstreamErrorInfo } from '../provider.js';
import { decodeChatBody } from './decode-response.js';
import { createOpenAIStreamDecoder } from './decode-stream.js';
import type { OpenAIDialect } from './dialect.js';
import { decodeEmbeddingsBody, encodeEmbeddingsBody } from './embeddings.js';
import { encodeChatBody } from './encode-request.js';
import { decodeOpenAIError } from './map-error.js';
import { createResponsesCodec } from '../openai-responses/codec.js';

/** Facts that define an OpenAI-compatible provider. */
export interface OpenAICompatiblePreset {
  type: string;
  displayName: string;
  defaultBaseUrl: string;
  requiredSettings: Provider['requiredSettings'];
  dialect: OpenAIDialect;
  capabilities: ProviderCapabilities;
  /**
   * URL for an operation; default `${baseUrl}/${path}` (the model travels in the body). Azure
   * overrides it; a request value put in the URL must go through pathSegment (url-path.ts).
   */
  url?(settings: ProviderSettings, path: 'chat/completions' | 'embeddings', model: string): string;
  /**
   * URL of the provider's native Responses API, for the providers that have one (OpenAI, Azure):
   * with it the provider gets a `responses` codec. May throw a GatewayError.
   */
  responsesUrl?(settings: ProviderSettings, model: string): string;
  /** Auth headers; default `Authorization: Bearer` when an api key is set. */
  authHeaders?(settings: ProviderSettings): Record<string, string>;
  /**
   * The dialect for encoding one request, when it depends on the model (xAI's reasoning models)
   * or on settings (Azure's api-version). Decoding always uses `dialect`.
   */
  dialectFor?(settings: ProviderSettings, model: string): OpenAIDialect;
  /** Embeddings request body; default OpenAI's. */
  embeddingsBody?(request: EmbeddingsRequest, settings: ProviderSettings): Record<string, unknown>;
  /** Error decoding; default OpenAI's (with the looser shapes compatible servers send). */
  decodeError?(status: number, headers: Record<string, string>, bodyText: string): UpstreamErrorInfo;
  /** Config-time checks of type-specific settings. */
  validateSettings?(settings: ProviderSettings): string | undefined;
}

function defaultAuthHeaders(settings: ProviderSettings): Record<string, string> {
  return settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {};
}

/** Creates the Provider object for a preset. */
export function createOpenAICompatibleProvider(preset: OpenAICompatiblePreset): Provider {
  const url = preset.url ?? ((settings, path) => `${settings.baseUrl}/${path}`);
  const authHeaders = preset.authHeaders ?? defaultAuthHeaders;
  const dialectFor = preset.dialectFor ?? (() => preset.dialect);
  const embeddingsBody = preset.embeddingsBody ?? encodeEmbeddingsBody;
  function post(settings: ProviderSettings, path: 'chat/completions' | 'embeddings', model: string, body: unknown): HttpRequestSpec {
    return {
      method: 'POST',
      url: url(settings, path, model),
      headers: { 'content-type': 'application/json', ...authHeaders(settings), ...settings.headers },
      body: JSON.stringify(body),
    };
  }
  return {
    type: preset.type,
    displayName: preset.displayName,
    defaultBaseUrl: preset.defaultBaseUrl,
    requiredSettings: preset.requiredSettings,
    capabilities: preset.capabilities,
    streamFraming: 'sse',
    chat: {
      encode: (request, settings) => post(settings, 'chat/completions', request.model, encodeChatBody(request, settings, dialectFor(settings, request.model))),
      decode: (body, settings) => decodeChatBody(body, settings.id, preset.dialect),
      createStreamDecoder: (settings) => createOpenAIStreamDecoder(settings.id, preset.dialect),
    },
    ...(preset.responsesUrl ? { responses: createResponsesCodec({ url: preset.responsesUrl, authHeaders }) } : {}),
    embeddings: preset.capabilities.embeddings
      ? {
          encode: (request, settings) => post(settings, 'embeddings', request.model, embeddingsBody(request, settings)),
          decode: (body, request, settings) => decodeEmbeddingsBody(body, request, settings.id),
        }
      : undefined,
    decodeError: preset.decodeError ?? decodeOpenAIError,
    ...(preset.validateSettings ? { validateSettings: preset.validateSettings } : {}),
  };
}

/** Capabilities of a full OpenAI-compatible API; presets override what they lack. */
export const FULL_CAPABILITIES: ProviderCapabilities = {
  chat: true,
  streaming: true,
  tools: true,
  parallelToolCalls: true,
  images: 'url',
  jsonObject: true,
  jsonSchema: true,
  reasoning: true,
  embeddings: true,
  seed: true,
  stop: true,
};

/**
 * The Provider contract. A provider is a set of pure codecs: canonical request → HTTP request
 * spec, HTTP response/stream frames → canonical response/events, upstream error → error info.
 * Providers never open sockets: transport sends what they describe. Signing (SigV4) and token
 * exchange (Vertex) are provider functions that receive the few tools they need.
 */
import type { ErrorCode } from '../../core/errors.js';
import type { ChatRequest, ChatResponse, EmbeddingsRequest, EmbeddingsResponse, StreamEvent } from '../../core/types.js';

/** An HTTP request a provider wants sent. body is already serialised. */
export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/**
 * Resolved settings of one configured provider (config `providers[]` entry), defaults applied.
 * Which fields matter depends on the type; see ARCHITECTURE.md section 5.
 */
export interface ProviderSettings {
  id: string;
  type: string;
  /** Always without a trailing slash. */
  baseUrl: string;
  apiKey?: string;
  /** Azure OpenAI api-version. */
  apiVersion?: string;
  /** Bedrock region / Vertex location. */
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** Vertex project id. */
  project?: string;
  location?: string;
  /** Vertex service-account key (parsed JSON). */
  credentials?: { client_email: string; private_key: string; token_uri?: string; project_id?: string };
  /** Vertex OAuth token endpoint override. */
  tokenUrl?: string;
  /** Extra headers sent on every request to this provider. */
  headers: Record<string, string>;
  /** Parameters to drop (instead of a 400) when this provider cannot honour them; '*' drops all. */
  dropParams: ReadonlySet<string>;
  /** Which API Chat Completions callers reach (config `api`): 'responses' uses the provider's Responses codec. */
  api?: 'chat' | 'responses';
}

/** What a provider can do; the conformance battery and docs read this. */
export interface ProviderCapabilities {
  chat: boolean;
  streaming: boolean;
  tools: boolean;
  parallelToolCalls: boolean;
  /** Images in user messages. 'url' = remote URLs accepted natively, 'inline' = must be base64. */
  images: 'url' | 'inline' | false;
  jsonObject: boolean;
  jsonSchema: boolean;
  reasoning: boolean;
  embeddings: boolean;
  seed: boolean;
  stop: boolean;
}

/** One framed message of an upstream stream: an SSE event or an AWS event-stream message. */
export interface StreamFrame {
  /** SSE `event:` field, or the AWS `:event-type` / `:exception-type` header. */
  event?: string;
  /** SSE data, or the AWS payload decoded as UTF-8. */
  data: string;
  /** AWS `:message-type`: event, exception or error. */
  messageType?: 'event' | 'exception' | 'error';
}

/** Turns a provider's stream frames into canonical events. One instance per stream. */
export interface StreamDecoder {
  /** Decode one frame. May throw GatewayError when the frame reports an upstream error. */
  push(frame: StreamFrame): StreamEvent[];
  /** Called when the upstream body ends; returns any events still held back. */
  end(): StreamEvent[];
}

/** What a provider extracted from an upstream error response. */
export interface UpstreamErrorInfo {
  message: string;
  /** The provider's error type/code string, if any. */
  type?: string;
  /** Seconds to wait before retrying, from the provider's own form (header or body). */
  retryAfterSeconds?: number;
  /** The standard HTTP status this error means, when the provider uses its own (Cohere's 498 = 401). */
  status?: number;
  /** Our error code, when more specific than the status implies (Azure's filtered prompt: content_filtered). */
  errorCode?: ErrorCode;
}

/** Tools handed to authorize(): a clock, a JSON fetcher for token endpoints, and a token cache. */
export interface AuthTools {
  now(): number;
  fetchJson(spec: HttpRequestSpec): Promise<{ status: number; body: unknown }>;
  /** Per-process cache keyed by the provider; entries expire at expiresAt (ms since epoch). */
  tokenCache: Map<string, { token: string; expiresAt: number }>;
}

/** The chat codec of a provider. */
export interface ChatCodec {
  /** What this codec can do, when it differs from the provider's capabilities (a Responses codec has no stop or seed). */
  capabilities?: ProviderCapabilities;
  /** Build the upstream request. Throws GatewayError (400) for parameters the provider cannot honour. */
  encode(request: ChatRequest, settings: ProviderSettings): HttpRequestSpec;
  /** Decode a 2xx JSON body. */
  decode(body: unknown, settings: ProviderSettings): ChatResponse;
  /** A fresh decoder for one streamed response. */
  createStreamDecoder(settings: ProviderSettings): StreamDecoder;
}

/** The embeddings codec of a provider. */
export interface EmbeddingsCodec {
  encode(request: EmbeddingsRequest, settings: ProviderSettings): HttpRequestSpec;
  /**
   * Decode a 2xx JSON body. headers (lower-cased response headers) are optional: some providers
   * report usage only in headers (Bedrock's x-amzn-bedrock-input-token-count for Cohere Embed).
   */
  decode(body: unknown, request: EmbeddingsRequest, settings: ProviderSettings, headers?: Record<string, string>): EmbeddingsResponse;
}

/** A provider type: its defaults, capabilities and codecs. */
export interface Provider {
  /** The config `type`, e.g. "openai", "anthropic". */
  type: string;
  /** Human name for docs. */
  displayName: string;
  /** What `base_url` defaults to (the official SDK's base URL). Empty when it must be configured. */
  defaultBaseUrl: string;
  /** Config fields this type requires (besides id/type), e.g. ["api_key"]; checked at load time. */
  requiredSettings: ReadonlyArray<keyof ProviderSettings>;
  capabilities: ProviderCapabilities;
  /** How the streamed body is framed. */
  streamFraming: 'sse' | 'aws-eventstream';
  /**
   * The stream states the input tokens before any content (Anthropic's message_start), as a usage
   * event right after start. Others report usage only at the end, so an ingress that must state
   * input tokens first (Anthropic's format) announces the gateway's estimate instead.
   */
  streamReportsInputTokensFirst?: boolean;
  chat: ChatCodec;
  /**
   * The provider's native OpenAI Responses API (`POST …/responses`), as a chat codec over the same
   * canonical form: OpenAI and Azure OpenAI have one. The Responses operation prefers it, so
   * built-in tools and encrypted reasoning survive; Chat Completions callers use it when the
   * provider is configured with `api: responses`.
   */
  responses?: ChatCodec;
  embeddings?: EmbeddingsCodec;
  /** Extract message, type and retry delay from an upstream error response. */
  decodeError(status: number, headers: Record<string, string>, bodyText: string): UpstreamErrorInfo;
  /**
   * Fills settings the config left unset from the provider's standard environment variables
   * (Bedrock reads AWS_REGION, AWS_ACCESS_KEY_ID, ... as the AWS SDKs do). Runs at config time.
   */
  settingsFromEnvironment?(settings: ProviderSettings, env: NodeJS.ProcessEnv): void;
  /** Checks type-specific settings at config time; returns a problem description or undefined. */
  validateSettings?(settings: ProviderSettings): string | undefined;
  /** Add credentials that need computation or I/O (SigV4, OAuth). Default: none needed. */
  authorize?(spec: HttpRequestSpec, settings: ProviderSettings, tools: AuthTools): Promise<HttpRequestSpec>;
}

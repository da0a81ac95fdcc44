/**
 * Canonical request, response and stream-event types. Every ingress format decodes into these
 * and every provider codec encodes from them, so a translation is always ingress→canonical→egress.
 * The shape follows OpenAI Chat Completions closely (the most common ingress) but names fields in
 * camelCase and makes every provider-neutral concept explicit (reasoning, cache tokens, images).
 */

/** A text fragment of a message. */
export interface TextPart {
  type: 'text';
  text: string;
  /** Anthropic-style prompt-cache breakpoint requested by the client; providers that lack it ignore it. */
  cacheControl?: { type: 'ephemeral'; ttl?: string };
}

/** An image, either a remote URL or inline base64 data. */
export interface ImagePart {
  type: 'image';
  /** Remote http(s) URL. Exactly one of url or data is set. */
  url?: string;
  /** Base64 data without the data: prefix. */
  data?: string;
  /** MIME type, e.g. image/png. Required with data. */
  mediaType?: string;
  /** OpenAI's detail hint. */
  detail?: 'auto' | 'low' | 'high';
}

/** Model reasoning ("thinking") carried back into a later turn, with the provider's signature. */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  /** Opaque signature (Anthropic thinking signature, Gemini thought signature). */
  signature?: string;
  /** Anthropic redacted_thinking data. */
  redactedData?: string;
  /**
   * OpenAI Responses reasoning item carried across turns: its id and its encrypted_content. Only
   * the OpenAI Responses codec sends these back; every other provider ignores them.
   */
  openaiReasoningId?: string;
  encryptedContent?: string;
}

/**
 * An OpenAI Responses output item the gateway does not model (a built-in tool's call and result:
 * web_search_call, file_search_call, code_interpreter_call, image_generation_call, mcp_*, ...),
 * carried verbatim so it survives a round trip to the OpenAI Responses API. Other providers
 * refuse it with 400 unsupported_parameter, or drop it under drop_params.
 */
export interface NativeItemPart {
  type: 'native_item';
  /** The item as OpenAI's wire format has it (snake_case, with its own `type`). */
  item: Record<string, unknown>;
}

/** Any content part of a message. */
export type ContentPart = TextPart | ImagePart | ReasoningPart | NativeItemPart;

/** A tool call made by the assistant. arguments is the raw JSON text, as OpenAI carries it. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
  /** Gemini thought signature attached to a functionCall part. */
  signature?: string;
}

/** System or developer instructions. */
export interface SystemMessage {
  role: 'system' | 'developer';
  content: TextPart[];
}

/** A user turn. */
export interface UserMessage {
  role: 'user';
  content: ContentPart[];
  name?: string;
}

/** An assistant turn: text, reasoning and tool calls. */
export interface AssistantMessage {
  role: 'assistant';
  content: ContentPart[];
  toolCalls?: ToolCall[];
  /** Refusal text, when the model refused (OpenAI). */
  refusal?: string;
}

/** The result of one tool call. */
export interface ToolMessage {
  role: 'tool';
  toolCallId: string;
  content: ContentPart[];
  /** Tool result reported as an error (Anthropic is_error). */
  isError?: boolean;
}

/** Any canonical message. */
export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** A function tool the model may call. parameters is a JSON Schema object. */
export interface ToolDefinition {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
  strict?: boolean;
  /** Prompt-cache breakpoint after this tool (Anthropic cache_control, Bedrock cachePoint); providers that lack it ignore it. */
  cacheControl?: { type: 'ephemeral'; ttl?: string };
  /**
   * Anthropic-only tool fields by their wire name (eager_input_streaming, defer_loading,
   * allowed_callers, input_examples): sent as they are to Anthropic, which takes them; hints that
   * every other provider leaves out, since they tune how Anthropic streams, loads or shows the tool.
   */
  anthropicExtras?: Record<string, unknown>;
}

/** How the model must use tools. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

/** Requested output format. */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict?: boolean; description?: string };

/** Reasoning effort levels shared by OpenAI (reasoning_effort) and mapped to budgets elsewhere. */
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high';

/** Reasoning request: an effort level or an explicit token budget (Anthropic/Gemini style). */
export interface ReasoningRequest {
  effort?: ReasoningEffort;
  budgetTokens?: number;
  /** Ask for a reasoning summary (OpenAI Responses reasoning.summary); providers without one ignore it. */
  summary?: 'auto' | 'concise' | 'detailed';
}

/** One alternative token at an output position, with its log-probability. */
export interface TokenAlternative {
  token: string;
  logprob: number;
  /** The token's UTF-8 bytes, when the provider reports them (a token can end mid-character). */
  bytes?: number[];
}

/** One output token's log-probability, with the most likely alternatives when they were asked for. */
export interface TokenLogprob extends TokenAlternative {
  /** The most likely tokens at this position (OpenAI top_logprobs), when asked. */
  top?: TokenAlternative[];
}

/** The canonical chat request. */
export interface ChatRequest {
  /** The model name as the provider should receive it (after routing). */
  model: string;
  messages: Message[];
  stream: boolean;
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  stop?: string[];
  temperature?: number;
  topP?: number;
  topK?: number;
  /** Maximum output tokens (max_tokens / max_completion_tokens / max_output_tokens). */
  maxTokens?: number;
  seed?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  reasoning?: ReasoningRequest;
  /** End-user id for abuse tracking (OpenAI user, Anthropic metadata.user_id). */
  user?: string;
  /** Whether the client asked to receive usage in the stream (OpenAI stream_options.include_usage). */
  includeUsageInStream?: boolean;
  /** Return the log-probability of each output token (OpenAI logprobs, Gemini responseLogprobs). */
  logprobs?: boolean;
  /** How many most likely alternatives to return per output token (0-20); set only with logprobs. */
  topLogprobs?: number;
  /** Token id (a decimal string, in the model's own tokenizer) → bias added to its logit, -100..100. */
  logitBias?: Record<string, number>;
  /** Processing tier in OpenAI's vocabulary (auto, default, flex, scale, priority, ...); providers map or refuse it. */
  serviceTier?: string;
  /** Expected output text the provider may reuse to answer faster (OpenAI Predicted Outputs, Mistral prediction). */
  prediction?: string;
  /** Key-value tags kept with the call (OpenAI metadata, Mistral metadata, Bedrock requestMetadata). */
  metadata?: Record<string, string>;
  /** Ask the provider to store the completion (OpenAI stored completions); false is everyone's default. */
  store?: boolean;
  /** How long the answer should be (OpenAI verbosity). */
  verbosity?: 'low' | 'medium' | 'high';
  /** Routing key for the provider's prompt cache (OpenAI, xAI, Mistral prompt_cache_key). */
  promptCacheKey?: string;
  /**
   * OpenAI-only fields, by their wire name (prompt_cache_retention, prompt_cache_options): they
   * mean nothing at any other provider and change nothing in the response's shape, so they travel
   * verbatim to the OpenAI dialects that take them and are refused by name everywhere else (the
   * prompt-cache hints are left out instead, providers/spec/params.ts CACHE_HINTS). A
   * typed field per vendor knob would widen the canonical format for one vendor only.
   */
  openaiExtras?: Record<string, unknown>;
  /**
   * OpenAI Responses built-in tools (web_search, file_search, code_interpreter, mcp, ...) by their
   * wire form. Only the OpenAI Responses codec sends them; other providers answer 400
   * unsupported_parameter, or drop them under drop_params.
   */
  builtinTools?: Record<string, unknown>[];
  /**
   * A stored prompt to call (the Responses API's `prompt`, and the same object as an extension on
   * chat completions and messages): the prepare phase renders its messages before the client's and
   * fills in its defaults, then clears this field, so providers never see it.
   */
  prompt?: PromptReference;
}

/** A reference to a stored prompt: its id, a version number or a label, and the values of its variables. */
export interface PromptReference {
  id: string;
  /** A version number as a string ("3") or a label ("production"); absent: the `production` label, else the latest version. */
  version?: string;
  variables?: Record<string, unknown>;
}

/** Why generation stopped, in OpenAI's vocabulary (the ingress encoders map it further). */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error';

/** Token usage. Input tokens include cached and cache-write tokens; output includes reasoning. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from the provider's prompt cache (a subset of inputTokens). */
  cachedInputTokens?: number;
  /** Input tokens written to the provider's prompt cache (a subset of inputTokens). */
  cacheWriteTokens?: number;
  /** Output tokens spent on reasoning (a subset of outputTokens). */
  reasoningTokens?: number;
}

/** The canonical non-streamed chat response (one choice). */
export interface ChatResponse {
  id: string;
  /** The upstream model that answered. */
  model: string;
  created: number;
  text: string;
  reasoning?: string;
  reasoningSignature?: string;
  /** Anthropic redacted thinking blocks, kept so they can be sent back. */
  redactedReasoning?: string[];
  refusal?: string;
  toolCalls: ToolCall[];
  finishReason: FinishReason;
  /** The provider's own stop reason, for logs (e.g. "end_turn", "MAX_TOKENS"). */
  nativeFinishReason?: string;
  /** The stop sequence that ended generation, when the provider reports it. */
  stopSequence?: string;
  usage: Usage;
  /** Log-probabilities of the output text's tokens, when asked for and returned. */
  logprobs?: TokenLogprob[];
  /** Log-probabilities of the refusal's tokens (OpenAI), when asked for and returned. */
  refusalLogprobs?: TokenLogprob[];
  /** The processing tier the provider says it used. */
  serviceTier?: string;
  /** The provider's backend configuration fingerprint (OpenAI system_fingerprint). */
  systemFingerprint?: string;
  /** OpenAI Responses reasoning item id and encrypted_content, to carry into a later turn. */
  openaiReasoningId?: string;
  encryptedReasoning?: string;
  /** OpenAI Responses items the gateway does not model (built-in tool calls), in output order before the message. */
  nativeItems?: Record<string, unknown>[];
}

/**
 * One event of a canonical stream. Providers emit these in order: start, then any mix of
 * text/reasoning/tool events, then finish and usage (either order), then nothing. A provider
 * that knows the input tokens early (Anthropic's message_start) may also emit a usage event right
 * after start: usage events are cumulative snapshots, and the last one is the final count.
 * Tool calls are indexed from 0 in order of first appearance; tool_call_start always precedes
 * the deltas of that index. A text event carries the log-probabilities of its own tokens, when
 * they were asked for (its text may then be empty: a token can end mid-character).
 */
export type StreamEvent =
  | { type: 'start'; id: string; model: string; created: number; serviceTier?: string; systemFingerprint?: string }
  | { type: 'text'; text: string; logprobs?: TokenLogprob[] }
  | { type: 'reasoning'; text: string }
  | { type: 'reasoning_signature'; signature: string }
  | { type: 'redacted_reasoning'; data: string }
  | { type: 'tool_call_start'; index: number; id: string; name: string; signature?: string }
  | { type: 'tool_call_delta'; index: number; arguments: string }
  | { type: 'finish'; reason: FinishReason; nativeReason?: string; stopSequence?: string }
  | { type: 'usage'; usage: Usage }
  /** OpenAI Responses: the reasoning item's id and encrypted_content, once known. */
  | { type: 'reasoning_encrypted'; id?: string; data: string }
  /** OpenAI Responses: a finished item the gateway does not model (a built-in tool call), verbatim. */
  | { type: 'native_item'; item: Record<string, unknown> };

/** The canonical embeddings request. */
export interface EmbeddingsRequest {
  model: string;
  input: string[];
  dimensions?: number;
  encodingFormat?: 'float' | 'base64';
  /** Cohere/Gemini style task hint; providers that need it default to document search. */
  inputType?: 'search_document' | 'search_query' | 'classification' | 'clustering';
  user?: string;
}

/** The canonical embeddings response. */
export interface EmbeddingsResponse {
  model: string;
  embeddings: number[][];
  usage: { inputTokens: number };
}

/** The API format a client spoke to us in. */
export type IngressFormat = 'openai' | 'anthropic' | 'openai-responses';

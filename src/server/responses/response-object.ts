/**
 * The Responses `response` object and its output items, shared by the JSON answer, the stream's
 * lifecycle events and what a store hook saves: the state of the answer plus the echo of the
 * request's settings, in the order OpenAI writes them.
 */
import type { TokenLogprob, ToolCall, Usage } from '../../core/types.js';
import { encodeOpenAITokenLogprobs } from '../openai/encode-response.js';

type Obj = Record<string, unknown>;

/** The request settings a response object repeats, with OpenAI's defaults filled in. */
export interface ResponsesEcho {
  instructions: string | null;
  max_output_tokens: number | null;
  max_tool_calls: number | null;
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  /** The stored prompt called, as the request named it (OpenAI echoes the same). */
  prompt: { id: string; variables: Obj | null; version: string | null } | null;
  prompt_cache_key: string | null;
  reasoning: { effort: string | null; summary: string | null };
  safety_identifier: string | null;
  service_tier: string;
  temperature: number;
  text: { format: Obj; verbosity: string };
  tool_choice: unknown;
  tools: Obj[];
  top_logprobs: number;
  top_p: number;
  truncation: string;
  user: string | null;
  metadata: Record<string, string>;
}

/** What stays the same in every response object of one exchange. */
export interface ResponseShell {
  id: string;
  /** Unix seconds. */
  createdAt: number;
  store: boolean;
  echo: ResponsesEcho;
}

/** A response's lifecycle state. */
export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** What changes between one response object and the next. */
export interface ResponseState {
  status: ResponseStatus;
  model: string;
  output: Obj[];
  usage?: Usage;
  incompleteReason?: 'max_output_tokens' | 'content_filter';
  error?: { code: string; message: string };
  /** The tier the provider says it used, when it says (else 'auto' asked is reported as 'default' once done, as OpenAI does). */
  serviceTier?: string;
  /** Unix seconds, once finished. */
  completedAt?: number;
}

/** Usage in the Responses API's own names. */
export function responsesUsage(usage: Usage) {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0, cache_write_tokens: usage.cacheWriteTokens ?? 0 },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** The response object. */
export function buildResponseObject(shell: ResponseShell, state: ResponseState): Obj {
  const echo = shell.echo;
  return {
    id: shell.id,
    object: 'response',
    created_at: shell.createdAt,
    status: state.status,
    background: false,
    completed_at: state.completedAt ?? null,
    error: state.error ?? null,
    incomplete_details: state.incompleteReason ? { reason: state.incompleteReason } : null,
    instructions: echo.instructions,
    max_output_tokens: echo.max_output_tokens,
    max_tool_calls: echo.max_tool_calls,
    model: state.model,
    output: state.output,
    parallel_tool_calls: echo.parallel_tool_calls,
    previous_response_id: echo.previous_response_id,
    prompt: echo.prompt,
    prompt_cache_key: echo.prompt_cache_key,
    reasoning: echo.reasoning,
    safety_identifier: echo.safety_identifier,
    service_tier: state.serviceTier ?? (state.status !== 'in_progress' && echo.service_tier === 'auto' ? 'default' : echo.service_tier),
    store: shell.store,
    temperature: echo.temperature,
    text: echo.text,
    tool_choice: echo.tool_choice,
    tools: echo.tools,
    top_logprobs: echo.top_logprobs,
    top_p: echo.top_p,
    truncation: echo.truncation,
    usage: state.usage ? responsesUsage(state.usage) : null,
    user: echo.user,
    metadata: echo.metadata,
  };
}

/** The output_text part of a message. */
export function outputTextPart(text: string, logprobs?: TokenLogprob[]): Obj {
  const part: Obj = { type: 'output_text', text, annotations: [] };
  if (logprobs) part.logprobs = encodeOpenAITokenLogprobs(logprobs);
  return part;
}

/** An assistant message item. */
export function messageItem(id: string, status: string, content: Obj[]): Obj {
  return { id, type: 'message', status, role: 'assistant', content };
}

/** A reasoning item: its text as one summary part, and the state to send back, when there is any. */
export function reasoningItem(id: string, text: string, encryptedContent?: string): Obj {
  const item: Obj = { id, type: 'reasoning', summary: text === '' ? [] : [{ type: 'summary_text', text }] };
  if (encryptedContent !== undefined) item.encrypted_content = encryptedContent;
  return item;
}

/** A function_call item. */
export function functionCallItem(id: string, status: string, call: Pick<ToolCall, 'id' | 'name' | 'arguments'>): Obj {
  return { id, type: 'function_call', status, arguments: call.arguments, call_id: call.id, name: call.name };
}

/** Why an answer is incomplete, from the canonical finish reason; undefined when it is whole. */
export function incompleteReasonOf(finish: string | undefined): ResponseState['incompleteReason'] {
  if (finish === 'length') return 'max_output_tokens';
  if (finish === 'content_filter') return 'content_filter';
  return undefined;
}

/**
 * Why an attempt failed, in the terms the dispatcher acts on: try again (here or elsewhere), try
 * another target but never this one again for this request, fall back to the alias configured for
 * the cause, or stop. Only failures that say nothing about the request itself are retried: never a
 * 400, 401, 403, 404 or 422, which every target would answer alike.
 */
import type { GatewayError } from '../core/errors.js';
import type { AttemptRecord } from '../pipeline/context.js';

/** What to do after a failed attempt. */
export type FailureCause =
  /** 429, 5xx, 529, timeouts, connection errors: retry with backoff, or move to the next target. */
  | 'retryable'
  /** This target cannot take the request (it failed to encode it): the next target may. */
  | 'unsuitable'
  /** The prompt is longer than the model's context window: the `context_window` fallback alias may serve it. */
  | 'context_window'
  /** The provider's content filter refused: the `content_filter` fallback alias may serve it. */
  | 'content_filter'
  /** Anything else (a client error, a cancelled request): answer it as is. */
  | 'final';

// Providers word "the prompt does not fit" differently; these are their documented phrasings.
const CONTEXT_WINDOW_TYPES = /context_length_exceeded|context_window_exceeded|string_above_max_length|model_context_window_exceeded/i;
const CONTEXT_WINDOW_WORDS =
  /maximum context length|context length|context window|prompt is too long|too many (input )?tokens|input token count.*exceeds|exceeds the maximum number of tokens|input is too long|reduce the length of the (messages|prompt)/i;

/** Whether an upstream client error says the prompt does not fit the model's context window. */
export function isContextWindowError(error: GatewayError): boolean {
  if (error.code !== 'upstream_bad_request' && error.upstreamStatus !== 413) return false;
  return (error.upstreamType !== undefined && CONTEXT_WINDOW_TYPES.test(error.upstreamType)) || CONTEXT_WINDOW_WORDS.test(error.message);
}

const RETRYABLE_CODES = new Set<string>([
  'upstream_rate_limited',
  'upstream_overloaded',
  'upstream_timeout',
  'upstream_unavailable',
  'upstream_invalid_response',
]);

/** Classifies a failed attempt. An aborted request is always final. */
export function failureCause(attempt: AttemptRecord | undefined, signal: AbortSignal): FailureCause {
  const error = attempt?.error;
  if (!error || signal.aborted || attempt?.cancelled) return 'final';
  if (attempt.stage === 'encode') return 'unsuitable';
  if (error.code === 'content_filtered') return 'content_filter';
  if (isContextWindowError(error)) return 'context_window';
  if (RETRYABLE_CODES.has(error.code)) return 'retryable';
  // upstream_error carries any other upstream status: only a 5xx (but 501, which will not change) is worth another try.
  const status = error.upstreamStatus ?? error.status;
  return status === 429 || (status >= 500 && status !== 501) ? 'retryable' : 'final';
}
